import { deflateRawSync } from 'node:zlib';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from './bytes';
import { crc32 } from './crc32';
import { isShareError } from './errors';
import { open, unlock, walk, type Sink } from './pkg';
import { ZipReader } from './zipread';
import { iterate, zip, type ZipItem } from './zipwrite';

const enc = new TextEncoder();

function item(name: string, data: Uint8Array): ZipItem {
  return { name, size: data.length, crc: crc32(data), data: () => new Blob([data as Uint8Array<ArrayBuffer>]).stream() };
}

async function bytes(s: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of iterate(s)) parts.push(c);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** pieces streams b in chunks of n bytes (as a decrypting stream would). */
function pieces(b: Uint8Array, n = 1000): ReadableStream<Uint8Array> {
  let o = 0;
  return new ReadableStream({
    pull(c) {
      if (o >= b.length) return c.close();
      c.enqueue(b.slice(o, o + n));
      o += n;
    },
  });
}

async function readAll(b: Uint8Array, chunk = 1000) {
  const z = new ZipReader(pieces(b, chunk));
  const out: [string, Uint8Array][] = [];
  for (let e = await z.next(); e; e = await z.next()) {
    const parts: Uint8Array[] = [];
    for await (const c of z.data(e)) parts.push(c.slice());
    out.push([e.name, concat(parts)]);
  }
  await z.finish();
  return out;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isShareError(e) ? e.code : String(e);
  }
  return 'ok';
}

const random = (n: number) => {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(b.subarray(i, Math.min(n, i + 65536)));
  return b;
};

describe('zip writer and reader', () => {
  const a = enc.encode('{"format":"kinko-share"}');
  const b = random(150_000);
  const c = new Uint8Array(0);

  it('round-trips Store entries with sizes in the local header', async () => {
    const z = await bytes(zip([item('manifest.json', a), item('files/資料/売上.csv', b), item('files/empty', c)], new Date(2026, 11, 1, 10, 30)));
    const view = new DataView(z.buffer);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(6, true)).toBe(0x800); // UTF-8, no data descriptor
    expect(view.getUint32(14, true)).toBe(crc32(a));
    expect(view.getUint32(18, true)).toBe(a.length);
    for (const chunk of [1, 7, 1000, 1 << 20]) {
      const got = await readAll(z, chunk);
      expect(got.map(([n]) => n)).toEqual(['manifest.json', 'files/資料/売上.csv', 'files/empty']);
      expect(hex(got[1][1])).toBe(hex(b));
      expect(got[2][1].length).toBe(0);
    }
  });

  it('reads Deflate entries with data descriptors (as zip, Explorer, 7-Zip write them)', async () => {
    const text = enc.encode('日付,金額\n2026-12-01,1000\n'.repeat(5000));
    const deflated = new Uint8Array(deflateRawSync(text));
    const withSig = streamed('files/a.csv', 8, deflated, text, true);
    const noSig = streamed('files/b.csv', 8, deflated, text, false);
    const stored = streamed('files/c.bin', 0, b, b, true);
    const got = await readAll(concat([withSig, noSig, stored, end()]), 777);
    expect(got.map(([n]) => n)).toEqual(['files/a.csv', 'files/b.csv', 'files/c.bin']);
    expect(hex(got[0][1])).toBe(hex(text));
    expect(hex(got[1][1])).toBe(hex(text));
    expect(hex(got[2][1])).toBe(hex(b));
  });

  it('refuses damaged and cut archives', async () => {
    const z = await bytes(zip([item('manifest.json', a), item('files/b', b)], new Date()));
    const damaged = z.slice();
    damaged[1000] ^= 0xff;
    expect(await code(readAll(damaged))).toBe('corrupt');
    expect(await code(readAll(z.slice(0, 100_000)))).toBe('truncated');
    expect(await code(readAll(enc.encode('not a zip at all')))).toBe('corrupt');
  });

  it('notices a file that changed between the two reads', async () => {
    const it: ZipItem = { ...item('files/x', b), data: () => new Blob([random(b.length) as Uint8Array<ArrayBuffer>]).stream() };
    expect(await code(bytes(zip([it], new Date())))).toBe('changed');
  });
});

/** streamed writes one local entry as a streaming zip tool does: bit 3, sizes after the data. */
function streamed(name: string, method: number, data: Uint8Array, plain: Uint8Array, signature: boolean): Uint8Array {
  const n = enc.encode(name);
  const h = new DataView(new ArrayBuffer(30));
  h.setUint32(0, 0x04034b50, true);
  h.setUint16(4, 20, true);
  h.setUint16(6, 0x808, true);
  h.setUint16(8, method, true);
  h.setUint16(26, n.length, true);
  const d = new DataView(new ArrayBuffer(16));
  d.setUint32(0, 0x08074b50, true);
  d.setUint32(4, crc32(plain), true);
  d.setUint32(8, data.length, true);
  d.setUint32(12, plain.length, true);
  const desc = new Uint8Array(d.buffer);
  return concat([new Uint8Array(h.buffer), n, data, signature ? desc : desc.subarray(4)]);
}

