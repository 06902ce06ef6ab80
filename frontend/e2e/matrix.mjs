// Browser tests of the permission matrix at office scale (issue 15): the
// real frontend build in Debian's chromium, the real Go services behind it
// (app/webtest), a vault of 10,000 clients imported through the app's own
// import job. The matrix must stay usable: only the rows in view are in the
// DOM, scrolling anywhere shows rows in the same frame (no blank frames),
// typing in the search box loses no keystroke and finds one client among
// 10,000, filters narrow the rows, ticking the clients shown and setting a
// level changes all of them in one change (checked in the vault and in the
// access log: one entry per client), and a user's default applies to new
// clients while the existing ones keep theirs. Timings are not asserted:
// they belong to benchmarks (bench/README.md); this checks behaviour.
// Run from frontend/ after `npm run build`: node e2e/matrix.mjs [--clients N]
import { join } from 'node:path';
import { assert, launch, openPage, openShell, runSuite, shotsDir, startServer } from './harness.mjs';

const n = Number(process.argv[process.argv.indexOf('--clients') + 1]) || 10_000;
const server = await startServer();
const { context, close } = await launch({ viewport: { width: 1440, height: 900 } });

const forms = ['株式会社', '有限会社', '合同会社'];
const words = ['さくら', 'あおば', 'みなと', 'ひかり', '山田', '鈴木', '高橋', '東海', '北斗', '大和', '富士', '青葉', '緑川'];
const trades = ['商事', '工業', '建設', '物産', '食品', '運輸', '電機', '不動産', '商店', '薬局', '設計'];

