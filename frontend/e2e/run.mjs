// The browser end-to-end suite: the real frontend build in Debian's chromium,
// talking to the real Go services through app/webtest. Run from frontend/
// after `npm run build`: node e2e/run.mjs
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { assert, createVault, launch, login, office, openPage, openShell, runSuite, shotsDir, startServer } from './harness.mjs';

const server = await startServer();
const { context, close } = await launch();

/**
 * Every test gets a fresh page in Japanese with console errors collected.
 * By default it is on the shell: on a fresh server that means creating the
 * office's vault through the wizard, after a lock logging in. Tests of the
 * screens before the shell pass { shell: false }.
 */
async function makeCtx({ shell = true } = {}) {
  const ctx = await openPage(context);
  const { page } = ctx;
  await page.goto(server.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(server.url + '#/clients');
  await page.evaluate(() => window.__kinkoEventsReady);
  if (shell) await openShell(page);
  return ctx;
}

const menu = [
  ['clients', '顧客', 'Clients'],
  ['mynumber', 'マイナンバー', 'My Number'],
  ['backup', 'バックアップ', 'Backup'],
  ['share', '共有パッケージ', 'Share packages'],
  ['audit', 'アクセスログ', 'Access log'],
  ['users', 'ユーザーと権限', 'Users & access'],
  ['vault', '同期と検証', 'Sync & check'],
  ['settings', '設定', 'Settings'],
];

/** tallShot photographs the whole area: the shell scrolls inside, so the window is made tall. */
async function tallShot(page, name) {
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.querySelector('.ant-layout-content')?.scrollHeight ?? 800);
  await page.setViewportSize({ width: size.width, height: Math.min(2400, height + 140) });
  await page.screenshot({ path: join(shotsDir, name) });
  await page.setViewportSize(size);
}

/** pickOption chooses an option in the open antd Select dropdown. */
async function pickOption(page, text) {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
}

