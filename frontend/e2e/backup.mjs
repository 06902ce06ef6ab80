// Browser tests of the バックアップ area (issue 13) against the real backend:
// the test server's BackupService with a real Kopia repository on a
// temporary "USB drive" folder. An administrator creates a plan, runs it,
// reads the history, browses a snapshot, restores a file into a new folder
// (byte for byte), is refused an existing target, and verifies.
// Run from frontend/ after `npm run build`: node e2e/backup.mjs
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assert, createVault, launch, login, openPage, openShell, runSuite, shotsDir, startServer } from './harness.mjs';

const server = await startServer();
const { context, close } = await launch(); // 1280×800

// The office's folder and the "USB drive", inside the server's temporary home.
const office = join(server.home, 'office', '会計データ');
const usb = join(server.home, 'usb', 'KinkoBackup');
const restored = join(server.home, 'restored');
const files = {
  '申告書.pdf': '%PDF-1.4 申告書 令和8年分\n'.repeat(200),
  '2026年度/決算.csv': '科目,金額\n売上高,12000000\n仕入高,7000000\n',
  '2026年度/顧問先一覧.xlsx': 'PK\u0003\u0004 not really a workbook '.repeat(50),
};
for (const [rel, text] of Object.entries(files)) {
  mkdirSync(join(office, rel, '..'), { recursive: true });
  writeFileSync(join(office, rel), text);
}
mkdirSync(join(server.home, 'usb'), { recursive: true });
mkdirSync(restored, { recursive: true });
// The test server answers the folder dialog from this file (app.FolderDialogs).
const folders = join(server.dataDir, 'folders.json');
function answerFolders(answers) {
  mkdirSync(server.dataDir, { recursive: true });
  writeFileSync(folders, JSON.stringify(answers));
}

/** The recovery sheet's key groups, as the office typed them from the sheet on a new PC. */
let recoveryGroups = [];

async function makeCtx({ bare = false } = {}) {
  if (bare) return {};
  const ctx = await openPage(context);
  const { page } = ctx;
  await page.goto(server.url);
  await page.locator('[data-testid="side-menu"], [data-testid="setup-wizard"], [data-testid="login-screen"]').first().waitFor();
  if (await page.getByTestId('setup-wizard').isVisible()) recoveryGroups = await createVault(page);
  await openShell(page);
  return ctx;
}

/** area opens the バックアップ area on a tab. */
async function area(page, tab) {
  await page.getByRole('menuitem', { name: /バックアップ|Backup/ }).click();
  await page.getByTestId('area-backup').waitFor();
  if (tab) {
    await page.getByRole('tab', { name: tab }).click();
  }
}

/** openSnapshot opens the newest snapshot of the office folder (the vault has its own). */
async function openSnapshot(page) {
  await area(page, '復元');
  const row = page.getByTestId('backup-snapshot-row').filter({ hasText: '会計データ' }).first();
  await row.waitFor({ timeout: 30_000 });
  await row.getByTestId('backup-snapshot-open').click();
  await page.getByTestId('backup-browser').waitFor();
  await page.getByTestId('backup-entries').getByText('申告書.pdf').waitFor();
}

