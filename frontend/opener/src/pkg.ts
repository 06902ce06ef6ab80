// Reading a package: the age header (passphrase → file key, once), then
// the decrypting stream through the ZIP, front to back, checking each file
// against the manifest as it goes.
import { Decrypter, armor } from 'age-encryption';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex, streamError } from './bytes';
import { ShareError } from './errors';
import { FILES_DIR, MANIFEST, MAX_MANIFEST, parseManifest, type Manifest, type ManifestFile } from './manifest';
import { ZipReader } from './zipread';

const MAGIC = 'age-encryption.org/v1\n';
const ARMOR = '-----BEGIN AGE ENCRYPTED FILE-----';
const CHUNK = 64 * 1024;

/**
 * binary returns the package as binary age (an ASCII-armored one, which
 * Kinko does not write but the age tool can, is decoded first).
 */
export async function binary(pkg: Blob): Promise<Blob> {
  const head = new TextDecoder().decode(await pkg.slice(0, 64).arrayBuffer());
  if (head.trimStart().startsWith(ARMOR)) {
    try {
      return new Blob([armor.decode(await pkg.text()) as Uint8Array<ArrayBuffer>]);
    } catch {
      throw new ShareError('not_package', 'armor');
    }
  }
  return pkg;
}

/** header returns the age header's bytes (up to and including the MAC line). */
export async function header(pkg: Blob): Promise<Uint8Array> {
  const b = new Uint8Array(await pkg.slice(0, 1 << 20).arrayBuffer());
  const text = new TextDecoder('latin1').decode(b);
  if (!text.startsWith(MAGIC)) throw new ShareError('not_package', 'not age');
  const mac = text.indexOf('\n--- ');
  const end = mac < 0 ? -1 : text.indexOf('\n', mac + 1);
  if (end < 0) throw new ShareError(b.length < pkg.size ? 'not_package' : 'truncated', 'header');
  const h = b.slice(0, end + 1);
  const stanzas = text.slice(0, mac).split('\n').filter((l) => l.startsWith('-> '));
  if (!stanzas.some((l) => l.startsWith('-> scrypt '))) {
    if (stanzas.some((l) => /^-> (X25519|mlkem)/i.test(l))) throw new ShareError('return_package');
    throw new ShareError('not_package', 'no passphrase stanza');
  }
  return h;
}

/** unlock derives the file key from the passphrase (scrypt: a second or two). */
export async function unlock(pkg: Blob, passphrase: string): Promise<Uint8Array> {
  const h = await header(pkg);
  const d = new Decrypter();
  d.addPassphrase(passphrase);
  try {
    return await d.decryptHeader(h);
  } catch (e) {
    const m = String((e as Error)?.message ?? e);
    if (/no identity matched/i.test(m)) throw new ShareError('passphrase');
    if (/work factor/i.test(m)) throw new ShareError('work_factor');
    if (/HMAC/i.test(m)) throw new ShareError('corrupt', 'header');
    throw new ShareError('not_package', m);
  }
}

/**
 * plaintext returns the package's decrypted bytes as a stream, decrypted
 * 64 KiB at a time as they are read. An error at the last chunk is
 * "truncated", before it "corrupt".
 */
export async function plaintext(pkg: Blob, fileKey: Uint8Array): Promise<ReadableStream<Uint8Array>> {
  const d = new Decrypter();
  d.addIdentity({ unwrapFileKey: () => fileKey });
  let src: Awaited<ReturnType<Decrypter['decrypt']>> & ReadableStream<Uint8Array>;
  try {
    src = (await d.decrypt(pkg.stream())) as typeof src;
  } catch (e) {
    throw streamError(e);
  }
  let expected: number;
  try {
    expected = src.size(pkg.size);
  } catch {
    await src.cancel().catch(() => {});
    throw new ShareError('truncated', 'size');
  }
  const r = src.getReader();
  let n = 0;
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const x = await r.read();
        if (x.done) c.close();
        else {
          n += x.value.length;
          c.enqueue(x.value);
        }
      } catch (e) {
        const err = streamError(e);
        c.error(err instanceof ShareError && n + CHUNK >= expected ? new ShareError('truncated') : err instanceof ShareError ? err : new ShareError('corrupt'));
      }
    },
    cancel(reason) {
      return r.cancel(reason);
    },
  });
}

export interface Opened {
  manifest: Manifest;
  zip: ZipReader;
}

/** open starts reading the package: its manifest, checked. */
export async function open(pkg: Blob, fileKey: Uint8Array): Promise<Opened> {
  const zip = new ZipReader(await plaintext(pkg, fileKey));
  try {
    const e = await zip.next();
    if (!e || e.name !== MANIFEST) throw new ShareError('not_package', 'manifest not first');
    const parts: Uint8Array[] = [];
    let n = 0;
    for await (const c of zip.data(e)) {
      n += c.length;
      if (n > MAX_MANIFEST) throw new ShareError('not_package', 'manifest too large');
      parts.push(c.slice());
    }
    const all = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    return { manifest: parseManifest(all), zip };
  } catch (e) {
    await zip.cancel();
    throw e;
  }
}

/** A Sink receives one file's bytes. */
export interface Sink {
  write(chunk: Uint8Array): Promise<void>;
}

export interface WalkOptions {
  /** sink returns where a file goes, or null to check and skip it. */
  sink: (f: ManifestFile) => Promise<Sink | null>;
  /** progress is told the bytes of files read so far. */
  progress?: (done: number) => void;
  /** stopAfter: stop after this file (saving one file); otherwise read to the end, every file checked and truncation noticed. */
  stopAfter?: string;
  signal?: AbortSignal;
}

/**
 * walk reads the package's files in order, checks each against the
 * manifest (listed, size, SHA-256) and hands the wanted ones to their sink.
 * Any mismatch throws corrupt: a caller discards what its sinks received.
 */
export async function walk({ manifest, zip }: Opened, opt: WalkOptions): Promise<void> {
  const byPath = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  let done = 0;
  try {
    for (;;) {
      if (opt.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
      const e = await zip.next();
      if (!e) break;
      if (e.name.endsWith('/')) {
        await zip.skip(e);
        continue;
      }
      if (!e.name.startsWith(FILES_DIR)) throw new ShareError('corrupt', 'unexpected entry');
      const f = byPath.get(e.name.slice(FILES_DIR.length));
      if (!f || seen.has(f.path)) throw new ShareError('corrupt', 'entry not in manifest');
      seen.add(f.path);
      const sink = await opt.sink(f);
      const h = sha256.create();
      let n = 0;
      for await (const c of zip.data(e, f.size)) {
        if (opt.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
        h.update(c);
        n += c.length;
        if (n > f.size) throw new ShareError('corrupt', 'size');
        if (sink) await sink.write(c);
        opt.progress?.(done + n);
      }
      done += n;
      if (n !== f.size || hex(h.digest()) !== f.sha256) throw new ShareError('corrupt', 'hash');
      if (opt.stopAfter === f.path) return;
    }
    if (opt.stopAfter !== undefined) throw new ShareError('corrupt', 'file missing');
    {
      if (seen.size !== manifest.files.length) throw new ShareError('corrupt', 'file missing');
      await zip.finish();
    }
  } finally {
    await zip.cancel();
  }
}
