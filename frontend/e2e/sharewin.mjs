// Browser tests of the 共有 area (issue 14) against the real backend: the
// test server's ShareService on a real vault. The office registers a client
// and a person with an e-mail address, sends files chosen through the
// (answered) file dialogs, checks them for My Numbers, makes the package,
// reads its passphrase from the dialog, opens the package in 受け取る・開く
// with it and compares the extracted files' SHA-256 with the originals. A
// CSV with a planted valid My Number is blocked with its place, and a
// handler's override sends it; the register shows both packages.
// Screenshots hide every [data-secret] element; the passphrase is never printed.
// Run from frontend/ after `npm run build`: node e2e/sharewin.mjs
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Encrypter } from 'age-encryption';
import { assert, createVault, launch, openPage, openShell, runSuite, shotsDir, startServer } from './harness.mjs';

const server = await startServer();
const { context, close } = await launch(); // 1280×800

// The files to send, inside the server's temporary home.
const sendDir = join(server.home, 'office', '送付');
const outDir = join(server.home, 'office', 'パッケージ');
const openDir = join(server.home, 'office', '受け取り');
const files = {
  '申告書控え.pdf': randomBytes(200_000),
  '決算/試算表.csv': Buffer.from('科目,金額\n売上高,12000000\n仕入高,7000000\n'),
  '決算/メモ.txt': Buffer.from('令和8年分の決算について\n'.repeat(50)),
};
for (const [rel, data] of Object.entries(files)) {
  mkdirSync(join(sendDir, rel, '..'), { recursive: true });
  writeFileSync(join(sendDir, rel), data);
}
mkdirSync(outDir, { recursive: true });
mkdirSync(openDir, { recursive: true });

/** myNumber makes a valid 12-digit 個人番号 (check digit as core/mynumber computes it). */
function myNumber(base11) {
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(base11[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return base11 + String(r > 1 ? 11 - r : 0);
}
const plantedDir = join(server.home, 'office', '要確認');
mkdirSync(plantedDir, { recursive: true });
const planted = join(plantedDir, '従業員名簿.csv');
writeFileSync(planted, `氏名,部署,番号\n青葉 一郎,総務,なし\n青葉 花子,経理,${myNumber('12345678901')}\n`);

// The test server answers the dialogs from this file (app.FolderDialogs).
const dialogs = join(server.dataDir, 'folders.json');
function answer(answers) {
  mkdirSync(server.dataDir, { recursive: true });
  writeFileSync(dialogs, JSON.stringify(answers));
}

const sha = (data) => createHash('sha256').update(data).digest('hex');
function walk(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

// A return package as a client's browser makes it with the envelope page
// (docs/share-format.md): a ZIP (Store, UTF-8 names, sizes and CRC in the
// local headers) whose entry 0 is the manifest, encrypted with age to the
// envelope's X25519 recipient. Built here with the same age library the page
// uses, so the test does not depend on the page's own suite.
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zipStore(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const n = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x800, 6);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    locals.push(head, n, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x800, 8);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
async function returnPackage(envelopePage, returned) {
  const cfg = JSON.parse(/<script type="application\/json" id="kinko-envelope">([\s\S]*?)<\/script>/.exec(envelopePage)[1]);
  const manifest = {
    format: 'kinko-share',
    version: 1,
    kind: 'return',
    id: randomBytes(8).toString('hex'),
    office: cfg.office,
    client: cfg.client,
    sender: '青葉 一郎',
    message: '源泉徴収票をお送りします。',
    created: new Date().toISOString(),
    envelope: cfg.id,
    files: Object.entries(returned).map(([path, data]) => ({ path, size: data.length, sha256: sha(data) })),
  };
  const zip = zipStore([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) },
    ...Object.entries(returned).map(([path, data]) => ({ name: `files/${path}`, data })),
  ]);
  const e = new Encrypter();
  e.addRecipient(cfg.recipient);
  return Buffer.from(await e.encrypt(zip));
}

/**
 * shot takes a screenshot with every element that shows a passphrase hidden,
 * their descendants too (the print rules make descendants of the sheet
 * visible again).
 */
async function shot(page, name) {
  // Inline !important on each element and its descendants: nothing in the
  // page's own rules (the print sheet's) outranks it.
  const hide = (on) =>
    page.evaluate((on) => {
      for (const el of document.querySelectorAll('[data-secret], [data-secret] *')) {
        // No transition either: antd's inputs animate every property, visibility too.
        if (on) {
          el.style.setProperty('transition', 'none', 'important');
          el.style.setProperty('visibility', 'hidden', 'important');
        } else {
          el.style.removeProperty('visibility');
          el.style.removeProperty('transition');
        }
      }
    }, on);
  await hide(true);
  try {
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('[data-secret], [data-secret] *')]
        .filter((el) => getComputedStyle(el).visibility !== 'hidden')
        .map((el) => `${el.tagName}[${el.getAttribute('data-testid') ?? ''}]`),
    );
    assert(shown.length === 0, `secret elements would be in ${name}: ${shown.join(', ')}`);
    await page.screenshot({ path: join(shotsDir, name) });
  } finally {
    await hide(false);
  }
}

