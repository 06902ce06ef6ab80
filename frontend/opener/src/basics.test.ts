import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, Crc32 } from './crc32';
import { isShareError } from './errors';
import { cleanPart, expired, parseManifest, returnName, safePath } from './manifest';
import { normalizePassphrase } from './passphrase';
import { downloadNames, unique } from './save';

const enc = new TextEncoder();

describe('normalizePassphrase', () => {
  // The same vectors as Go's share.NormalizePassphrase test.
  const vectors: [string, string][] = JSON.parse(readFileSync(join(__dirname, '../../../core/share/opener/testdata/passphrase.json'), 'utf8'));
  it.each(vectors)('%j → %j', (typed, want) => {
    expect(normalizePassphrase(typed)).toBe(want);
  });
  it('leaves a generated passphrase as it is', () => {
    expect(normalizePassphrase('tanuki-sakana-hikari-momiji-kumo-yuki')).toBe('tanuki-sakana-hikari-momiji-kumo-yuki');
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  it('is the same in pieces', () => {
    const data = enc.encode('金庫 Kinko の共有パッケージ'.repeat(100));
    expect(new Crc32().update(data.subarray(0, 7)).update(data.subarray(7)).digest()).toBe(crc32(data));
  });
});

const good = {
  format: 'kinko-share',
  version: 1,
  kind: 'package',
  id: '0123456789abcdef',
  office: '山田税理士事務所',
  created: '2026-12-01T10:00:00+09:00',
  expires: '2026-12-31T23:59:59+09:00',
  files: [{ path: '資料/a.csv', size: 3, sha256: 'a'.repeat(64) }],
};
const json = (m: unknown) => enc.encode(JSON.stringify(m));
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isShareError(e) ? e.code : String(e);
  }
  return 'ok';
};

describe('parseManifest', () => {
  it('accepts a package manifest', () => {
    expect(parseManifest(json(good)).files[0].path).toBe('資料/a.csv');
  });
  it('refuses what is not a Kinko manifest', () => {
    expect(code(() => parseManifest(enc.encode('not json')))).toBe('not_package');
    expect(code(() => parseManifest(json({ ...good, format: 'other' })))).toBe('not_package');
    expect(code(() => parseManifest(json({ ...good, kind: 'x' })))).toBe('not_package');
  });
  it('says when a newer Kinko made it', () => {
    expect(code(() => parseManifest(json({ ...good, version: 2 })))).toBe('too_new');
  });
  it('refuses bad file entries', () => {
    expect(code(() => parseManifest(json({ ...good, files: [{ path: 'a', size: -1, sha256: 'a'.repeat(64) }] })))).toBe('corrupt');
    expect(code(() => parseManifest(json({ ...good, files: [{ path: 'a', size: 1, sha256: 'xyz' }] })))).toBe('corrupt');
    const f = { size: 1, sha256: 'a'.repeat(64) };
    expect(code(() => parseManifest(json({ ...good, files: [{ path: 'A.txt', ...f }, { path: 'a.txt', ...f }] })))).toBe('corrupt');
    expect(code(() => parseManifest(json({ ...good, files: [{ path: '../a.txt', ...f }] })))).toBe('unsafe_name');
  });
  it('knows when it expired', () => {
    const m = parseManifest(json(good));
    expect(expired(m, new Date('2026-12-31T23:59:58+09:00'))).toBe(false);
    expect(expired(m, new Date('2027-01-01T00:00:00+09:00'))).toBe(true);
  });
});

describe('safePath', () => {
  it.each(['a.txt', '資料/2026/売上.csv', 'a b/c.d.txt', 'x/CONSOLE.txt'])('accepts %s', (p) => expect(safePath(p)).toBe(true));
  it.each(['', '/a', 'a//b', '../a', 'a/../b', './a', 'C:a', 'c:/a', 'a\\b', 'CON', 'nul.txt', 'x/COM1.log', 'lpt9', 'a.', 'a ', 'a\u0001b', 'a?b', 'a*b', 'a|b', 'a<b', 'a"b'])('refuses %j', (p) =>
    expect(safePath(p)).toBe(false),
  );
});

describe('names', () => {
  it('cleans names a client gave', () => {
    expect(cleanPart('a/b:c?.txt')).toBe('a_b_c_.txt');
    expect(cleanPart('CON')).toBe('_CON');
    expect(cleanPart('...')).toBe('file');
    expect(cleanPart('name. ')).toBe('name');
  });
  it('flattens package paths for the download folder', () => {
    const f = (path: string) => ({ path, size: 0, sha256: '' });
    const names = downloadNames([f('a.txt'), f('x/b.txt'), f('y/b.txt'), f('B.txt'), f('z/c.txt')]);
    expect([...names.values()]).toEqual(['a.txt', 'x_b.txt', 'y_b.txt', 'B.txt', 'c.txt']);
  });
  it('keeps both when a name is taken', () => {
    const taken = new Set(['a.txt', 'a (2).txt']);
    expect(unique('a.txt', (n) => taken.has(n))).toBe('a (3).txt');
    expect(unique('noext', () => false)).toBe('noext');
  });
  it('names the return file in Japan time', () => {
    expect(returnName('山田税理士事務所', new Date('2026-12-01T15:04:00Z'))).toBe('山田税理士事務所_返送_20261202-0004.age');
    expect(returnName('A/B', new Date('2026-12-01T00:00:00Z'))).toBe('A_B_返送_20261201-0900.age');
  });
});
