// A small test harness for the browser suite: starts the loopback test
// server with a temporary data folder, launches Debian's chromium through
// playwright-core, runs the named tests in order and prints a plain
// "N passed, N failed" line. Screenshots go to build/shots/.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const shotsDir = join(repoRoot, 'build', 'shots');

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--lang=ja-JP',
];

/**
 * startServer builds and starts kinko-webtest; resolves to { url, dataDir,
 * savedDir, restart, stop }. restart() stops the server and starts it again
 * on the same data folder, as closing and reopening the app does (the page
 * must then load server.url again: the port changes).
 */
export async function startServer() {
  const work = mkdtempSync(join(tmpdir(), 'kinko-e2e-'));
  const dataDir = join(work, 'home');
  const bin = join(work, 'kinko-webtest');
  await run('go', ['build', '-o', bin, './app/webtest/cmd/kinko-webtest'], { cwd: repoRoot });
  const spawnServer = () => {
    const child = spawn(bin, [join(repoRoot, 'frontend', 'dist')], {
      cwd: repoRoot,
      // HOME too: the wizard suggests a vault folder in the home folder, which
      // must be this run's temporary one.
      // Files "saved" through the app's save dialog land in savedDir.
      env: { ...process.env, KINKO_HOME: dataDir, HOME: work, KINKO_WEBTEST_SAVE_DIR: join(work, 'saved') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = new Promise((res, rej) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        const line = buf.split('\n')[0];
        if (buf.includes('\n')) res(line.trim());
      });
      child.on('exit', (code) => rej(new Error(`kinko-webtest exited with ${code}`)));
    });
    return { child, url };
  };
  let current = spawnServer();
  const server = {
    url: await current.url,
    dataDir,
    home: work,
    savedDir: join(work, 'saved'),
    restart: async () => {
      const old = current.child;
      const exited = new Promise((res) => old.on('exit', res));
      old.kill();
      await exited;
      current = spawnServer();
      server.url = await current.url;
    },
    stop: () => {
      current.child.kill();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return server;
}

function run(cmd, args, opts) {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { ...opts, stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * launch starts chromium with a fresh profile. Benchmarks (bench/scroll.mjs)
 * pass extra flags and a window size; the suite uses the defaults. Clicks
 * wait for their target to settle first (settle), unless settle is false.
 */
export async function launch({ args = [], viewport = { width: 1280, height: 800 }, settle: settleClicks = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'kinko-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...chromiumArgs, ...args],
    viewport,
    locale: 'ja-JP',
  });
  if (settleClicks) settleBeforeClicks(Object.getPrototypeOf(context.pages()[0].locator('body')));
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * settle waits until an element is where a user would click it: visible, no
 * animation running on it or on any element around it (antd's modals zoom in,
 * drawers slide), its box the same in two animation frames in a row, and it
 * (or something inside it) the topmost element at its centre. (No longer:
 * text that changes every 50 ms, such as a job's progress, would never stay.)
 * Playwright checks stability before it moves the mouse and the hit target
 * only at mousedown; a modal that is still growing moves its button between
 * mousedown and mouseup, and under load the click on 削除 landed on the メモ
 * field above it. Best effort: after timeout ms it returns and Playwright's
 * own checks decide.
 */
export async function settle(locator, timeout = 3_000) {
  try {
    await locator.waitFor({ state: 'visible', timeout });
    await locator.evaluate(async (el, timeout) => {
      const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
      const animating = () => {
        for (let n = el; n; n = n.parentElement) {
          if (n.getAnimations().some((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)) return true;
        }
        return false;
      };
      const onTop = (r) => {
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return !!hit && (hit === el || el.contains(hit) || !!hit.closest('label')?.contains(el));
      };
      const deadline = performance.now() + timeout;
      let last = '';
      let frames = 0;
      while (performance.now() < deadline) {
        await frame();
        const r = el.getBoundingClientRect();
        const box = `${r.x},${r.y},${r.width},${r.height}`;
        frames = box === last ? frames + 1 : 0;
        last = box;
        if (frames >= 1 && !animating() && onTop(r)) return;
      }
    }, timeout);
  } catch {
    // detached, hidden or ambiguous: Playwright's click reports it in its words
  }
}

/** settleBeforeClicks makes every locator click, check and uncheck settle first. */
function settleBeforeClicks(proto) {
  if (proto.__kinkoSettle) return;
  proto.__kinkoSettle = true;
  for (const name of ['click', 'dblclick', 'check', 'uncheck', 'setChecked']) {
    const original = proto[name];
    proto[name] = async function (...a) {
      if (!a.find((o) => o?.force || o?.trial)) await settle(this);
      return original.apply(this, a);
    };
  }
}

/**
 * runTests runs [name, fn, options?] triples (options go to makeCtx), prints
 * results and the summary line, returns the failure count.
 */
export async function runTests(tests, makeCtx) {
  mkdirSync(shotsDir, { recursive: true });
  // An earlier run's failure pictures would pass for this run's.
  for (const f of readdirSync(shotsDir)) if (f.startsWith('FAILED-')) rmSync(join(shotsDir, f));
  let passed = 0;
  let failed = 0;
  for (const [name, fn, options] of tests) {
    let ctx;
    const t0 = performance.now();
    const took = () => `(${((performance.now() - t0) / 1000).toFixed(1)} s)`;
    try {
      ctx = await makeCtx(options);
      try {
        await fn(ctx);
      } catch (e) {
        await ctx.page?.screenshot({ path: join(shotsDir, `FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => {});
        throw e;
      } finally {
        await ctx.close?.(); // may throw too: console errors fail the test
      }
      passed++;
      console.log(`  ✓ ${name} ${took()}`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${name} ${took()}\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
    }
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed;
}

/**
 * openPage opens a page that collects console errors, page errors and
 * failed responses (console messages matching ignore are expected ones);
 * its close() fails the test if there were any.
 */
export async function openPage(context, { ignore } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !(ignore && ignore.test(m.text())) && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  return {
    page,
    errors,
    close: async () => {
      await page.close();
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    },
  };
}

/** runSuite runs the tests, then closes the browser and the server, and exits with the result. */
export async function runSuite(tests, makeCtx, { server, close }) {
  let failed = 1;
  try {
    failed = await runTests(tests, makeCtx);
  } finally {
    await close();
    server.stop();
  }
  process.exit(failed === 0 ? 0 : 1);
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

/** The office every test works in; created once through the wizard. */
export const office = { name: '山田税理士事務所', login: 'yamada', userName: '山田 太郎', password: 'kinko-e2e-pass-1' };

/**
 * createVault goes through the first-run wizard as a new office would:
 * "create on this PC", the form, then the recovery sheet, which it checks,
 * optionally photographs (shots: { wizard, sheet } file paths) and confirms.
 * Returns the key groups shown on the sheet.
 */
export async function createVault(page, shots = {}) {
  await page.getByTestId('setup-wizard').waitFor();
  if (shots.wizard) await page.screenshot({ path: shots.wizard });
  await page.getByTestId('setup-create').click();
  await page.getByTestId('create-form').waitFor();
  const folder = await page.getByTestId('create-folder').inputValue();
  assert(folder.includes('KinkoVault'), `the wizard suggests a vault folder: ${folder}`);
  await page.getByTestId('create-name').fill(office.name);
  await page.getByTestId('create-username').fill(office.userName);
  await page.getByTestId('create-login').fill(office.login);
  await page.getByTestId('create-password').fill(office.password);
  await page.getByTestId('create-password2').fill(office.password);
  await page.getByTestId('create-handler').check();
  if (shots.form) await page.screenshot({ path: shots.form, fullPage: true });
  await page.getByTestId('create-submit').click();
  await page.getByTestId('recovery-sheet').waitFor();
  const groups = await page.getByTestId('recovery-group').allInnerTexts();
  assert((await page.getByTestId('recovery-qr').locator('svg path').count()) === 1, 'the sheet has the QR code');
  const date = await page.getByTestId('recovery-date').innerText();
  assert(/^令和(元|\d+)年\d+月\d+日$/.test(date), `the sheet is dated in the Japanese calendar: ${date}`);
  assert((await page.getByTestId('recovery-office').innerText()) === office.name, 'the sheet names the office');
  // Even a test vault's key stays out of artefacts: mask the key and its QR.
  if (shots.sheet) await page.screenshot({ path: shots.sheet, fullPage: true, mask: [page.getByTestId('recovery-groups'), page.getByTestId('recovery-qr')] });
  const done = page.getByTestId('sheet-done');
  assert(await done.isDisabled(), 'the wizard cannot finish before the sheet is confirmed');
  await page.getByTestId('sheet-stored').check();
  await done.click();
  await page.getByTestId('side-menu').waitFor();
  return groups;
}

/** login logs in on the login screen with a password. */
export async function login(page, loginName = office.login, password = office.password) {
  await page.getByTestId('login-screen').waitFor();
  await page.getByTestId(`login-user-${loginName}`).click();
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * openShell brings the page to the shell whatever the vault's phase: the
 * wizard on a fresh server, the login screen after a lock.
 */
export async function openShell(page) {
  await page.locator('[data-testid="side-menu"], [data-testid="setup-wizard"], [data-testid="login-screen"]').first().waitFor();
  if (await page.getByTestId('setup-wizard').isVisible()) await createVault(page);
  else if (await page.getByTestId('login-screen').isVisible()) await login(page);
  await page.getByTestId('side-menu').waitFor();
}