/** The package made in the send test, and its passphrase (kept in memory only). */
const made = { files: [], passphrase: '' };

async function makeCtx() {
  const ctx = await openPage(context);
  const { page } = ctx;
  await page.goto(server.url);
  try {
    await page.locator('[data-testid="side-menu"], [data-testid="setup-wizard"], [data-testid="login-screen"]').first().waitFor({ timeout: 60_000 });
  } catch (e) {
    await page.screenshot({ path: join(shotsDir, 'FAILED-share-start.png') });
    throw e;
  }
  if (await page.getByTestId('setup-wizard').isVisible()) await createVault(page);
  await openShell(page);
  return ctx;
}

/** pickOption chooses an option in the open antd Select dropdown. */
async function pickOption(page, text) {
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** area opens the 共有 area on a tab. */
async function area(page, tab) {
  await page.getByRole('menuitem', { name: /共有|Share/ }).click();
  await page.getByTestId('area-share').waitFor();
  if (tab) await page.getByRole('tab', { name: tab }).click();
}

/** sendForm fills the send form for 株式会社あおば / 青葉 一郎 and the chosen files. */
async function sendForm(page, purpose) {
  await page.getByTestId('share-client').click();
  await pickOption(page, '株式会社あおば');
  await page.getByTestId('share-person').click();
  await page.getByTestId('share-recipient-option').filter({ hasText: 'aoba@example.jp' }).first().waitFor();
  await pickOption(page, '青葉 一郎');
  await page.getByTestId('share-purpose').locator('input').fill(purpose);
}

const tests = [
  ['a client and a person with an e-mail address', async ({ page }) => {
    await page.getByRole('menuitem', { name: '顧客' }).click();
    await page.getByTestId('area-clients').waitFor();
    await page.getByTestId('clients-add').click();
    await page.getByTestId('client-form').waitFor();
    await page.getByTestId('client-form-name').fill('株式会社あおば');
    await page.getByTestId('client-code').fill('A001');
    await page.getByTestId('client-save').click();
    await page.getByTestId('people-card').waitFor();
    await page.getByTestId('person-add').click();
    await page.getByTestId('person-name').fill('青葉 一郎');
    await page.getByTestId('person-kana').fill('アオバ イチロウ');
    await page.getByTestId('person-roles').getByRole('checkbox', { name: '役員' }).check();
    await page.getByTestId('person-email').fill('ichiro.aoba@example.jp');
    await page.getByTestId('person-save').click();
    await page.getByTestId('person-row-青葉 一郎').waitFor();
  }],

  ['sends files chosen in the dialogs: clean scan, package, passphrase shown once', async ({ page }) => {
    await area(page);
    await page.getByTestId('share-no-files').waitFor();
    await sendForm(page, '申告書控えの送付');
    answer({ files: [join(sendDir, '申告書控え.pdf')], 'share.send': join(sendDir, '決算'), 'share.output': outDir });
    await page.getByTestId('share-add-files').click();
    await page.getByTestId('share-item-name').filter({ hasText: '申告書控え.pdf' }).waitFor();
    await page.getByTestId('share-add-folder').click();
    await page.getByTestId('share-item-name').filter({ hasText: '試算表.csv' }).waitFor();
    assert((await page.getByTestId('share-item-name').count()) === 3, 'the three files are listed');
    const total = await page.getByTestId('share-total').innerText();
    assert(/KB$/.test(total), `the total size is shown: ${total}`);
    const expires = await page.getByTestId('share-expires-read').innerText();
    assert(/^令和\d+年\d+月\d+日（\d{4}-\d{2}-\d{2}）$/.test(expires), `the expiry in 和暦: ${expires}`);
    await page.getByTestId('share-output-choose').click();
    await page.waitForFunction((out) => document.querySelector('[data-testid="share-output"]')?.value === out, outDir);
    await shot(page, 'share-send-ja.png');

    await page.getByTestId('share-scan').click();
    const result = page.getByTestId('share-scan-result');
    await result.waitFor({ timeout: 60_000 });
    assert((await result.getAttribute('data-blocked')) === 'false', 'nothing blocks the clean files');
    await page.getByTestId('share-create').click();
    const words = page.getByTestId('share-pass-words');
    await words.waitFor({ timeout: 120_000 });
    assert((await words.getAttribute('data-secret')) !== null, 'the passphrase is marked secret');
    const list = await page.getByTestId('share-pass-word').allInnerTexts();
    made.passphrase = list.join('-');
    assert(list.length >= 5 && /^[a-z-]+$/.test(made.passphrase), 'the passphrase is lowercase words');
    assert((await page.getByTestId('share-pass-kana').count()) === list.length, 'each word has its kana');
    made.files = (await page.getByTestId('share-pass-files').locator('li').allInnerTexts()).map((s) => s.trim());
    assert(made.files.length >= 1 && made.files.every((f) => f.startsWith(outDir)), `the package is in the chosen folder: ${made.files.map((f) => relative(outDir, f))}`);
    await shot(page, 'share-passphrase-ja.png');
    // Printing shows the sheet only: office, recipient, package, expiry, the passphrase.
    await page.emulateMedia({ media: 'print' });
    const sheet = page.getByTestId('share-pass-sheet');
    await sheet.waitFor();
    const printed = await sheet.innerText();
    assert(printed.includes('山田税理士事務所') && printed.includes('青葉 一郎') && /令和\d+年/.test(printed), 'the sheet names the office, the recipient and the expiry');
    assert(printed.includes(list[0]), 'the sheet carries the passphrase');
    assert(!(await page.getByTestId('share-pass-words').isVisible()), 'the dialog itself is not printed');
    await shot(page, 'share-print-ja.png');
    await page.emulateMedia({ media: 'screen' });
    await page.getByTestId('share-pass-close').click();
    await words.waitFor({ state: 'detached' });
    const text = await page.evaluate(() => document.body.innerText);
    assert(!text.includes(list[0] + '-') && !text.includes(made.passphrase), 'the passphrase is gone from the page');
  }],

  ['opens the package with the passphrase: the files come out byte for byte', async ({ page }) => {
    assert(made.passphrase, 'the send test made a package');
    await area(page, '受け取る・開く');
    const pkg = made.files.find((f) => f.endsWith('.html')) ?? made.files[0];
    answer({ package: pkg, 'share.open': openDir });
    await page.getByTestId('share-open-choose').click();
    await page.waitForFunction((p) => document.querySelector('[data-testid="share-open-path"]')?.value === p, pkg);
    // Typed as read out on the phone: spaces between the words.
    await page.getByTestId('share-open-passphrase').fill(made.passphrase.replace(/-/g, ' '));
    await page.getByTestId('share-open-target-choose').click();
    await page.waitForFunction((d) => document.querySelector('[data-testid="share-open-target"]')?.value === d, openDir);
    await page.getByTestId('share-open-go').click();
    const res = page.getByTestId('share-open-result');
    await res.waitFor({ timeout: 120_000 });
    const where = (await page.getByTestId('share-open-where').innerText()).trim();
    const out = walk(where);
    assert(out.length === 3, `three files extracted: ${out.map((f) => relative(where, f))}`);
    const want = new Map(Object.entries(files).map(([rel, data]) => [rel.split('/').pop(), sha(data)]));
    for (const f of out) {
      const name = f.split(/[\\/]/).pop();
      assert(want.get(name) === sha(readFileSync(f)), `${name} has the original's SHA-256`);
    }
    assert((await res.innerText()).includes('山田税理士事務所'), 'the office is named');
    await shot(page, 'share-opened-ja.png');

    // The same package again: the files are there, the user chooses.
    await page.getByTestId('share-open-clear').click();
    await page.getByTestId('share-open-choose').click();
    await page.getByTestId('share-open-passphrase').fill(made.passphrase);
    await page.getByTestId('share-open-target').fill(where);
    await page.getByTestId('share-open-go').click();
    await page.getByTestId('share-open-exists').waitFor({ timeout: 60_000 });
    await page.getByTestId('share-open-conflict').getByText('スキップする').click();
    await page.getByTestId('share-open-continue').click();
    await page.getByTestId('share-open-result').waitFor({ timeout: 60_000 });
    assert(walk(where).length === 3, 'skipping added nothing');
  }],

  ['a CSV with a My Number is blocked with its place; a handler’s override sends it', async ({ page }) => {
    await area(page);
    await sendForm(page, '資料のご依頼への回答');
    answer({ files: [planted], 'share.output': outDir });
    await page.getByTestId('share-add-files').click();
    await page.getByTestId('share-item-name').filter({ hasText: '従業員名簿.csv' }).waitFor();
    await page.getByTestId('share-scan').click();
    const blocked = page.getByTestId('share-scan-blocked');
    await blocked.waitFor({ timeout: 60_000 });
    const place = await page.getByTestId('share-finding').first().innerText();
    assert(place.includes('従業員名簿.csv') && place.includes('3 行目'), `the place is named: ${place}`);
    const text = await page.evaluate(() => document.body.innerText);
    assert(!text.includes(myNumber('12345678901')), 'the number itself is not shown');
    assert(await page.getByTestId('share-create').isDisabled(), 'the package cannot be made');
    await page.getByTestId('share-scan-result').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'share-blocked-ja.png');

    const form = page.getByTestId('share-override');
    await form.getByTestId('share-override-purpose').click();
    await pickOption(page, '給与支払報告書');
    await form.getByTestId('share-override-reason').fill('顧問先の依頼により名簿を返送');
    assert(await page.getByTestId('share-create').isDisabled(), 'not without the confirmation');
    await form.getByTestId('share-override-confirm').check();
    await page.getByTestId('share-create').click();
    await page.getByTestId('share-pass-words').waitFor({ timeout: 120_000 });
    await page.getByTestId('share-pass-close').click();
  }],

  ['a return envelope: made, a client’s return received and filed under the client, then revoked', async ({ page }) => {
    await area(page, '返信用封筒');
    await page.getByTestId('share-env-new').click();
    await page.getByTestId('share-env-client').click();
    await pickOption(page, '株式会社あおば');
    await page.getByTestId('share-env-message').fill('源泉徴収票をお送りください。');
    await page.getByTestId('share-env-create').click();
    await page.getByTestId('share-env-received').first().waitFor({ timeout: 60_000 });
    const saved = readdirSync(server.savedDir).filter((f) => f.endsWith('.html'));
    assert(saved.length === 1, `the envelope page was saved: ${saved}`);
    await shot(page, 'share-envelopes-ja.png');

    const returned = { '源泉徴収票.pdf': randomBytes(5000), '扶養控除等申告書.csv': Buffer.from('氏名,続柄\n青葉 花子,配偶者\n') };
    const ret = join(server.home, 'office', '山田税理士事務所_返送_20261205-1030.age');
    writeFileSync(ret, await returnPackage(readFileSync(join(server.savedDir, saved[0]), 'utf8'), returned));
    await page.getByRole('tab', { name: '受け取る・開く' }).click();
    answer({ package: ret });
    await page.getByTestId('share-open-choose').click();
    await page.getByTestId('share-open-return').waitFor();
    await page.getByTestId('share-open-go').click();
    await page.getByTestId('share-open-result').waitFor({ timeout: 120_000 });
    assert((await page.getByTestId('share-open-client').innerText()) === '株式会社あおば', 'filed under the client');
    const where = (await page.getByTestId('share-open-where').innerText()).trim();
    for (const [name, data] of Object.entries(returned)) assert(sha(readFileSync(join(where, name))) === sha(data), `${name} received byte for byte`);
    await shot(page, 'share-received-ja.png');

    await page.getByRole('tab', { name: '返信用封筒' }).click();
    await page.getByTestId('share-env-received').first().getByText('1').waitFor({ timeout: 30_000 });
    await page.getByTestId('share-env-revoke').click();
    await page.getByTestId('share-env-revoke-ok').click();
    await page.getByTestId('share-env-revoked').waitFor();
  }],

  ['the register shows both packages sent and the return received, the override marked, with file hashes', async ({ page }) => {
    await area(page, '送受信台帳');
    const table = page.getByTestId('share-reg-table');
    await table.getByTestId('share-reg-direction').nth(1).waitFor({ timeout: 30_000 });
    await table.getByTestId('share-reg-direction').nth(2).waitFor({ timeout: 30_000 });
    const directions = await table.getByTestId('share-reg-direction').allInnerTexts();
    assert(directions.filter((d) => d === '送信').length === 2, `two packages sent: ${directions}`);
    assert(directions.filter((d) => d === '受信').length === 1, `one return received: ${directions}`);
    assert((await table.getByTestId('share-reg-override').count()) === 1, 'the override is marked');
    const first = await table.locator('.ant-table-row').filter({ hasText: '申告書控えの送付' }).first();
    await first.locator('.ant-table-row-expand-icon').click();
    const filelist = page.getByTestId('share-reg-filelist').first();
    await filelist.waitFor();
    assert((await filelist.innerText()).includes(sha(files['申告書控え.pdf'])), 'the register keeps the SHA-256');
    await shot(page, 'share-register-ja.png');
  }],

  ['shows the area in English', async ({ page }) => {
    await area(page, '送受信台帳');
    await page.getByTestId('language-switch').getByText('English').click();
    await page.getByRole('tab', { name: 'Register' }).waitFor();
    const tabs = await page.getByTestId('share-tabs').locator('.ant-tabs-nav').innerText();
    assert(!/[\u3040-\u30ff]/.test(tabs), `the tabs are in English: ${tabs}`);
    await page.getByTestId('share-reg-direction').filter({ hasText: 'Sent' }).first().waitFor();
    await shot(page, 'share-register-en.png');
    await page.getByRole('tab', { name: 'Send' }).click();
    await page.getByTestId('share-scan').waitFor();
    await shot(page, 'share-send-en.png');
    await page.getByTestId('language-switch').getByText('日本語').click();
    await page.getByRole('tab', { name: '送る' }).waitFor();
  }],

  ['fits the minimum window width (960)', async ({ page }) => {
    await page.setViewportSize({ width: 960, height: 700 });
    await area(page, '送る');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `no horizontal scroll at 960 px: ${overflow}`);
    await shot(page, 'share-send-960-ja.png');
  }],
];

await runSuite(tests, makeCtx, { server, close });