function end(): Uint8Array {
  const e = new DataView(new ArrayBuffer(22));
  e.setUint32(0, 0x06054b50, true);
  return new Uint8Array(e.buffer);
}

describe('packages', () => {
  const pass = 'sakura-mikan-tokei';
  const files = [
    { path: '報告書.txt', data: enc.encode('決算報告書\n') },
    { path: '資料/売上.csv', data: random(200_000) },
  ];
  const manifest = {
    format: 'kinko-share',
    version: 1,
    kind: 'package',
    id: '0123456789abcdef',
    office: '山田税理士事務所',
    created: new Date().toISOString(),
    expires: '2099-12-31T23:59:59+09:00',
    files: files.map((f) => ({ path: f.path, size: f.data.length, sha256: hex(sha256(f.data)) })),
  };
  const plain = async (m: unknown = manifest) => bytes(zip([item('manifest.json', enc.encode(JSON.stringify(m))), ...files.map((f) => item(`files/${f.path}`, f.data))], new Date()));
  const sealed = async (z: Uint8Array) => {
    const e = new Encrypter();
    e.setPassphrase(pass);
    e.setScryptWorkFactor(10);
    return new Blob([(await e.encrypt(z)) as Uint8Array<ArrayBuffer>]);
  };
  const collect = () => {
    const got = new Map<string, Uint8Array[]>();
    return {
      got,
      sink: async (f: { path: string }): Promise<Sink> => {
        const parts: Uint8Array[] = [];
        got.set(f.path, parts);
        return { write: async (c) => void parts.push(c.slice()) };
      },
    };
  };

  it('opens, lists and checks every file', async () => {
    const pkg = await sealed(await plain());
    const key = await unlock(pkg, pass);
    const o = await open(pkg, key);
    expect(o.manifest.office).toBe('山田税理士事務所');
    const c = collect();
    await walk(o, { sink: c.sink });
    expect(hex(concat(c.got.get('資料/売上.csv')!))).toBe(hex(files[1].data));
  });

  it('saves one file, stopping after it', async () => {
    const pkg = await sealed(await plain());
    const o = await open(pkg, await unlock(pkg, pass));
    const c = collect();
    await walk(o, { sink: async (f) => (f.path === '報告書.txt' ? c.sink(f) : null), stopAfter: '報告書.txt' });
    expect([...c.got.keys()]).toEqual(['報告書.txt']);
  });

  it('refuses a wrong passphrase, a return package and foreign files', async () => {
    const pkg = await sealed(await plain());
    expect(await code(unlock(pkg, 'sakura-mikan-tokei-x'))).toBe('passphrase');
    const e = new Encrypter();
    e.addRecipient(await identityToRecipient(await generateX25519Identity()));
    expect(await code(unlock(new Blob([(await e.encrypt('x')) as Uint8Array<ArrayBuffer>]), pass))).toBe('return_package');
    expect(await code(unlock(new Blob(['hello']), pass))).toBe('not_package');
  });

  it('refuses a package whose file does not match the manifest', async () => {
    const altered = { ...manifest, files: [manifest.files[0], { ...manifest.files[1], sha256: '0'.repeat(64) }] };
    const pkg = await sealed(await plain(altered));
    const o = await open(pkg, await unlock(pkg, pass));
    expect(await code(walk(o, { sink: async () => null }))).toBe('corrupt');
    const missing = { ...manifest, files: [manifest.files[0]] };
    const pkg2 = await sealed(await plain(missing));
    expect(await code(walk(await open(pkg2, await unlock(pkg2, pass)), { sink: async () => null }))).toBe('corrupt');
  });

  it('tells a truncated package from a damaged one', async () => {
    const whole = new Uint8Array(await (await sealed(await plain())).arrayBuffer());
    const key = await unlock(new Blob([whole]), pass);
    const cut = new Blob([whole.slice(0, whole.length - 70_000)]);
    expect(await code(open(cut, key).then((o) => walk(o, { sink: async () => null })))).toBe('truncated');
    const atChunk = new Blob([whole.slice(0, whole.length - (whole.length % 65552) + 0)]);
    expect(await code(open(atChunk, key).then((o) => walk(o, { sink: async () => null })))).toBe('truncated');
    const damaged = whole.slice();
    damaged[whole.length - 150_000] ^= 1;
    expect(await code(open(new Blob([damaged]), key).then((o) => walk(o, { sink: async () => null })))).toBe('corrupt');
  });
});
