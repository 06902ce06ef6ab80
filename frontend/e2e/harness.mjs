// A small test harness for the browser suite: starts the loopback test
// server with a temporary data folder, launches Debian's chromium through
// playwright-core, runs the named tests in order and prints a plain
// "N passed, N failed" line. Screenshots go to build/shots/.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const shotsDir = join(repoRoot, 'build', 'shots');

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--lang=ja-JP',
];

/** startServer builds and starts kinko-webtest; resolves to { url, dataDir, stop }. */
export async function startServer() {
  const work = mkdtempSync(join(tmpdir(), 'kinko-e2e-'));
  const dataDir = join(work, 'home');
  const bin = join(work, 'kinko-webtest');
  await run('go', ['build', '-o', bin, './app/webtest/cmd/kinko-webtest'], { cwd: repoRoot });
  const child = spawn(bin, [join(repoRoot, 'frontend', 'dist')], {
    cwd: repoRoot,
    env: { ...process.env, KINKO_HOME: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((res, rej) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const line = buf.split('\n')[0];
      if (buf.includes('\n')) res(line.trim());
    });
    child.on('exit', (code) => rej(new Error(`kinko-webtest exited with ${code}`)));
  });
  return {
    url,
    dataDir,
    stop: () => {
      child.kill();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

function run(cmd, args, opts) {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { ...opts, stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

/** launch starts chromium with a fresh profile. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'kinko-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    locale: 'ja-JP',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** runTests runs [name, fn] pairs, prints results and the summary line, returns the failure count. */
export async function runTests(tests, makeCtx) {
  mkdirSync(shotsDir, { recursive: true });
  let passed = 0;
  let failed = 0;
  for (const [name, fn] of tests) {
    let ctx;
    try {
      ctx = await makeCtx();
      try {
        await fn(ctx);
      } catch (e) {
        await ctx.page?.screenshot({ path: join(shotsDir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => {});
        throw e;
      } finally {
        await ctx.close?.(); // may throw too: console errors fail the test
      }
      passed++;
      console.log(`  ✓ ${name}`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${name}\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
    }
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}