/** officeCsv is n invented corporations, each name unique by its number. */
function officeCsv(count) {
  const lines = ['コード,名称,種類'];
  for (let i = 1; i <= count; i++) {
    lines.push(`M${String(i).padStart(5, '0')},${forms[i % 3]}${words[i % words.length]}${trades[Math.floor(i / words.length) % trades.length]}${i}号,法人`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** call runs a bound Go method from the page, as the window does. */
const call = (page, svc, method, ...args) => page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [svc, method, args]);

let seeded = false;
/** The clients seed marked 所長のみ. */
let ownerOnly = [];

/** seed imports the office's clients through the import job, adds 佐藤 (一般職員, 閲覧のみ) and marks five clients 所長のみ. */
async function seed(page) {
  const data = Buffer.from(officeCsv(n), 'utf8').toString('base64');
  const preview = await call(page, 'ClientsService', 'ImportPreview', 'clients', 'clients.csv', data, 'auto', null);
  assert(preview.errors == null || preview.errors.length === 0, `the file is accepted: ${JSON.stringify(preview.errors?.slice(0, 3))}`);
  const job = await call(page, 'ClientsService', 'ImportCommit', preview.token, false, []);
  await page.waitForFunction(async (id) => !(await window.go.app.Jobs.ListJobs()).some((j) => j.id === id), job, { timeout: 900_000, polling: 1000 });
  await call(page, 'VaultService', 'AddUser', { login: 'sato', name: '佐藤 花子', password: 'sato-e2e-pass-1', role: 'staff', default: 'read', handler: false });
  const m = await call(page, 'VaultService', 'Matrix');
  assert(m.clients.length === n, `${n} clients imported: ${m.clients.length}`);
  ownerOnly = m.clients.slice(0, 5).map((c) => c.id);
  for (const id of ownerOnly) await call(page, 'VaultService', 'SetOwnerOnly', id, true);
  seeded = true;
}

async function makeCtx() {
  const ctx = await openPage(context);
  const { page } = ctx;
  await page.goto(server.url);
  await openShell(page);
  if (!seeded) await seed(page);
  await page.getByRole('menuitem', { name: 'ユーザーと権限' }).click();
  await page.getByTestId('matrix').waitFor({ timeout: 120_000 });
  return ctx;
}

const countText = (page) => page.getByTestId('matrix-count').innerText();
const rowsInDom = (page) => page.locator('[data-testid^="matrix-row-"]').count();
const satoId = async (page) => (await call(page, 'VaultService', 'Matrix')).users.find((u) => u.login === 'sato').id;

/** search types q into the search box key by key, as a user does. */
async function search(page, q) {
  const box = page.getByTestId('matrix-search').locator('input').or(page.locator('input[data-testid="matrix-search"]')).first();
  await box.fill('');
  await box.pressSequentially(q);
  assert((await box.inputValue()) === q, `no keystroke lost while the list follows: ${await box.inputValue()}`);
}

/** pickOption chooses an option in the open antd Select dropdown. */
async function pickOption(page, text) {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
}

const tests = [
  [`shows ${n} clients, with only the rows in view in the page`, async ({ page }) => {
    assert((await countText(page)) === `${n} 件を表示（全 ${n} 件）`, `the count: ${await countText(page)}`);
    const inDom = await rowsInDom(page);
    assert(inDom > 5 && inDom < 100, `a few dozen rows in the DOM, not ${n}: ${inDom}`);
    await page.screenshot({ path: join(shotsDir, 'matrix-10k-ja.png') });
  }],

  ['scrolls through every client without a blank frame', async ({ page }) => {
    // Each animation frame moves the view by 40 rows (a dragged scroll bar),
    // from top to bottom; in the next frame the row under the view's centre
    // must be drawn. A blank frame is one where it is not.
    const res = await page.evaluate(async () => {
      const grid = document.querySelector('[data-testid="matrix"]');
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      grid.scrollIntoView({ block: 'start' });
      await frame();
      const box = grid.getBoundingClientRect();
      const x = box.left + 200;
      const y = box.top + Math.min(box.height, grid.clientHeight) / 2 + 20;
      let blank = 0;
      let frames = 0;
      let maxRows = 0;
      for (let top = 0; top < grid.scrollHeight - grid.clientHeight; top += 40 * 46) {
        grid.scrollTop = top;
        await frame();
        frames++;
        const hit = document.elementFromPoint(x, y);
        if (!hit?.closest('[data-testid^="matrix-row-"]')) blank++;
        maxRows = Math.max(maxRows, grid.querySelectorAll('[data-testid^="matrix-row-"]').length);
      }
      grid.scrollTop = grid.scrollHeight;
      await frame();
      await frame();
      const last = Math.max(...[...grid.querySelectorAll('[data-testid^="matrix-row-"]')].map((r) => parseInt(r.style.top, 10)));
      return { blank, frames, maxRows, last };
    });
    assert(res.frames >= Math.floor(n / 40) - 1, `the sweep crossed the list: ${res.frames} frames`);
    assert(res.blank === 0, `${res.blank} of ${res.frames} frames showed no row under the view`);
    assert(res.maxRows < 100, `rows in the DOM stay few while scrolling: ${res.maxRows}`);
    assert(res.last === (n - 1) * 46, `the last client is reached: row at ${res.last}`);
    // The mouse wheel, as a user spins it.
    const grid = page.getByTestId('matrix');
    await grid.hover();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => {
      const g = document.querySelector('[data-testid="matrix"]');
      const b = g.getBoundingClientRect();
      return !!document.elementFromPoint(b.left + 200, b.top + 120)?.closest('[data-testid^="matrix-row-"]');
    });
  }],

  ['finds one client among them as the name is typed, and filters', async ({ page }) => {
    const k = Math.min(4242, n - 7);
    await search(page, `${forms[k % 3]}${words[k % words.length]}`);
    await search(page, `${k}号`);
    await page.waitForFunction(() => document.querySelector('[data-testid="matrix-count"]')?.textContent?.startsWith('1 件を表示'));
    const row = page.locator('[data-testid^="matrix-client-"]');
    assert((await row.count()) === 1 && (await row.innerText()).endsWith(`${k}号`), `the client found: ${await row.allInnerTexts()}`);
    await search(page, 'ｻｸﾗ'); // half-width katakana finds さくら
    await page.waitForFunction(() => !document.querySelector('[data-testid="matrix-count"]')?.textContent?.startsWith('1 件'));
    const sakura = await countText(page);
    assert(/^\d+ 件/.test(sakura) && Number(sakura.split(' ')[0]) > n / 20, `さくら in ${sakura}`);
    await page.getByTestId('matrix-clear-filters').click();
    await page.getByTestId('matrix-filter-owner').click();
    await pickOption(page, '所長のみの顧問先だけ');
    await page.waitForFunction(() => document.querySelector('[data-testid="matrix-count"]')?.textContent?.startsWith('5 件を表示'));
    await page.getByTestId('matrix-clear-filters').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="matrix-count"]')?.textContent?.startsWith(`${n} 件`), n);
  }],

  ['shows a bulk change of every client in progress, and a cancel changes nothing', async ({ page }) => {
    const sato = await satoId(page);
    const before = await call(page, 'VaultService', 'Matrix');
    await page.getByTestId('matrix-select-all').check();
    assert((await page.getByTestId('matrix-selected-count').innerText()) === `${n} 件を選択中`, 'every client is ticked');
    await page.getByTestId('matrix-bulk-user').click();
    await pickOption(page, '佐藤 花子');
    await page.getByTestId('matrix-bulk-level').click();
    await pickOption(page, '開示不能');
    await page.getByTestId('matrix-bulk-apply').click();
    await page.getByTestId('matrix-bulk-ok').click();
    // A new key for each client 佐藤 leaves: seconds at this size (1–2 ms a
    // client), with a bar and a cancel button, pressed as soon as it shows.
    const bar = page.getByTestId('matrix-bulk-progress');
    await bar.waitFor({ timeout: 60_000 });
    await page.getByTestId('matrix-bulk-cancel').click({ timeout: 5_000 });
    await page.getByTestId('matrix-bulk-canceled').waitFor({ timeout: 120_000 });
    assert((await bar.count()) === 0, 'the bar goes when the job ends');
    const after = await call(page, 'VaultService', 'Matrix');
    assert(after.explicit[sato] === before.explicit[sato] && after.levels[sato] === before.levels[sato], 'a cancelled change leaves every level as it was');
    const log = await call(page, 'LogService', 'Query', { filter: { actions: ['revoke'] }, offset: 0, limit: 5, newestFirst: true });
    const e = log.entries[0];
    assert(e && e.target === `user/${sato}` && e.result !== 'ok' && e.detail.includes(`asked=${n} changed=0`), `one entry says the change was cancelled: ${JSON.stringify(e)}`);
    await page.getByTestId('matrix-clear-selection').click();
  }],

  ['sets a level on the clients shown, in one change, logged per client', async ({ page }) => {
    await search(page, '薬局');
    await page.waitForFunction((n) => !document.querySelector('[data-testid="matrix-count"]')?.textContent?.startsWith(`${n} `), n);
    const shown = Number((await countText(page)).split(' ')[0]);
    assert(shown > 10 && shown < n, `some clients shown: ${shown}`);
    await page.getByTestId('matrix-select-all').check();
    assert((await page.getByTestId('matrix-selected-count').innerText()) === `${shown} 件を選択中`, 'all shown are ticked');
    await page.getByTestId('matrix-bulk-user').click();
    await pickOption(page, '佐藤 花子');
    await page.getByTestId('matrix-bulk-level').click();
    await pickOption(page, '開示不能');
    await page.getByTestId('matrix-bulk-apply').click();
    assert((await page.getByTestId('matrix-bulk-confirm').innerText()).includes(`変わるのは ${shown} 件`), 'the confirmation counts the changes');
    await page.getByTestId('matrix-bulk-ok').click();
    await page.getByTestId('matrix-bulk-done').waitFor({ timeout: 600_000 });
    assert((await page.getByTestId('matrix-bulk-done').innerText()).includes(`${shown} 件`), await page.getByTestId('matrix-bulk-done').innerText());

    const sato = await satoId(page);
    const m = await call(page, 'VaultService', 'Matrix');
    const hidden = m.clients.filter((c, i) => m.explicit[sato][i] === 'h');
    assert(hidden.length === shown && hidden.every((c) => c.name.includes('薬局')), `the vault holds ${hidden.length} hidden settings for 薬局 clients`);
    const log = await call(page, 'LogService', 'Query', { filter: { actions: ['revoke'], clients: hidden.map((c) => c.id) }, offset: 0, limit: 1000, newestFirst: true });
    assert(log.total === shown, `one revoke entry per client: ${log.total}`);

    // The level filter finds them again.
    await page.getByTestId('matrix-clear-filters').click();
    await page.getByTestId('matrix-filter-level-user').click();
    await pickOption(page, '佐藤 花子');
    await page.getByTestId('matrix-filter-level').click();
    await pickOption(page, '開示不能');
    // And the 所長のみ ones (some may be 薬局 clients hidden already).
    const want = new Set([...hidden.map((c) => c.id), ...ownerOnly]).size;
    await page.waitForFunction((want) => document.querySelector('[data-testid="matrix-count"]')?.textContent?.startsWith(`${want} 件`), want);
    await page.screenshot({ path: join(shotsDir, 'matrix-bulk-ja.png') });
    await page.getByTestId('matrix-clear-selection').click();
    await page.getByTestId('matrix-clear-filters').click();
  }],

  ['sets what new clients give a user, keeping the existing ones', async ({ page }) => {
    await page.getByTestId('matrix-default-sato').click();
    await page.getByTestId('matrix-default-level-edit').check();
    assert(await page.getByTestId('matrix-default-keep-yes').isChecked(), 'keeping the existing clients is the choice offered first');
    await page.getByTestId('matrix-default-ok').click();
    await page.getByTestId('matrix-default-ok').waitFor({ state: 'hidden', timeout: 600_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="matrix-default-sato"]')?.textContent?.includes('編集'));
    const sato = await satoId(page);
    const m = await call(page, 'VaultService', 'Matrix');
    const levels = m.levels[sato];
    assert(![...levels].includes('e'), 'no existing client changed level');
    const id = await call(page, 'VaultService', 'CreateClient', '株式会社あたらしい', false);
    const after = await call(page, 'VaultService', 'Matrix');
    assert(after.levels[sato][after.clients.findIndex((c) => c.id === id)] === 'e', 'a new client gives 佐藤 the new default, 編集');
  }],
];

await runSuite(tests, makeCtx, { server, close });
