// The browser end-to-end suite: the real frontend build in Debian's chromium,
// talking to the real Go services through app/webtest. Run from frontend/
// after `npm run build`: node e2e/run.mjs
import { join } from 'node:path';
import { assert, launch, runTests, shotsDir, startServer } from './harness.mjs';

const server = await startServer();
const { context, close } = await launch();

/** Every test gets a fresh page on the shell, Japanese, with console errors collected. */
async function makeCtx() {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(server.url + '#/clients');
  await page.getByTestId('side-menu').waitFor();
  await page.evaluate(() => window.__kinkoEventsReady);
  return {
    page,
    errors,
    close: async () => {
      await page.close();
      assert(errors.length === 0, `console errors: ${errors.join(' | ')}`);
    },
  };
}

const menu = [
  ['clients', '顧客', 'Clients'],
  ['mynumber', 'マイナンバー', 'My Number'],
  ['backup', 'バックアップ', 'Backup'],
  ['share', '共有パッケージ', 'Share packages'],
  ['audit', 'アクセスログ', 'Access log'],
  ['settings', '設定', 'Settings'],
];

const tests = [
  ['shell opens in Japanese with the real data folder and version', async ({ page }) => {
    for (const [, ja] of menu) await page.getByRole('menuitem', { name: ja }).waitFor();
    const status = await page.getByTestId('status-datadir').innerText();
    assert(status.includes('データ') && status.includes(server.dataDir), `status bar shows the data folder: ${status}`);
    assert((await page.getByTestId('status-version').innerText()).startsWith('v'), 'status bar shows the version');
    assert((await page.getByTestId('status-jobs').innerText()).includes('実行中の処理はありません'), 'no jobs at start');
    assert((await page.evaluate(() => document.documentElement.lang)) === 'ja', 'html lang is ja');
    await page.screenshot({ path: join(shotsDir, 'shell-ja.png') });
  }],

  ['every menu item opens its area and keeps it in the URL', async ({ page }) => {
    for (const [key, ja] of menu) {
      await page.getByRole('menuitem', { name: ja }).click();
      await page.getByTestId(`area-${key}`).waitFor();
      assert((await page.getByTestId('header-title').innerText()) === ja, `header shows ${ja}`);
      assert(page.url().endsWith(`#/${key}`), `url ends with #/${key}: ${page.url()}`);
    }
    await page.reload();
    await page.getByTestId('area-settings').waitFor();
    assert((await page.getByTestId('settings-datadir').innerText()).includes(server.dataDir), 'settings shows the data folder');
    await page.screenshot({ path: join(shotsDir, 'settings-ja.png') });
  }],

  ['language switch changes every label and is remembered', async ({ page }) => {
    await page.getByTestId('language-switch').getByText('English').click();
    for (const [, , en] of menu) await page.getByRole('menuitem', { name: en }).waitFor();
    assert((await page.getByTestId('status-jobs').innerText()).includes('No jobs running'), 'status bar in English');
    await page.reload();
    await page.getByRole('menuitem', { name: 'Clients' }).waitFor();
    assert((await page.evaluate(() => document.documentElement.lang)) === 'en', 'html lang is en after reload');
    await page.screenshot({ path: join(shotsDir, 'shell-en.png') });
    await page.getByTestId('language-switch').getByText('日本語').click();
    await page.getByRole('menuitem', { name: '顧客' }).waitFor();
  }],

  ['a long job shows progress and can be cancelled', async ({ page }) => {
    const id = await page.evaluate(() => window.go.app.Testing.StartCountdown(400, 50));
    await page.getByText('実行中の処理 1 件').waitFor();
    await page.getByTestId('status-jobs').click();
    const row = page.getByTestId(`job-${id}`);
    await row.waitFor();
    await row.locator('.ant-progress').waitFor();
    await page.waitForFunction((id) => {
      const t = document.querySelector(`[data-testid="job-${id}"]`)?.textContent ?? '';
      return /\d+ \/ 400/.test(t) && !t.includes(' 0 / 400');
    }, id);
    await page.screenshot({ path: join(shotsDir, 'job-progress-ja.png') });
    await row.getByTestId('job-cancel').click();
    await page.getByText('処理を取り消しました').waitFor();
    await page.getByTestId('status-jobs').getByText('実行中の処理はありません').waitFor();
    const jobs = await page.evaluate(() => window.go.app.Jobs.ListJobs());
    assert(jobs.length === 0, 'the registry has no running job after cancel');
  }],

  ['a finished job is announced', async ({ page }) => {
    await page.evaluate(() => window.go.app.Testing.StartCountdown(5, 20));
    await page.getByText('処理が完了しました').waitFor();
  }],

  ['errors from Go arrive as codes and are translated', async ({ page }) => {
    const err = await page.evaluate(() => window.go.app.Jobs.CancelJob('no-such-job').then(() => null, (e) => e));
    assert(JSON.parse(err).code === 'job.not_found', `CancelJob rejects with job.not_found: ${err}`);
  }],
];

let failed = 1;
try {
  failed = await runTests(tests, makeCtx);
} finally {
  await close();
  server.stop();
}
process.exit(failed === 0 ? 0 : 1);
