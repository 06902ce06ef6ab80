// The client's offline pages (core/share/opener/opener.html, envelope.html)
// in Debian's chromium, loaded from file:// as a client opens them: no
// server, no network. Packages are made here in node with typage and a small
// ZIP writer (the layout of docs/share-format.md); the last cases use the
// real `kinko share` command line when the binary has it (after the share
// branches are merged) and are reported as skipped otherwise.
//   cd frontend && node e2e/opener.mjs
// Screenshots: build/shots/opener-*.png (the passphrase field hidden).
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { assert, launch, openPage, repoRoot, runTests, shotsDir } from './harness.mjs';

const pagesDir = join(repoRoot, 'core', 'share', 'opener');
const work = mkdtempSync(join(tmpdir(), 'kinko-opener-e2e-'));
const sha = (b) => createHash('sha256').update(b).digest('hex');
// Never printed: a failure message names the case, not the passphrase.
const passphrase = 'sakura-mikan-tokei-yama-kawa-hoshi';

// --- fixtures -------------------------------------------------------------

const crcTable = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b) {
  let c = 0xffffffff;
  for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** zip writes Store entries with CRC and sizes in the local header (the package layout). */
function zip(entries) {
  const out = [];
  const central = [];
  let off = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name);
    // local and central headers share their fields from "version needed" on, 2 bytes apart
    const fields = (b, at) => {
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(0x800, at + 2);
      b.writeUInt32LE(crc32(data), at + 10);
      b.writeUInt32LE(data.length, at + 14);
      b.writeUInt32LE(data.length, at + 18);
      b.writeUInt16LE(n.length, at + 22);
    };
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    fields(h, 4);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    fields(c, 6);
    c.writeUInt32LE(off, 42);
    central.push(c, n);
    out.push(h, n, data);
    off += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(entries.length, 8);
  e.writeUInt16LE(entries.length, 10);
  e.writeUInt32LE(cd.length, 12);
  e.writeUInt32LE(off, 16);
  return Buffer.concat([...out, cd, e]);
}