const tests = [
  ['first run: create a vault, see the recovery sheet with key groups, QR and 和暦 date, confirm, reach the shell', async ({ page }) => {
    await page.getByTestId('setup-wizard').waitFor();
    assert(await page.getByText('この PC に新しい金庫を作る').isVisible(), 'the wizard offers to create a vault');
    assert(await page.getByText('NAS などにある金庫に参加する').isVisible(), 'the wizard offers to join a vault');
    const groups = await createVault(page, {
      wizard: join(shotsDir, 'wizard-ja.png'),
      form: join(shotsDir, 'wizard-create-ja.png'),
      sheet: join(shotsDir, 'recovery-sheet-ja.png'),
    });
    assert(groups.length >= 10 && groups.every((g) => /^[0-9A-Z]{1,5}$/.test(g)), `key shown in groups of five: ${groups.length} groups`);
    assert((await page.getByTestId('header-user').innerText()).includes(office.userName), 'the header shows the logged-in user');
    const state = await page.evaluate(() => window.go.app.VaultService.State());
    assert(state.phase === 'open' && state.vault.name === office.name, `the vault is open: ${state.phase}`);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert(!stored.includes(groups[3]), 'the key is not in localStorage');
  }, { shell: false }],


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

  ['add a user, set a level in the matrix, mark a client 所長のみ', async ({ page }) => {
    await page.getByRole('menuitem', { name: 'ユーザーと権限' }).click();
    await page.getByTestId('area-users').waitFor();
    await page.getByTestId('users-add').click();
    await page.getByTestId('user-name').fill('佐藤 花子');
    await page.getByTestId('user-login').fill('sato');
    await page.getByTestId('user-password').fill('sato-e2e-pass-1');
    await page.getByTestId('user-password2').fill('sato-e2e-pass-1');
    await page.getByTestId('user-add-ok').click();
    await page.getByTestId('users-table').getByText('佐藤 花子').waitFor();
    assert((await page.getByTestId('user-fp-sato').innerText()).length > 8, 'the new user has a fingerprint');

    await page.getByTestId('matrix-add-client').click();
    await page.getByTestId('client-name').fill('さくら商事');
    await page.getByTestId('client-add-ok').click();
    const { clients } = await page.evaluate(() => window.go.app.VaultService.Matrix());
    assert(clients.length === 1, 'one client');
    const c = clients[0].id;
    const cell = page.getByTestId(`matrix-cell-sato-${c}`).first();
    await cell.waitFor();
    const chosen = () => cell.getByTestId('matrix-level').evaluate((s) => s.selectedOptions[0].textContent);
    assert((await chosen()) === '既定（閲覧のみ）' && (await cell.innerText()).includes('既定'), `sato starts at the default 閲覧のみ: ${await cell.innerText()}`);
    await cell.getByTestId('matrix-level').selectOption('edit');
    await page.waitForFunction((id) => {
      const el = document.querySelector(`[data-testid="matrix-cell-sato-${id}"]`);
      return el?.querySelector('select')?.value === 'edit' && el.textContent.includes('個別設定');
    }, c);
    // A controlled checkbox: it turns on when the vault has recorded the mark.
    await page.getByTestId(`matrix-owner-only-${c}`).first().click();
    await page.waitForFunction(async () => (await window.go.app.VaultService.Matrix()).clients[0].ownerOnly === true);
    await page.waitForFunction((id) => document.querySelector(`[data-testid="matrix-owner-only-${id}"]`)?.checked, c);
    const m = await page.evaluate(() => window.go.app.VaultService.Matrix());
    assert(m.explicit[m.users.find((u) => u.login === 'sato').id] === 'e', 'the level is stored in the vault');
    await page.mouse.move(0, 0);
    await page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').waitFor({ state: 'hidden' }).catch(() => {});
    await tallShot(page, 'users-matrix-ja.png');
  }],

  ['lock, a wrong password is refused in Japanese, the right one opens', async ({ page }) => {
    await page.getByTestId('header-lock').click();
    await page.getByTestId('login-screen').waitFor();
    assert((await page.getByTestId('login-vault-name').innerText()) === office.name, 'the login screen names the vault');
    assert((await page.getByTestId(`login-user-${office.login}`).getAttribute('aria-checked')) === 'true', 'the last user is preselected');
    assert(!(await page.getByTestId('login-idle-note').isVisible()), 'no idle note after a manual lock');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    assert((await error.innerText()).includes('ログイン名またはパスワードが違います'), `Japanese error: ${await error.innerText()}`);
    await page.screenshot({ path: join(shotsDir, 'login-ja.png') });
    // Failed logins are throttled with growing delays: wait it out if asked.
    for (let i = 0; i < 20; i++) {
      await page.getByTestId('login-password').fill(office.password);
      await page.getByTestId('login-submit').click();
      const out = await Promise.race([
        page.getByTestId('side-menu').waitFor().then(() => 'open'),
        page.getByText('秒お待ちください').waitFor().then(() => 'wait'),
      ]).catch(() => 'none');
      if (out === 'open') break;
      await page.waitForTimeout(1000);
    }
    await page.getByTestId('side-menu').waitFor();
    assert((await page.getByTestId('header-user').innerText()).includes(office.userName), 'logged in again');
  }],

  ['an idle lock from Go shows the login screen with a note', async ({ page }) => {
    // The Go side locks on idle or an OS lock and emits vault:state; the
    // screen must follow without a click. Lock through the service directly.
    await page.evaluate(() => window.go.app.VaultService.Lock());
    await page.getByTestId('login-idle-note').waitFor();
    assert((await page.getByTestId('login-idle-note').innerText()).includes('一定時間操作がなかったため'), 'the note explains the lock');
    await login(page);
    await page.getByTestId('side-menu').waitFor();
  }],

  ['the sync view shows this PC and checks the vault', async ({ page }) => {
    await page.getByRole('menuitem', { name: '同期と検証' }).click();
    await page.getByTestId('area-vault').waitFor();
    await page.getByTestId('sync-now').click();
    await page.getByTestId('sync-reachable').getByText('接続中').waitFor();
    const devices = page.getByTestId('sync-devices');
    await devices.getByText('この PC').waitFor();
    assert(/令和\d+|令和元/.test(await page.getByTestId('sync-last').innerText()), `last sync in 和暦: ${await page.getByTestId('sync-last').innerText()}`);
    assert((await page.getByTestId('status-sync').innerText()).includes('同期済み'), `status bar: ${await page.getByTestId('status-sync').innerText()}`);
    await page.getByTestId('verify-start').click();
    await page.getByTestId('verify-report').waitFor();
    assert((await page.getByTestId('verify-report').innerText()).includes('問題は見つかりませんでした'), 'a fresh vault checks clean');
    await page.getByTestId('verify-start').getByText('金庫を検証').waitFor(); // not left "checking"
    await tallShot(page, 'sync-ja.png');
  }],

  ['password change in settings', async ({ page }) => {
    await page.getByRole('menuitem', { name: '設定' }).click();
    await page.getByTestId('password-old').fill('wrong-old-password');
    await page.getByTestId('password-new-password').fill(office.password);
    await page.getByTestId('password-new-password2').fill(office.password);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').getByText('現在のパスワードが違います').waitFor();
    await page.getByTestId('password-old').fill(office.password);
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-done').waitFor();
    assert((await page.getByTestId('settings-idle').innerText()).includes('10 分'), 'idle lock minutes shown');
  }],

  ['clients: a wrong 法人番号 is refused under its field, the right one saves; a person; ﾔﾏﾀﾞ finds 山田', async ({ page }) => {
    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('area-clients').waitFor();
    await page.getByTestId('clients-add').click();
    await page.getByTestId('client-form').waitFor();
    await page.getByTestId('client-form-name').fill('株式会社あおば');
    await page.getByTestId('client-kana').fill('アオバ');
    await page.getByTestId('client-code').fill('A001');
    await page.getByTestId('client-corporate-number').fill('7000012050003');
    await page.getByTestId('client-phone').fill('03-1234-5678');
    await page.getByTestId('client-fiscal-month').click();
    await pickOption(page, '3月');
    await page.getByTestId('client-engaged-from').fill('R7.4.1');
    await page.getByTestId('client-engaged-from-read').getByText('令和7年4月1日（2025-04-01）').waitFor();
    await page.getByTestId('client-save').click();
    const fieldError = page.locator('.ant-form-item-explain-error').filter({ hasText: '法人番号の検査用数字が合いません' });
    await fieldError.waitFor();
    await page.getByTestId('client-corporate-number').fill('7000012050002');
    await page.getByTestId('client-save').click();
    await page.getByTestId('people-card').waitFor();
    const saved = await page.evaluate(() => window.go.app.ClientsService.Clients());
    const aoba = saved.find((c) => c.code === 'A001');
    assert(aoba && aoba.corporate_number === '7000012050002' && aoba.engaged_from === '2025-04-01' && aoba.fiscal_month === 3, `the client is stored: ${JSON.stringify(aoba)}`);

    await page.getByTestId('person-add').click();
    await page.getByTestId('person-name').fill('山田 太郎');
    await page.getByTestId('person-kana').fill('ヤマダ タロウ');
    await page.getByTestId('person-roles').getByRole('checkbox', { name: '従業員' }).check();
    await page.getByTestId('person-birth').fill('昭和55年4月1日');
    await page.getByTestId('person-joined').fill('2010/4/1');
    await page.getByTestId('person-save').click();
    const row = page.getByTestId('person-row-山田 太郎');
    await row.waitFor();
    await row.getByTestId('number-none').getByText('未登録').waitFor();
    assert((await row.innerText()).includes('昭和55年4月1日'), `birth in 和暦: ${await row.innerText()}`);
    await page.screenshot({ path: join(shotsDir, 'client-detail-ja.png') });
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('client-drawer').waitFor({ state: 'hidden' }).catch(() => {});

    await page.getByTestId('clients-search').fill('ﾔﾏﾀﾞ');
    const hit = page.getByTestId('search-hit').filter({ hasText: '山田 太郎' });
    await hit.waitFor();
    const text = await hit.innerText();
    assert(text.includes('ヤマダ') && text.includes('株式会社あおば'), `the hit shows the kana and the client: ${text}`);
    await page.getByTestId('clients-table').getByText('株式会社あおば').waitFor();
    await page.screenshot({ path: join(shotsDir, 'clients-list-ja.png') });
  }],

  ['My Number: typed twice, masked, revealed for a purpose and re-masked; erasure proposed, approved and recorded', async ({ page }) => {
    // A fake clock that runs normally, so the 30-second re-mask can be skipped.
    await page.clock.install();
    await page.reload();
    await openShell(page);
    const number = '123456789018';
    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('client-row-A001').click();
    const row = page.getByTestId('person-row-山田 太郎');
    await row.getByTestId('number-acquire').click();
    await page.getByTestId('acquire-form').waitFor();
    await page.getByTestId('acquire-purpose-withholding_slip').check();
    await page.getByTestId('acquire-purpose-dependents_declaration').check();
    await page.getByTestId('acquire-number').fill(number);
    await page.getByTestId('acquire-confirm').fill('123456789017');
    await page.getByTestId('acquire-number-doc').click();
    await pickOption(page, '個人番号カード');
    await page.getByTestId('acquire-method').click();
    await pickOption(page, '対面');
    assert((await page.getByTestId('acquire-verified-by').inputValue()) === office.login, 'checked by: the logged-in user');
    await page.getByTestId('acquire-ok').click();
    await page.getByTestId('acquire-error').getByText('検査用数字が合いません').waitFor();
    assert((await page.getByTestId('acquire-number').inputValue()) === '', 'the typed number is cleared after a refused submit');
    await page.getByTestId('acquire-number').fill(number);
    await page.getByTestId('acquire-confirm').fill(number);
    await page.screenshot({ path: join(shotsDir, 'mynumber-acquire-ja.png') });
    await page.getByTestId('acquire-ok').click();
    await page.getByTestId('acquire-form').waitFor({ state: 'detached' });
    await row.getByTestId('number-masked').getByText('**** **** 9018').waitFor();
    await row.getByTestId('number-registered').getByText('登録済み').waitFor();
    assert(!(await page.content()).includes(number), 'the number is not in the page');
    await page.screenshot({ path: join(shotsDir, 'mynumber-masked-ja.png') });

    await row.getByTestId('number-show').click();
    await page.getByTestId('number-reveal-ok').click();
    const revealed = row.getByTestId('number-revealed');
    await revealed.waitFor();
    assert((await revealed.innerText()).replace(/\s/g, '') === number, 'the revealed number is the one acquired');
    await page.clock.fastForward(31_000);
    await row.getByTestId('number-masked').waitFor();
    const html = await page.content();
    assert(!html.includes(number) && !html.includes('1234 5678 9018'), 'the number is gone from the page after the time is up');

    await row.getByTestId('number-propose').click();
    await page.getByTestId('propose-reason').click();
    await pickOption(page, '退職');
    await page.getByTestId('propose-ok').click();
    await row.getByTestId('number-pending').waitFor();
    await page.locator('.ant-drawer-close').click();

    await page.getByRole('menuitem', { name: 'マイナンバー' }).click();
    await page.getByTestId('area-mynumber').waitFor();
    const queue = page.getByTestId('erasures-pending');
    await queue.getByTestId('erasure-target').filter({ hasText: '山田 太郎' }).filter({ hasText: '株式会社あおば' }).waitFor();
    assert((await queue.innerText()).includes('株式会社あおば') && (await queue.innerText()).includes('退職'), `the queue names the client and the reason: ${await queue.innerText()}`);
    await page.screenshot({ path: join(shotsDir, 'erasure-queue-ja.png') });
    await queue.getByTestId('erasure-approve').click();
    await page.getByTestId('erasure-confirm-ok').click();
    const records = page.getByTestId('erasures-records');
    await records.getByTestId('erasure-target').filter({ hasText: '山田 太郎' }).filter({ hasText: '株式会社あおば' }).waitFor();
    assert(/令和\d+年/.test(await records.innerText()), `the record is dated in 和暦: ${await records.innerText()}`);
    await queue.getByText('承認待ちの申請はありません').waitFor();

    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('client-row-A001').click();
    await page.getByTestId('person-row-山田 太郎').getByTestId('number-none').waitFor();
  }],

  ['Filing export writes the numbers to a file, never to the page; the 管理台帳 is saved as PDF; people are deleted', async ({ page }) => {
    const number = '987654321018';
    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('client-row-A001').click();
    const row = page.getByTestId('person-row-山田 太郎');
    await row.getByTestId('number-acquire').click();
    await page.getByTestId('acquire-form').waitFor();
    await page.getByTestId('acquire-purpose-withholding_slip').check();
    await page.getByTestId('acquire-number').fill(number);
    await page.getByTestId('acquire-confirm').fill(number);
    await page.getByTestId('acquire-number-doc').click();
    await pickOption(page, '個人番号カード');
    await page.getByTestId('acquire-method').click();
    await pickOption(page, '対面');
    await page.getByTestId('acquire-ok').click();
    await row.getByTestId('number-registered').waitFor();

    // A person with a number cannot be deleted before its erasure.
    await row.getByTestId('person-edit').click();
    await page.getByTestId('person-delete').click();
    await page.getByTestId('person-delete-ok').click();
    await page.getByText('先に').first().waitFor();
    await page.getByRole('button', { name: /キャンセル/ }).last().click();

    await page.getByTestId('filing-open').click();
    await page.getByTestId('filing-purpose').click();
    await pickOption(page, '源泉徴収票');
    const people = page.getByTestId('filing-people');
    await people.getByText('**** **** 1018').waitFor();
    assert(!(await page.getByTestId('filing-save').isEnabled()), 'nothing is written before the warning is acknowledged');
    await page.getByTestId('filing-confirm').check();
    await page.screenshot({ path: join(shotsDir, 'filing-export-ja.png') });
    await page.getByTestId('filing-save').click();
    await page.getByText('1 人分を書き出しました').waitFor();
    const files = readdirSync(server.savedDir);
    const filing = files.find((f) => f.startsWith('提出用データ_A001_源泉徴収票_'));
    assert(filing, `the filing file is saved: ${files.join(', ')}`);
    const data = readFileSync(join(server.savedDir, filing));
    assert(data.includes(Buffer.from(number)), 'the filing file holds the number');
    assert((statSync(join(server.savedDir, filing)).mode & 0o077) === 0, 'the filing file is readable by its owner only');
    const html = await page.content();
    assert(!html.includes(number) && !html.includes('9876 5432 1018'), 'the number never reached the page');

    // A person without a number is deleted.
    await page.getByTestId('person-add').click();
    await page.getByTestId('person-name').fill('削除 予定');
    await page.getByTestId('person-roles').getByRole('checkbox', { name: '従業員' }).check();
    await page.getByTestId('person-save').click();
    const gone = page.getByTestId('person-row-削除 予定');
    await gone.waitFor();
    await gone.getByTestId('person-edit').click();
    await page.getByTestId('person-delete').click();
    await page.getByTestId('person-delete-ok').click();
    await gone.waitFor({ state: 'detached' });
    await page.locator('.ant-drawer-close').click();

    await page.getByRole('menuitem', { name: 'マイナンバー' }).click();
    const ledger = page.getByTestId('ledger-card');
    await ledger.getByTestId('ledger-held').getByText('1').waitFor();
    await ledger.getByTestId('ledger-files').getByText('株式会社あおば').waitFor();
    await tallShot(page, 'ledger-ja.png');
    await ledger.getByTestId('ledger-save-pdf').click();
    await page.getByText('保存しました').first().waitFor();
    const pdf = readdirSync(server.savedDir).find((f) => f.startsWith('特定個人情報管理台帳_') && f.endsWith('.pdf'));
    assert(pdf && readFileSync(join(server.savedDir, pdf)).subarray(0, 5).toString() === '%PDF-', 'the 管理台帳 is saved as a PDF');
  }],

  ['import: a CSV of two clients through the dialog (a column mapped by hand); a bad 郵便番号 blocks the whole file', async ({ page }) => {
    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('area-clients').waitFor();
    await page.getByTestId('clients-import').click();
    const modal = page.getByTestId('import-modal');
    await modal.locator('label').filter({ has: page.getByTestId('import-kind-people') }).click();
    await modal.getByTestId('import-no-mynumber').getByText('マイナンバー（個人番号）は取り込みません').waitFor();
    await modal.locator('label').filter({ has: page.getByTestId('import-kind-clients') }).click();
    const csv = 'コード,名称,フリガナ,種類,決算月,連絡先\r\nI001,いろは商店,イロハショウテン,法人,3,03-2222-3333\r\nI002,にほへ工務店,ニホヘコウムテン,個人事業主,12月,045-111-2222\r\n';
    await modal.getByTestId('import-file').setInputFiles({ name: 'clients.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await modal.getByTestId('import-file-name').getByText('clients.csv').waitFor();
    await modal.getByTestId('import-next').click();
    await modal.getByTestId('import-mapping').waitFor();
    const summary = await modal.getByTestId('import-summary').innerText();
    assert(summary.includes('UTF-8') && summary.includes('データ 2 行'), `detected encoding and rows: ${summary}`);
    assert((await modal.getByTestId('import-map-5').innerText()).includes('取り込まない'), 'an unknown title starts unmapped');
    assert((await modal.getByTestId('import-map-1').innerText()).includes('名称'), '名称 is guessed');
    await modal.getByTestId('import-map-5').click();
    await pickOption(page, '電話番号');
    await page.waitForFunction(() => document.querySelector('[data-testid="import-map-5"]')?.textContent?.includes('電話番号'));
    await modal.locator('[data-testid="import-next"]:not([disabled])').click();
    const preview = modal.getByTestId('import-preview');
    await preview.getByText('いろは商店').waitFor();
    const text = await preview.innerText();
    assert(text.includes('045-111-2222') && text.includes('個人事業主') && text.includes('12月'), `the re-previewed rows carry the hand-mapped phone: ${text}`);
    await modal.getByTestId('import-ready').waitFor();
    await page.screenshot({ path: join(shotsDir, 'import-preview-ja.png') });
    // 開示不能 for sato, set with the creation: the first keys never reach sato.
    await modal.getByTestId('import-hidden').click();
    await pickOption(page, '佐藤 花子（sato）');
    await modal.getByTestId('import-ready').click(); // closes the dropdown
    await modal.getByTestId('import-commit').click();
    await modal.getByTestId('import-done').getByText('2 件を取り込みました').waitFor();
    await modal.getByTestId('import-close').click();
    await page.getByTestId('client-row-I001').getByText('いろは商店').waitFor();
    await page.getByTestId('client-row-I002').getByText('にほへ工務店').waitFor();
    const saved = await page.evaluate(() => window.go.app.ClientsService.Clients());
    const iroha = saved.find((c) => c.code === 'I001');
    assert(iroha && iroha.phone === '03-2222-3333' && iroha.fiscal_month === 3 && iroha.kind === 'corporation', `stored: ${JSON.stringify(iroha)}`);
    const m = await page.evaluate(() => window.go.app.VaultService.Matrix());
    const sato = m.users.find((u) => u.login === 'sato').id;
    const imported = saved.filter((c) => c.code === 'I001' || c.code === 'I002');
    assert(imported.length === 2 && imported.every((c) => m.explicit[sato]?.[m.clients.findIndex((mc) => mc.id === c.id)] === 'h'), `sato is 開示不能 on both imported clients: ${JSON.stringify(m.explicit[sato])}`);

    await page.getByTestId('clients-import').click();
    const bad = 'コード,名称,郵便番号\nI003,ちりぬ商会,100-0001\nI004,をわか商事,12-345\n';
    await modal.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await modal.getByTestId('import-next').click();
    await modal.getByTestId('import-mapping').waitFor();
    await modal.getByTestId('import-next').click();
    const rowError = modal.getByTestId('import-row-error');
    await rowError.waitFor();
    const message = await rowError.innerText();
    assert(message === '3 行目「郵便番号」: 郵便番号は「123-4567」の形で入力してください。', `the row error names row and column: ${message}`);
    assert(await modal.getByTestId('import-commit').isDisabled(), '取り込む is disabled while a row has an error');
    assert((await modal.getByTestId('import-blocked').innerText()).includes('何も取り込みません'), 'all-or-nothing is explained');
    await page.screenshot({ path: join(shotsDir, 'import-errors-ja.png') });
    await modal.getByTestId('import-cancel').click();
    const after = await page.evaluate(() => window.go.app.ClientsService.Clients());
    assert(!after.some((c) => c.code === 'I003'), 'nothing of the bad file was written');
  }],

  ['access log: a reveal is listed with its purpose, traced per person, charted; a month is reviewed; the log verifies; a PDF is saved; staff are kept out', async ({ page }) => {
    // A reveal to find: 山田 太郎's number from the filing test.
    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('client-row-A001').click();
    const row = page.getByTestId('person-row-山田 太郎');
    await row.getByTestId('number-show').click();
    await page.getByTestId('number-reveal-ok').click();
    await row.getByTestId('number-revealed').waitFor();
    await row.getByTestId('number-hide').click();
    await row.getByTestId('number-masked').waitFor();
    await page.locator('.ant-drawer-close').click();

    await page.getByRole('menuitem', { name: 'アクセスログ' }).click();
    await page.getByTestId('area-audit').waitFor();
    const list = page.getByTestId('audit-list');
    const reveal = list.getByTestId('audit-row').filter({ hasText: '個人番号の表示' }).filter({ hasText: '山田 太郎（株式会社あおば）' }).first();
    await reveal.waitFor();
    assert((await reveal.innerText()).includes('源泉徴収票'), `the reveal shows its purpose: ${await reveal.innerText()}`);
    assert((await reveal.innerText()).includes(office.userName), 'the reveal names its user');
    assert(/令和\d+年/.test(await reveal.getByTestId('audit-time').innerText()), 'times are in 和暦');
    const failed = list.getByTestId('audit-row').filter({ hasText: 'ログイン失敗' }).first();
    await page.getByTestId('audit-filter-sensitive').click();
    await failed.waitFor({ state: 'detached' });
    await reveal.waitFor();
    await page.mouse.move(0, 0);
    await page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').waitFor({ state: 'hidden' }).catch(() => {});
    await tallShot(page, 'audit-list-ja.png');
    assert(!(await page.content()).includes('987654321018'), 'no My Number in the log viewer');

    await reveal.click();
    const drawer = page.getByTestId('audit-entry');
    await drawer.getByText('源泉徴収票').waitFor();
    await drawer.getByTestId('audit-entry-person').click();
    const record = page.getByTestId('audit-record');
    await record.getByTestId('audit-record-title').getByText('山田 太郎').waitFor();
    const touched = record.getByTestId('audit-touched');
    await touched.getByText(office.userName).waitFor();
    assert((await touched.innerText()).includes('個人番号の表示'), `who touched it and how: ${await touched.innerText()}`);
    await tallShot(page, 'audit-record-ja.png');
    await record.getByTestId('audit-incident-save-pdf').click();
    await page.getByText(/保存しました.*インシデント報告_\d+\.pdf/).first().waitFor();
    const incident = readdirSync(server.savedDir).find((f) => f.startsWith('インシデント報告_') && f.endsWith('.pdf'));
    assert(incident && readFileSync(join(server.savedDir, incident)).subarray(0, 5).toString() === '%PDF-', 'the incident report is a PDF');

    await page.getByRole('tab', { name: 'グラフ' }).click();
    const reveals = page.getByTestId('audit-chart-reveals');
    await reveals.getByText('源泉徴収票').first().waitFor();
    await page.getByTestId('audit-chart-daily').waitFor();
    await page.getByTestId('audit-chart-hours').waitFor();
    await tallShot(page, 'audit-charts-ja.png');

    await page.getByRole('tab', { name: 'タイムライン' }).click();
    await page.getByTestId('audit-timeline').getByText('個人番号の表示').first().waitFor();

    await page.getByRole('tab', { name: '月次点検' }).click();
    const review = page.getByTestId('audit-review');
    await review.getByTestId('audit-review-note').fill('異常なし（e2e）');
    await review.getByTestId('audit-review-confirm').click();
    await review.getByTestId('audit-review-history').getByText('異常なし（e2e）').waitFor();
    await review.getByTestId('audit-review-done').waitFor();
    await tallShot(page, 'audit-review-ja.png');

    await page.getByRole('tab', { name: '改ざん検証' }).click();
    await page.getByTestId('audit-verify-start').click();
    await page.getByTestId('audit-verify-ok').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shotsDir, 'audit-verify-ja.png') });

    await page.getByRole('tab', { name: '一覧' }).click();
    await page.getByTestId('audit-filter-sensitive').click();
    await list.getByTestId('audit-row').filter({ hasText: 'アクセスログの点検' }).first().waitFor();
    await page.getByTestId('audit-save-pdf').click();
    await page.getByText(/保存しました.*アクセスログ_\d+\.pdf/).first().waitFor();
    const pdf = readdirSync(server.savedDir).find((f) => f.startsWith('アクセスログ_') && f.endsWith('.pdf'));
    assert(pdf && readFileSync(join(server.savedDir, pdf)).subarray(0, 5).toString() === '%PDF-', 'the access log report is saved as a PDF');

    // In English every word of the area is translated (no raw key shows).
    await page.getByTestId('language-switch').getByText('English').click();
    for (const tab of ['List', 'Timeline', 'Charts', 'Per record', 'Monthly review', 'Tamper check']) await page.getByRole('tab', { name: tab }).waitFor();
    await list.getByTestId('audit-row').filter({ hasText: 'My Number revealed' }).first().waitFor();
    const english = await page.getByTestId('area-audit').innerText();
    assert(!/\b(audit|jobs|errors|purpose)\.[a-z]/.test(english), `no untranslated key: ${english.slice(0, 400)}`);
    assert(english.includes('Data out only') && english.includes('Withholding'), `filters and purposes in English: ${english.slice(0, 400)}`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(shotsDir, 'audit-list-en.png') });
    await page.getByTestId('language-switch').getByText('日本語').click();
    await page.getByRole('tab', { name: '一覧' }).waitFor();

    // A staff member is told who may read the log.
    await page.getByTestId('header-lock').click();
    await login(page, 'sato', 'sato-e2e-pass-1');
    await page.getByRole('menuitem', { name: 'アクセスログ' }).click();
    await page.getByTestId('audit-not-auditor').getByText('アクセスログは閲覧できません').waitFor();
    assert(!(await page.getByTestId('audit-list').isVisible()), 'no list for staff');
    await page.screenshot({ path: join(shotsDir, 'audit-not-auditor-ja.png') });
    await page.getByTestId('header-lock').click();
    await login(page);
  }],
];

await runSuite(tests, makeCtx, { server, close });