const tests = [
  ['an administrator creates a plan on a temporary destination (chosen in the folder dialog)', async ({ page }) => {
    await area(page);
    await page.getByTestId('backup-no-plan').waitFor();
    await page.screenshot({ path: join(shotsDir, 'backup-empty-ja.png') });
    await page.getByTestId('backup-go-plans').click();
    await page.getByTestId('backup-plan-add').click();
    const form = page.getByTestId('backup-plan-form');
    await form.waitFor();
    await page.getByTestId('backup-plan-name').fill('事務所 USB');
    await page.getByTestId('backup-plan-add-source').click();
    await page.getByTestId('backup-plan-source-0').fill(office);
    answerFolders({ destination: usb });
    await page.getByTestId('backup-plan-dest-choose').click();
    await page.waitForFunction((usb) => document.querySelector('[data-testid="backup-plan-dest"]')?.value === usb, usb);
    await page.getByTestId('backup-plan-dest-label').fill('USB（BUFFALO）');
    await page.screenshot({ path: join(shotsDir, 'backup-plan-form-ja.png') });
    await page.getByTestId('backup-plan-save').click();
    await page.getByTestId('backup-plan').first().waitFor({ timeout: 60_000 });
    const card = await page.getByTestId('backup-plan').first().innerText();
    assert(card.includes('事務所 USB') && card.includes(office), `the plan lists its folder: ${card}`);
    assert(card.includes('接続中'), `the destination is attached: ${card}`);
    assert(existsSync(join(usb, 'kinko-backup.json')), 'the destination has its marker');
    assert(existsSync(join(usb, 'repo-password.age')), 'and the wrapped password');
  }],

  ['runs the plan with its progress, then the status, the status bar and the history show it', async ({ page }) => {
    await area(page, '状況');
    const run = page.getByTestId('backup-run-now');
    await run.click();
    // The run shows a progress bar and cancel while it lasts (it may be quick).
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="backup-run-now"]');
      return b && !b.disabled;
    }, null, { timeout: 120_000 });
    const card = page.getByTestId('backup-plan-status').first();
    await card.locator('[data-testid="backup-level"][data-level="ok"]').waitFor({ timeout: 30_000 });
    const days = await card.getByTestId('backup-days').innerText();
    assert(days === '今日', `days since the last backup: ${days}`);
    const last = await card.getByTestId('backup-last-success').innerText();
    assert(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/.test(last), `the last success in Japanese: ${last}`);
    const bar = page.getByTestId('status-backup');
    assert((await bar.getAttribute('data-level')) === 'ok' && (await bar.innerText()).includes('バックアップ済み'), 'the status bar says backed up');
    await page.screenshot({ path: join(shotsDir, 'backup-status-ja.png') });

    await page.getByRole('tab', { name: '履歴' }).click();
    const history = page.getByTestId('backup-history');
    await history.getByTestId('backup-history-at').first().waitFor();
    // The watcher may have run the new plan too: the run asked for is the newest.
    const rows = await history.getByTestId('backup-history-at').count();
    assert(rows >= 1, `the run is in the history: ${rows}`);
    const filesText = await history.getByTestId('backup-history-files').first().innerText();
    assert(Number(filesText.replace(/,/g, '')) >= 3, `the run covered the office's files: ${filesText}`);
    const result = await history.getByTestId('backup-result').first().getAttribute('data-result');
    assert(result === 'ok', `the run succeeded: ${result}`);
    await page.screenshot({ path: join(shotsDir, 'backup-history-ja.png') });
  }],

  ['browses a snapshot and restores one file into a new folder, byte for byte', async ({ page }) => {
    await openSnapshot(page);
    await page.screenshot({ path: join(shotsDir, 'backup-browse-ja.png') });
    await page.getByTestId('backup-entries').getByTestId('backup-entry-dir').filter({ hasText: '2026年度' }).click();
    await page.getByTestId('backup-entries').getByText('決算.csv').waitFor();
    const crumbs = await page.getByTestId('backup-breadcrumb').innerText();
    assert(crumbs.includes('2026年度'), `the breadcrumb shows the folder: ${crumbs}`);
    // The user makes a new folder in the OS folder dialog and picks it; the
    // restored file's name is added to it.
    const newFolder = join(restored, '新しいフォルダ');
    mkdirSync(newFolder);
    answerFolders({ restore: newFolder });
    const target = join(newFolder, '決算.csv');
    const row = page.getByTestId('backup-entries').locator('.ant-table-row').filter({ hasText: '決算.csv' }).first();
    await row.getByTestId('backup-entry-restore').click();
    await page.getByTestId('backup-restore-target-choose').click();
    await page.waitForFunction((target) => document.querySelector('[data-testid="backup-restore-target"]')?.value === target, target);
    await page.getByTestId('backup-restore-ok').click();
    await page.getByTestId('backup-restore-ok-result').waitFor({ timeout: 60_000 });
    const got = readFileSync(target, 'utf8');
    assert(got === files['2026年度/決算.csv'], 'the restored file is the original, byte for byte');
    await page.screenshot({ path: join(shotsDir, 'backup-restored-ja.png') });
  }],

  ['restores a whole folder, and refuses an existing target without touching it', async ({ page }) => {
    await openSnapshot(page);
    const folder = join(restored, '会計データ-復元');
    await page.getByTestId('backup-restore-folder').click();
    await page.getByTestId('backup-restore-target').fill(folder);
    await page.getByTestId('backup-restore-ok').click();
    await page.getByTestId('backup-restore-ok-result').waitFor({ timeout: 60_000 });
    for (const [rel, text] of Object.entries(files)) assert(readFileSync(join(folder, rel), 'utf8') === text, `restored ${rel} byte for byte`);

    // The same target again: refused, and what is there stays as it was.
    writeFileSync(join(folder, '申告書.pdf'), 'changed after the restore');
    await page.getByTestId('backup-restore-folder').click();
    await page.getByTestId('backup-restore-target').fill(folder);
    await page.getByTestId('backup-restore-ok').click();
    const refused = page.getByTestId('backup-restore-exists');
    await refused.waitFor({ timeout: 60_000 });
    const text = await refused.innerText();
    assert(text.includes('すでに存在するため、復元しませんでした') && text.includes('上書きはしません'), `the refusal is clear: ${text}`);
    assert(readFileSync(join(folder, '申告書.pdf'), 'utf8') === 'changed after the restore', 'the existing folder was not overwritten');
    assert(readdirSync(folder).length === 2, `nothing was added to the existing folder: ${readdirSync(folder)}`);
    await page.screenshot({ path: join(shotsDir, 'backup-restore-exists-ja.png') });
  }],

  ['verifies the destination in full', async ({ page }) => {
    await area(page, '検証');
    await page.getByTestId('backup-verify-full').click();
    await page.getByTestId('backup-verify-ok').waitFor({ timeout: 120_000 });
    const text = await page.getByTestId('backup-verify-report').innerText();
    assert(text.includes('壊れたファイルはありませんでした'), `the verify found nothing damaged: ${text}`);
    await page.screenshot({ path: join(shotsDir, 'backup-verify-ja.png') });
  }],

  ['shows the area in English', async ({ page }) => {
    await area(page, '状況');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('tab', { name: 'Status' }).waitFor();
    const card = await page.getByTestId('backup-plan-status').first().innerText();
    assert(card.includes('Back up now') && card.includes('Today'), `the status in English: ${card}`);
    assert(!/[\u3040-\u30ff]/.test(await page.getByTestId('backup-tabs').locator('.ant-tabs-nav').innerText()), 'the tabs are in English');
    await page.screenshot({ path: join(shotsDir, 'backup-status-en.png') });
    await page.getByTestId('language-switch').getByText('日本語').click();
    await page.getByRole('tab', { name: '状況' }).waitFor();
  }],
  ['on a new PC with only the installer, the drive and the recovery sheet: restore, then log in', async () => {
    assert(recoveryGroups.length > 0, 'the first test kept the recovery sheet');
    const fresh = await startServer();
    const ctx = await openPage(context);
    const { page } = ctx;
    try {
      await page.goto(fresh.url);
      await page.getByTestId('setup-wizard').waitFor();
      await page.getByTestId('setup-restore').click();
      await page.getByTestId('newpc-dest').fill(usb);
      await page.getByTestId('newpc-inspect').click();
      const found = await page.getByTestId('newpc-found').innerText();
      assert(found.includes('USB（BUFFALO）'), `the marker is shown: ${found}`);
      await page.getByTestId('newpc-key').fill(recoveryGroups.join(' '));
      assert((await page.getByTestId('newpc-key').getAttribute('type')) === 'password', 'the key is typed into a password field');
      await page.getByTestId('newpc-vault-target').fill(join(fresh.home, 'Kinko', '金庫'));
      await page.screenshot({ path: join(shotsDir, 'backup-newpc-ja.png'), mask: [page.getByTestId('newpc-key')] });
      await page.getByTestId('newpc-start').click();
      await page.getByTestId('newpc-done').waitFor({ timeout: 180_000 });
      await page.getByTestId('newpc-login').click();
      await login(page);
      await page.getByTestId('side-menu').waitFor();
      assert(existsSync(join(fresh.home, 'Kinko', '金庫')), 'the vault is where the office put it');
      const stored = await page.evaluate(() => JSON.stringify(localStorage));
      assert(!stored.includes(recoveryGroups[3]), 'the key is not in localStorage');
    } finally {
      await ctx.close();
      fresh.stop();
    }
  }, { bare: true }],
];

await runSuite(tests, makeCtx, { server, close });