/** unzip reads a ZIP through its central directory (Store and Deflate). */
function unzip(b) {
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert(end >= 0, 'zip has an end record');
  const count = b.readUInt16LE(end + 10);
  let p = b.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    assert(b.readUInt32LE(p) === 0x02014b50, 'central directory entry');
    const flags = b.readUInt16LE(p + 8);
    const method = b.readUInt16LE(p + 10);
    const crc = b.readUInt32LE(p + 16);
    const csize = b.readUInt32LE(p + 20);
    const nlen = b.readUInt16LE(p + 28);
    const xlen = b.readUInt16LE(p + 30);
    const clen = b.readUInt16LE(p + 32);
    const off = b.readUInt32LE(p + 42);
    const name = b.subarray(p + 46, p + 46 + nlen).toString('utf8');
    const lh = b.subarray(off);
    assert(lh.readUInt32LE(14) === crc && lh.readUInt32LE(18) === csize && !(lh.readUInt16LE(6) & 8), `${name}: CRC and sizes in the local header`);
    const start = off + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
    const raw = b.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    assert(crc32(data) === crc, `${name}: CRC`);
    out.push({ name, flags, method, data });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

const files = [
  ['報告書_2026年分.txt', Buffer.from('山田様\n2026年分の決算報告書をお送りします。\n')],
  ['資料/売上一覧.csv', Buffer.concat([Buffer.from('日付,金額\n'), randomBytes(300_000)])],
  ['empty.txt', Buffer.alloc(0)],
];

function manifest({ expires, list = files }) {
  return {
    format: 'kinko-share',
    version: 1,
    kind: 'package',
    id: randomBytes(8).toString('hex'),
    office: '山田税理士事務所',
    client: '株式会社さくら商事',
    recipient: '佐藤 花子',
    sender: '山田 太郎',
    message: '決算書類一式です。\nご確認ください。',
    created: new Date().toISOString(),
    expires,
    files: list.map(([path, data]) => ({ path, size: data.length, sha256: sha(data) })),
  };
}

async function encryptPass(plain, logN = 15) {
  const e = new Encrypter();
  e.setPassphrase(passphrase);
  e.setScryptWorkFactor(logN);
  return Buffer.from(await e.encrypt(plain));
}

async function makePackage({ expires = inDays(7), logN = 15, list = files } = {}) {
  const m = manifest({ expires, list });
  const z = zip([['manifest.json', Buffer.from(JSON.stringify(m))], ...list.map(([p, d]) => [`files/${p}`, d])]);
  return encryptPass(z, logN);
}

function inDays(n) {
  // the end of that day in Japan time, as Kinko writes expiries
  const d = new Date(Date.now() + n * 86400_000 + 9 * 3600_000);
  return `${d.toISOString().slice(0, 10)}T23:59:59+09:00`;
}

// The pages are written by the real Go writers (core/share/opener, through
// its small command internal/writepage), built once per run.
const writepage = join(work, 'writepage');
{
  const r = spawnSync('go', ['build', '-o', writepage, './core/share/opener/internal/writepage'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go build writepage: ${r.stderr}`);
}
function writePage(args, name) {
  const path = join(work, name);
  const r = spawnSync(writepage, [...args, '-out', path], { encoding: 'utf8' });
  assert(r.status === 0, `writepage: ${r.stderr}`);
  return path;
}

/** embedPage writes a self-opening page (opener.WritePackage). */
function embedPage(pkg, name) {
  const p = join(work, `${name}.age`);
  writeFileSync(p, pkg);
  return writePage(['-package', p], name);
}

/** envelopePage writes a return envelope (opener.WriteEnvelope). */
function envelopePage(cfg, name) {
  const p = join(work, `${name}.json`);
  writeFileSync(p, JSON.stringify(cfg));
  return writePage(['-envelope', p], name);
}

const url = (path) => `file://${path}?save=download`;

// --- helpers --------------------------------------------------------------

let browser;

async function shot(page, name) {
  const style = await page.addStyleTag({ content: '[data-secret]{visibility:hidden !important}' });
  await page.screenshot({ path: join(shotsDir, `opener-${name}.png`), fullPage: true });
  await style.evaluate((el) => el.remove());
}

/** downloads collects the page's downloads as { name: Buffer }. */
function collectDownloads(page) {
  const got = [];
  page.on('download', (d) => got.push(d));
  return {
    async wait(n, timeout = 30_000) {
      const deadline = Date.now() + timeout;
      while (got.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert(got.length >= n, `${n} downloads expected, got ${got.length}`);
      const out = {};
      for (const d of got) out[d.suggestedFilename()] = readFileSync(await d.path());
      return out;
    },
    count: () => got.length,
  };
}

async function unlock(page, typed) {
  await page.locator('#passphrase').fill(typed);
  await page.locator('#open').click();
}

// --- the cases ------------------------------------------------------------

const tests = [
  [
    'a self-opening package: passphrase as typed on the phone, save all, hashes match',
    async ({ page }) => {
      const pkg = await makePackage({ logN: 18 });
      await page.goto(url(embedPage(pkg, 'パッケージ.html')));
      await page.locator('html[data-ready]').waitFor();
      assert((await page.locator('html').getAttribute('data-save-mode')) === 'download', 'download mode forced');
      assert((await page.locator('#package-file').count()) === 0, 'an embedding page does not ask for a file');
      // full-width, capitals, spaces: the page normalises like Kinko
      await unlock(page, '  ＳＡＫＵＲＡ　mikan tokei・yama kawa－hoshi ');
      await page.locator('#contents').waitFor({ timeout: 60_000 });
      const text = await page.locator('#contents').innerText();
      for (const want of ['山田税理士事務所', '株式会社さくら商事', '佐藤 花子', '山田 太郎', '決算書類一式です。', '報告書_2026年分.txt', '資料/売上一覧.csv', '有効期限', '防げません']) {
        assert(text.includes(want), `the contents show ${want}`);
      }
      await shot(page, 'contents');
      const dl = collectDownloads(page);
      await page.locator('#save-all').click();
      await page.locator('.msg.ok[data-saved="3"]').waitFor({ timeout: 60_000 });
      const got = await dl.wait(3);
      assert(sha(got['報告書_2026年分.txt']) === sha(files[0][1]), 'first file saved intact');
      assert(sha(got['売上一覧.csv']) === sha(files[1][1]), 'file from a folder saved intact, under its own name');
      assert(got['empty.txt']?.length === 0, 'empty file saved');
      await shot(page, 'saved');
    },
  ],
  [
    'the plain opener: choose the .age file, save one file, switch to English',
    async ({ page }) => {
      const pkgPath = join(work, 'package.age');
      writeFileSync(pkgPath, await makePackage());
      await page.goto(url(writePage(['-lang', 'ja'], 'opener.html')));
      await page.locator('#package-file').setInputFiles(pkgPath);
      await shot(page, 'choose');
      await unlock(page, passphrase);
      await page.locator('#contents').waitFor({ timeout: 60_000 });
      await page.locator('button.lang').click();
      assert((await page.locator('html').getAttribute('lang')) === 'en', 'English page');
      assert((await page.locator('#save-all').innerText()) === 'Save all', 'English words');
      const dl = collectDownloads(page);
      await page.locator('button[data-path="資料/売上一覧.csv"]').click();
      await page.locator('.msg.ok[data-saved="1"]').waitFor({ timeout: 60_000 });
      const got = await dl.wait(1);
      assert(sha(got['売上一覧.csv']) === sha(files[1][1]), 'the one file saved intact');
      await new Promise((r) => setTimeout(r, 500));
      assert(dl.count() === 1, 'only that file was saved');
      await shot(page, 'english');
    },
  ],
  [
    'a package zipped by Info-ZIP into a pipe (Deflate, data descriptors) opens and saves',
    async ({ page }) => {
      if (spawnSync('zip', ['-v']).status !== 0) throw new Error('the zip tool is needed (apt-get install zip)');
      const dir = join(work, 'infozip');
      mkdirSync(join(dir, 'files', '資料'), { recursive: true });
      const list = [['資料/売上一覧.csv', Buffer.from(Array.from({ length: 20000 }, (_, i) => `2026-12-01,${i * 37}`).join('\n'))], ['報告書.txt', files[0][1]]];
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest({ expires: inDays(7), list })));
      for (const [n, d] of list) writeFileSync(join(dir, 'files', n), d);
      // "zip -" into a pipe cannot seek back: sizes and CRC follow each entry
      const z = spawnSync('sh', ['-c', 'zip -q -n .json - manifest.json files/資料/売上一覧.csv files/報告書.txt | cat'], { cwd: dir, maxBuffer: 1 << 26 });
      assert(z.status === 0 && z.stdout.length > 0, 'zip wrote the archive');
      assert((z.stdout.readUInt16LE(6) & 8) !== 0, 'the entries have data descriptors');
      await page.goto(url(embedPage(await encryptPass(z.stdout), 'infozip.html')));
      await unlock(page, passphrase);
      await page.locator('#contents').waitFor({ timeout: 60_000 });
      const dl = collectDownloads(page);
      await page.locator('#save-all').click();
      await page.locator('.msg.ok[data-saved="2"]').waitFor({ timeout: 60_000 });
      const got = await dl.wait(2);
      assert(sha(got['売上一覧.csv']) === sha(list[0][1]) && sha(got['報告書.txt']) === sha(list[1][1]), 'both files intact');
    },
  ],
  [
    'an expired package is refused in plain words, with the honesty note',
    async ({ page }) => {
      await page.goto(url(embedPage(await makePackage({ expires: inDays(-1) }), 'expired.html')));
      await unlock(page, passphrase);
      await page.locator('#expired').waitFor({ timeout: 60_000 });
      const text = await page.locator('#expired').innerText();
      assert(text.includes('有効期限') && text.includes('過ぎている') && text.includes('山田税理士事務所') && text.includes('ご連絡ください'), 'says the date has passed and to contact the office');
      assert(text.includes('防げません'), 'says expiry cannot stop someone who keeps file and passphrase');
      assert((await page.locator('#save-all, button[data-path]').count()) === 0, 'nothing to save');
      await shot(page, 'expired');
    },
  ],
  [
    'a wrong passphrase is refused, and the right one then works',
    async ({ page }) => {
      await page.goto(url(embedPage(await makePackage(), 'wrong.html')));
      await unlock(page, 'sakura-mikan-tokei-yama-kawa-hoshii');
      await page.locator('[data-error="passphrase"]').waitFor({ timeout: 60_000 });
      assert((await page.locator('[data-error]').innerText()).includes('パスフレーズが違います'), 'says the passphrase is wrong');
      assert((await page.locator('#contents').count()) === 0, 'nothing shown');
      await shot(page, 'wrong');
      await unlock(page, passphrase);
      await page.locator('#contents').waitFor({ timeout: 60_000 });
    },
  ],
  [
    'damaged, truncated and foreign files: distinct messages, nothing saved',
    async ({ page }) => {
      const pkg = await makePackage();
      const damaged = Buffer.from(pkg);
      damaged[damaged.length - 100_000] ^= 1; // inside 売上一覧.csv
      const truncated = pkg.subarray(0, pkg.length - 100_000);
      const foreign = randomBytes(5000);
      const cases = [
        ['damaged.age', damaged, 'corrupt', '壊れている'],
        ['truncated.age', truncated, 'truncated', '途中で切れて'],
        ['foreign.age', foreign, 'not_package', '共有パッケージではありません'],
      ];
      await page.goto(url(join(pagesDir, 'opener.html')));
      const dl = collectDownloads(page);
      for (const [name, bytes, code, words] of cases) {
        const p = join(work, name);
        writeFileSync(p, bytes);
        await page.locator('#package-file').setInputFiles(p);
        await unlock(page, passphrase);
        const err = page.locator(`[data-error="${code}"]`);
        const contents = page.locator('#contents');
        await err.or(contents).first().waitFor({ timeout: 60_000 });
        if (await contents.count()) {
          // the damage is past the manifest: found while saving
          await page.locator('#save-all').click();
          await err.waitFor({ timeout: 60_000 });
        }
        assert((await err.innerText()).includes(words), `${name}: says ${words}`);
        if (name === 'damaged.age') await shot(page, 'damaged');
        // start again with the next file
        await page.goto(url(join(pagesDir, 'opener.html')));
      }
      await new Promise((r) => setTimeout(r, 500));
      assert(dl.count() === 0, 'nothing was saved');
    },
  ],
  [
    'the return envelope: choose files, seal, and the office key opens it',
    async ({ page }) => {
      const identity = await generateX25519Identity();
      const recipient = await identityToRecipient(identity);
      const cfg = { id: randomBytes(8).toString('hex'), recipient, office: '山田税理士事務所', client: '株式会社さくら商事', person: '佐藤 花子', message: '源泉徴収票をお送りください。', expires: inDays(30), lang: 'ja' };
      await page.goto(url(envelopePage(cfg, '返信用封筒.html')));
      const text = await page.locator('main').innerText();
      for (const want of ['山田税理士事務所', '株式会社さくら商事', '源泉徴収票をお送りください。', '有効期限']) assert(text.includes(want), `the envelope shows ${want}`);
      const mine = [
        ['源泉徴収票.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)])],
        ['メモ.txt', Buffer.from('よろしくお願いします。\n')],
      ];
      const dir = join(work, 'client');
      mkdirSync(dir, { recursive: true });
      for (const [n, d] of mine) writeFileSync(join(dir, n), d);
      await page.locator('#files').setInputFiles(mine.map(([n]) => join(dir, n)));
      await page.locator('#sender').fill('佐藤 花子');
      await page.locator('#note').fill('2 点お送りします。');
      await shot(page, 'envelope');
      const dl = collectDownloads(page);
      await page.locator('#make').click();
      await page.locator('.msg.ok[data-saved]').waitFor({ timeout: 60_000 });
      const done = await page.locator('.msg.ok').innerText();
      assert(done.includes('メールに添付') && done.includes('山田税理士事務所 だけが開けます'), 'tells the client to email it and that only the office opens it');
      await shot(page, 'envelope-done');
      const got = await dl.wait(1);
      const [name] = Object.keys(got);
      assert(/^山田税理士事務所_返送_\d{8}-\d{4}\.age$/.test(name), `file name ${name}`);
      const sealed = got[name];
      assert(sealed.subarray(0, 22).toString() === 'age-encryption.org/v1\n' && sealed.includes(Buffer.from('\n-> X25519 ')), 'an age file to one X25519 recipient');
      const d = new Decrypter();
      d.addIdentity(identity);
      const entries = unzip(Buffer.from(await d.decrypt(new Uint8Array(sealed))));
      assert(entries[0].name === 'manifest.json' && entries[0].method === 0, 'manifest first, stored');
      assert(entries.every((e) => e.flags & 0x800), 'UTF-8 name flag on every entry');
      const m = JSON.parse(entries[0].data.toString('utf8'));
      assert(m.format === 'kinko-share' && m.version === 1 && m.kind === 'return' && m.envelope === cfg.id && /^[0-9a-f]{16}$/.test(m.id), 'manifest header');
      assert(m.office === cfg.office && m.client === cfg.client && m.sender === '佐藤 花子' && m.message === '2 点お送りします。', 'manifest names');
      assert(m.files.length === 2 && !Number.isNaN(Date.parse(m.created)), 'two files, created');
      for (const [n, data] of mine) {
        const f = m.files.find((x) => x.path === n);
        const e = entries.find((x) => x.name === `files/${n}`);
        assert(f && f.size === data.length && f.sha256 === sha(data), `${n}: listed with size and hash`);
        assert(e && sha(e.data) === sha(data), `${n}: content intact`);
      }
      assert(entries.length === 3, 'no other entries');
    },
  ],
  [
    'an expired envelope refuses',
    async ({ page }) => {
      const recipient = await identityToRecipient(await generateX25519Identity());
      const cfg = { id: randomBytes(8).toString('hex'), recipient, office: '山田税理士事務所', client: '株式会社さくら商事', expires: inDays(-1), lang: 'ja' };
      await page.goto(url(envelopePage(cfg, 'old-envelope.html')));
      const text = await page.locator('#expired').innerText();
      assert(text.includes('有効期限') && text.includes('過ぎている') && text.includes('山田税理士事務所'), 'says it expired');
      assert((await page.locator('#make, #files').count()) === 0, 'no way to send');
      await shot(page, 'envelope-expired');
    },
  ],
];

// --- saving into a folder (File System Access API) ------------------------
// Headless chromium cannot answer the folder picker, and the origin-private
// file system is closed to file:// pages; so the picker hands the page a
// directory kept in the page's memory that behaves as Chrome's does: a file
// exists (empty) once created, its writable commits at close() and is
// dropped at abort(). What the page wrote is read back from window.__fs.
// keep: count bytes instead of keeping them (the large-package case).

// KINKO_OPENER_BIG_MIB sets the large package's size (default 96).
const bigMiB = Number(process.env.KINKO_OPENER_BIG_MIB ?? 96);

function fakeFolder({ existing = [], keep = true } = {}) {
  return (cfg) => {
    const files = new Map(); // path → Uint8Array | number
    const dirs = new Map();
    window.__fs = { files, aborted: 0, maxOpen: 0 };
    class Writable {
      constructor(path) {
        this.path = path;
        this.parts = [];
        this.n = 0;
      }
      async write(c) {
        const b = c instanceof Uint8Array ? c : new Uint8Array(c);
        this.n += b.length;
        if (cfg.keep) this.parts.push(b.slice());
      }
      async close() {
        if (!cfg.keep) return void files.set(this.path, this.n);
        const out = new Uint8Array(this.n);
        let o = 0;
        for (const p of this.parts) out.set(p, (o += p.length) - p.length);
        files.set(this.path, out);
      }
      async abort() {
        window.__fs.aborted++;
      }
    }
    class Dir {
      constructor(path) {
        this.path = path;
        this.kind = 'directory';
        this.names = new Set();
      }
      child(n) {
        return this.path ? `${this.path}/${n}` : n;
      }
      async getDirectoryHandle(n, o = {}) {
        const p = this.child(n);
        if (!dirs.has(p)) {
          if (!o.create) throw new DOMException('no such folder', 'NotFoundError');
          dirs.set(p, new Dir(p));
          this.names.add(n);
        }
        return dirs.get(p);
      }
      async getFileHandle(n, o = {}) {
        const p = this.child(n);
        if (!files.has(p)) {
          if (!o.create) throw new DOMException('no such file', 'NotFoundError');
          files.set(p, new Uint8Array(0));
          this.names.add(n);
        }
        return { kind: 'file', name: n, createWritable: async () => new Writable(p) };
      }
      async *keys() {
        yield* [...this.names];
      }
      async removeEntry(n) {
        this.names.delete(n);
        files.delete(this.child(n));
      }
    }
    const root = new Dir('');
    for (const n of cfg.existing) {
      files.set(n, new TextEncoder().encode('already here'));
      root.names.add(n);
    }
    window.showDirectoryPicker = async () => root;
  };
}

async function fsFiles(page) {
  return page.evaluate(() => Object.fromEntries([...window.__fs.files].map(([k, v]) => [k, typeof v === 'number' ? v : Array.from(v)])));
}

const fsTests = [
  [
    'save all into a folder: folders recreated, an existing name kept, hashes match',
    async ({ page }) => {
      await page.addInitScript(fakeFolder(), { existing: ['empty.txt'], keep: true });
      await page.goto(`file://${embedPage(await makePackage(), 'folder.html')}`);
      assert((await page.locator('html').getAttribute('data-save-mode')) === 'fs', 'folder mode in chromium');
      await unlock(page, passphrase);
      await page.locator('#save-all').click();
      await page.locator('.msg.ok[data-saved="3"]').waitFor({ timeout: 60_000 });
      assert((await page.locator('.msg.ok').innerText()).includes('empty (2).txt'), 'says which file was renamed');
      const got = await fsFiles(page);
      assert(sha(Buffer.from(got['報告書_2026年分.txt'])) === sha(files[0][1]), 'first file intact');
      assert(sha(Buffer.from(got['資料/売上一覧.csv'])) === sha(files[1][1]), 'file in its folder, intact');
      assert(Buffer.from(got['empty.txt']).toString() === 'already here' && got['empty (2).txt'].length === 0, 'the existing file kept, the new one beside it');
      await shot(page, 'folder-saved');
    },
  ],
  [
    'a damaged package saved into a folder leaves nothing there',
    async ({ page }) => {
      await page.addInitScript(fakeFolder(), { existing: [], keep: true });
      const pkg = await makePackage();
      const damaged = Buffer.from(pkg);
      damaged[damaged.length - 100_000] ^= 1;
      await page.goto(`file://${embedPage(damaged, 'folder-damaged.html')}`);
      await unlock(page, passphrase);
      await page.locator('#save-all').click();
      await page.locator('[data-error="corrupt"]').waitFor({ timeout: 60_000 });
      const got = await fsFiles(page);
      assert(Object.keys(got).length === 0, `nothing left in the folder: ${Object.keys(got).join(', ')}`);
      assert((await page.evaluate(() => window.__fs.aborted)) >= 1, 'the open writables were aborted');
    },
  ],
  [
    `a ${bigMiB} MiB package from disk: decrypted in chunks, page memory stays flat`,
    async ({ page }) => {
      const big = [['大きなファイル.bin', randomBytes(bigMiB << 20)]];
      const pkgPath = join(work, 'big.age');
      writeFileSync(pkgPath, await makePackage({ list: big }));
      await page.addInitScript(fakeFolder(), { existing: [], keep: false });
      await page.goto(`file://${join(pagesDir, 'opener.html')}`);
      await page.locator('#package-file').setInputFiles(pkgPath);
      await unlock(page, passphrase);
      await page.locator('#contents').waitFor({ timeout: 60_000 });
      // The JS heap and the ArrayBuffers' memory outside it (where decrypted
      // chunks would pile up if the page held the package).
      const cdp = await page.context().newCDPSession(page);
      const heap = await cdp.send('Runtime.getHeapUsage');
      assert('backingStorageSize' in heap, 'chromium reports ArrayBuffer memory');
      // (A small chosen file may itself sit in the page's memory: the growth counts.)
      const base = heap.usedSize + heap.backingStorageSize;
      let peak = 0;
      const sample = setInterval(async () => {
        try {
          const h = await cdp.send('Runtime.getHeapUsage');
          peak = Math.max(peak, h.usedSize + h.backingStorageSize);
        } catch {
          // the page is busy or closing
        }
      }, 200);
      const t0 = Date.now();
      await page.locator('#save-all').click();
      await page.locator('.msg.ok[data-saved="1"]').waitFor({ timeout: 300_000 });
      const secs = (Date.now() - t0) / 1000;
      clearInterval(sample);
      const got = await fsFiles(page);
      assert(got['大きなファイル.bin'] === big[0][1].length, 'all bytes written');
      console.log(`      ${bigMiB} MiB saved in ${secs.toFixed(1)} s (${(bigMiB / secs).toFixed(0)} MiB/s), JS memory ${(base / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB`);
      assert(peak > 0 && peak - base < 64 * 2 ** 20, `JS memory grew by less than 64 MiB (the package is ${bigMiB} MiB) while saving (${((peak - base) / 2 ** 20).toFixed(0)} MiB)`);
    },
  ],
];

const envelopeFsTests = [
  [
    'the envelope with files dropped, saved where the client chooses (save picker), opens with the office key',
    async ({ page }) => {
      // The save picker is answered by a writable kept in the page (see fakeFolder).
      await page.addInitScript(() => {
        window.__saved = null;
        window.showSaveFilePicker = async ({ suggestedName }) => ({
          name: suggestedName,
          createWritable: async () => {
            const parts = [];
            const w = new WritableStream({
              write: (c) => void parts.push(new Uint8Array(c)),
              close: () => {
                window.__saved = { name: suggestedName, bytes: parts.flatMap((p) => Array.from(p)) };
              },
            });
            w.abort = async () => {};
            return w;
          },
        });
      });
      const identity = await generateX25519Identity();
      const cfg = { id: randomBytes(8).toString('hex'), recipient: await identityToRecipient(identity), office: '山田税理士事務所', client: '株式会社さくら商事', expires: inDays(3), lang: 'en' };
      await page.goto(`file://${envelopePage(cfg, 'envelope-fs.html')}`);
      assert((await page.locator('html').getAttribute('lang')) === 'en', 'the envelope speaks the language Kinko wrote it in');
      // two files dropped at once, the way the window's drag and drop delivers them
      await page.locator('#drop').evaluate((el) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['first file\n'], '請求書.txt'));
        dt.items.add(new File([new Uint8Array(70_000).fill(7)], 'scan.pdf'));
        el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      });
      await page.locator('td.name', { hasText: 'scan.pdf' }).waitFor();
      await page.locator('#make').click();
      await page.locator('.msg.ok[data-saved]').waitFor({ timeout: 60_000 });
      const saved = await page.evaluate(() => window.__saved);
      assert(saved && /_返送_\d{8}-\d{4}\.age$/.test(saved.name), 'saved through the picker under the return name');
      const d = new Decrypter();
      d.addIdentity(identity);
      const entries = unzip(Buffer.from(await d.decrypt(new Uint8Array(saved.bytes))));
      const m = JSON.parse(entries[0].data.toString('utf8'));
      assert(m.kind === 'return' && m.files.map((f) => f.path).join(',') === '請求書.txt,scan.pdf', 'both dropped files in the manifest');
      assert(entries[1].data.toString() === 'first file\n' && entries[2].data.length === 70_000, 'contents intact');
    },
  ],
];

// --- with the real command line: the binary make test built ----------------

const kinko = process.env.KINKO_BIN ?? join(repoRoot, 'build', 'bin', 'kinko');
const cliTests = [
  ['kinko share create → the opener page opens it', cliCreateOpen],
  ['the envelope page → kinko share open files the return', cliEnvelopeReturn],
];

/** cli runs kinko in the test's data folder; passwords come from files and the environment, never argv. */
function cli(home, args, extra = {}) {
  assert(existsSync(kinko), `no kinko binary at ${kinko}: run make build, or set KINKO_BIN`);
  const r = spawnSync(kinko, args, { encoding: 'utf8', env: { ...process.env, KINKO_HOME: join(home, 'pc'), KINKO_LANG: 'ja', KINKO_PASSWORD: 'yamada-pw-X7c9k2-1', ...extra } });
  assert(r.status === 0, `kinko ${args.slice(0, 2).join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function cliVault() {
  const home = join(work, `cli-${randomBytes(4).toString('hex')}`);
  mkdirSync(home, { recursive: true });
  const pw = join(home, 'pw.txt');
  writeFileSync(pw, 'yamada-pw-X7c9k2-1\n', { mode: 0o600 });
  cli(home, ['vault', 'init', '--folder', join(home, 'NAS'), '--name', '山田税理士事務所', '--login', 'yamada', '--user-name', '山田 太郎', '--handler', '--password-file', pw]);
  writeFileSync(join(home, 'clients.csv'), '顧問先コード,名称,フリガナ\nC001,株式会社さくら商事,さくらしょうじ\n');
  writeFileSync(join(home, 'people.csv'), '顧問先コード,氏名,フリガナ,役割\nC001,佐藤 花子,さとう はなこ,従業員\n');
  for (const kind of ['clients', 'people']) cli(home, ['import', kind, '--as', 'yamada', '--file', join(home, `${kind}.csv`)]);
  return home;
}

function findFile(dir, name) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const f = findFile(p, name);
      if (f) return f;
    } else if (e.name === name) return p;
  }
  return null;
}

async function cliCreateOpen({ page }) {
  const home = cliVault();
  const src = join(home, '送るもの');
  mkdirSync(join(src, '決算'), { recursive: true });
  writeFileSync(join(src, '報告書.txt'), files[0][1]);
  writeFileSync(join(src, '決算', '売上一覧.csv'), files[1][1]);
  const out = join(home, 'out');
  const stdout = cli(home, ['share', 'create', '--as', 'yamada', '--client', 'C001', '--to', '佐藤 花子', '--purpose', '決算書類の送付', '--expires', '+7d', '--message', '決算書類です。', '--out', out, '--format', 'html', src]);
  const lines = stdout.split('\n').map((l) => l.trim());
  const words = lines.find((l) => /^[a-z]+(-[a-z]+){3,}$/.test(l));
  assert(words, 'the passphrase is printed once');
  const html = lines.find((l) => l.endsWith('.html'));
  assert(html && existsSync(html), 'a self-opening page was written');
  await page.goto(url(html));
  await unlock(page, words.toUpperCase().replace(/-/g, ' '));
  await page.locator('#contents').waitFor({ timeout: 60_000 });
  assert((await page.locator('#contents').innerText()).includes('決算書類です。'), 'the message is shown');
  const dl = collectDownloads(page);
  await page.locator('#save-all').click();
  await page.locator('.msg.ok[data-saved]').waitFor({ timeout: 60_000 });
  const got = await dl.wait(2);
  assert(sha(got['報告書.txt'] ?? Buffer.alloc(1)) === sha(files[0][1]), "報告書.txt saved intact from Kinko's package");
  assert(sha(got['売上一覧.csv'] ?? Buffer.alloc(1)) === sha(files[1][1]), "売上一覧.csv saved intact from Kinko's package");
  await shot(page, 'cli-package');
}

async function cliEnvelopeReturn({ page }) {
  const home = cliVault();
  const env = join(home, 'envelope.html');
  cli(home, ['share', 'envelope', '--as', 'yamada', '--client', 'C001', '--to', '佐藤 花子', '--expires', '+14d', '--out', env]);
  await page.goto(url(env));
  const p = join(home, '返送資料.txt');
  writeFileSync(p, 'お世話になっております。\n');
  await page.locator('#files').setInputFiles(p);
  const dl = collectDownloads(page);
  await page.locator('#make').click();
  await page.locator('.msg.ok[data-saved]').waitFor({ timeout: 60_000 });
  const got = await dl.wait(1);
  const [name] = Object.keys(got);
  const ret = join(home, name);
  writeFileSync(ret, got[name]);
  const to = join(home, 'received');
  cli(home, ['share', 'open', '--as', 'yamada', '--to', to, ret]);
  const f = findFile(to, '返送資料.txt');
  assert(f && readFileSync(f, 'utf8') === 'お世話になっております。\n', 'Kinko opened the return package and wrote the file');
}

// --- run ------------------------------------------------------------------

async function makeCtx() {
  const { page, close } = await openPage(browser.context);
  return { page, close };
}

browser = await launch();
let failed = 1;
try {
  failed = await runTests(
    [...tests, ...fsTests, ...envelopeFsTests, ...cliTests],
    makeCtx,
  );
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
