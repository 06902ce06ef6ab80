// Runs vitest and prints the plain "N passed, N failed" line CI reads,
// whatever vitest's own reporter prints. Exit code is vitest's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'kinko-vitest-'));
const out = join(dir, 'result.json');
// On a terminal vitest lists every file; in a log (make test, CI) a dot per
// test is enough: failures are printed in full either way.
const reporter = process.stdout.isTTY ? 'default' : 'dot';
const r = spawnSync('npx', ['vitest', 'run', `--reporter=${reporter}`, '--reporter=json', `--outputFile.json=${out}`], { stdio: 'inherit' });
let passed = 0;
let failed = 0;
try {
  const res = JSON.parse(readFileSync(out, 'utf8'));
  passed = res.numPassedTests;
  failed = res.numFailedTests + (res.numFailedTestSuites ?? 0);
} catch {
  failed = Math.max(failed, 1); // no report: the run itself broke
}
rmSync(dir, { recursive: true, force: true });
console.log(`vitest: ${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
