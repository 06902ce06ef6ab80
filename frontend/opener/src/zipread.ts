// A ZIP reader that goes through the archive once, front to back, from the
// local headers (the central directory at the end is never needed): the
// package is a decrypting stream, possibly of gigabytes, and cannot be
// seeked. Store and Deflate entries; sizes from the local header (with a
// ZIP64 extra field), from a data descriptor (bit 3), or — for a Store
// entry whose sizes do not fit the local header — from the caller's hint
// (the manifest's size).
import { ByteReader, le16, le32, le64 } from './bytes';
import { Crc32 } from './crc32';
import { ShareError } from './errors';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const DESCRIPTOR = 0x08074b50;

export const STORE = 0;
export const DEFLATE = 8;

export interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number; // -1: unknown (data descriptor)
  size: number; // -1: unknown
  /** descriptor: sizes and CRC follow the data */
  descriptor: boolean;
}

export class ZipReader {
  private r: ByteReader;
  private pending: Entry | null = null;
  private finished = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.r = new ByteReader(stream);
  }

  /**
   * next returns the next entry's header, or null at the central directory.
   * The previous entry's data must have been read (data) or skipped.
   */
  async next(): Promise<Entry | null> {
    if (this.pending) throw new Error('zip: previous entry not read');
    if (this.finished) return null;
    const sig = await this.r.peek(4);
    if (sig.length < 4) throw new ShareError('truncated');
    const s = le32(sig, 0);
    if (s === CENTRAL || s === END || s === END64) {
      this.finished = true;
      return null;
    }
    if (s !== LOCAL) throw new ShareError('corrupt', 'no local header');
    const h = await this.r.read(30);
    const flags = le16(h, 6);
    const method = le16(h, 8);
    let crc = le32(h, 14);
    let compressedSize = le32(h, 18);
    let size = le32(h, 22);
    const nameLen = le16(h, 26);
    const extraLen = le16(h, 28);
    const nameBytes = await this.r.read(nameLen);
    const extra = await this.r.read(extraLen);
    if (flags & 1) throw new ShareError('corrupt', 'encrypted entry');
    if (method !== STORE && method !== DEFLATE) throw new ShareError('corrupt', `method ${method}`);
    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(nameBytes);
    } catch {
      throw new ShareError('unsafe_name', 'name not UTF-8');
    }
    // ZIP64: the sizes that did not fit are in extra field 0x0001, in order.
    for (let o = 0; o + 4 <= extra.length; ) {
      const id = le16(extra, o);
      const n = le16(extra, o + 2);
      if (id === 0x0001) {
        let p = o + 4;
        if (size === 0xffffffff && p + 8 <= o + 4 + n) {
          size = le64(extra, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff && p + 8 <= o + 4 + n) compressedSize = le64(extra, p);
      }
      o += 4 + n;
    }
    const descriptor = (flags & 8) !== 0;
    if (descriptor && compressedSize === 0 && size === 0 && crc === 0) {
      compressedSize = -1;
      size = -1;
    }
    if (size === 0xffffffff) size = -1;
    if (compressedSize === 0xffffffff) compressedSize = -1;
    if (method === STORE && compressedSize >= 0 && size >= 0 && compressedSize !== size) throw new ShareError('corrupt', 'stored sizes differ');
    if (descriptor && compressedSize < 0) crc = 0;
    this.pending = { name, method, flags, crc, compressedSize, size, descriptor };
    return this.pending;
  }

  /**
   * data yields the entry's uncompressed bytes and checks them against the
   * CRC-32 and size of the header or the data descriptor. sizeHint is the
   * size the caller expects (the manifest's), used for a Store entry whose
   * local header does not say it.
   */
  async *data(e: Entry, sizeHint = -1): AsyncGenerator<Uint8Array> {
    if (e !== this.pending) throw new Error('zip: not the current entry');
    this.pending = null;
    if (e.method === STORE && e.compressedSize < 0 && !e.descriptor && sizeHint >= 0) {
      e.compressedSize = e.size = sizeHint;
    }
    const crc = new Crc32();
    let n = 0;
    let raw: AsyncGenerator<Uint8Array, unknown>;
    let measured = -1;
    if (e.compressedSize >= 0) {
      raw = this.r.pieces(e.compressedSize);
    } else if (e.descriptor) {
      // The data ends where a descriptor starts whose compressed size is the
      // number of bytes before it (32- or 64-bit form).
      // (The signature is optional: without it, CRC and sizes are followed
      // by the next record.)
      raw = this.r.until(24, (w, i, total) => {
        if (i + 16 <= w.length && le32(w, i + 4) === total % 2 ** 32 && startsRecord(w.subarray(i + 12))) return true;
        if (le32(w, i) !== DESCRIPTOR) return false;
        if (i + 16 <= w.length && le32(w, i + 8) === total % 2 ** 32 && fits(w, i + 16)) return true;
        return i + 24 <= w.length && le64(w, i + 8) === total && fits(w, i + 24);
      });
    } else {
      throw new ShareError('corrupt', 'entry size unknown');
    }
    const counted = async function* (): AsyncGenerator<Uint8Array> {
      let k = 0;
      const it = raw[Symbol.asyncIterator]();
      for (;;) {
        const r = await it.next();
        if (r.done) {
          measured = typeof r.value === 'number' ? r.value : k;
          return;
        }
        k += r.value.length;
        yield r.value;
      }
    };
    const plain = e.method === STORE ? counted() : inflate(counted());
    for await (const chunk of plain) {
      crc.update(chunk);
      n += chunk.length;
      yield chunk;
    }
    let wantCrc = e.crc;
    let wantSize = e.size;
    if (e.descriptor) {
      // [signature] CRC-32, compressed and uncompressed size: 32-bit sizes,
      // or 64-bit (ZIP64); which one shows by where the next record starts.
      const sig = await this.r.peek(4);
      if (sig.length === 4 && le32(sig, 0) === DESCRIPTOR) await this.r.read(4);
      const look = await this.r.peek(24);
      if (look.length < 16) throw new ShareError('truncated');
      let long: boolean;
      if (startsRecord(look.subarray(12))) long = false;
      else if (look.length >= 24 && startsRecord(look.subarray(20))) long = true;
      else if (look.length < 24) throw new ShareError('truncated');
      else throw new ShareError('corrupt', 'data descriptor');
      const d = await this.r.read(long ? 20 : 12);
      wantCrc = le32(d, 0);
      const compressed = long ? le64(d, 4) : le32(d, 4);
      wantSize = long ? le64(d, 12) : le32(d, 8);
      const had = e.compressedSize >= 0 ? e.compressedSize : measured;
      if (compressed !== had) throw new ShareError('corrupt', 'descriptor size');
    }
    if (wantSize >= 0 && n !== wantSize) throw new ShareError('corrupt', 'size');
    if (crc.digest() !== wantCrc) throw new ShareError('corrupt', 'crc');
  }

  /** skip reads past the current entry's data, checking it. */
  async skip(e: Entry, sizeHint = -1): Promise<void> {
    for await (const _ of this.data(e, sizeHint)) {
      // checked and dropped
    }
  }

  /**
   * finish reads the rest (the central directory) so that a truncated file
   * is noticed: the stream must end without error.
   */
  async finish(): Promise<void> {
    while (!(await this.r.atEnd())) await this.r.skip(Math.min(1 << 20, (await this.r.peek(1 << 16)).length));
  }

  async cancel(): Promise<void> {
    await this.r.cancel();
  }
}

/** fits reports whether a record (local header, central directory, end) starts at w[i] (or w ends there). */
function fits(w: Uint8Array, i: number): boolean {
  if (i + 4 > w.length) return true;
  return startsRecord(w.subarray(i));
}

function startsRecord(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const s = le32(b, 0);
  return s === LOCAL || s === CENTRAL || s === END || s === END64;
}

/** inflate decompresses raw Deflate data given in pieces, keeping memory flat. */
async function* inflate(src: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = new ReadableStream<Uint8Array>({
    async pull(c) {
      const r = await src.next();
      if (r.done) c.close();
      else c.enqueue(r.value);
    },
    async cancel() {
      await src.return(undefined);
    },
  });
  const out = input.pipeThrough(new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>);
  const reader = out.getReader();
  for (;;) {
    let r: ReadableStreamReadResult<Uint8Array>;
    try {
      r = await reader.read();
    } catch (e) {
      if (e instanceof ShareError) throw e;
      throw new ShareError('corrupt', `deflate: ${(e as Error)?.message ?? e}`);
    }
    if (r.done) return;
    yield r.value;
  }
}
