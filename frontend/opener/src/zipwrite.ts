// A ZIP writer for the return envelope: every entry Store, with CRC-32 and
// sizes in the local header (the caller computed them in a first pass), so
// no data descriptor; ZIP64 fields where a size or offset needs them. The
// archive is produced as a stream: one entry's data at a time.
import { Crc32 } from './crc32';
import { ShareError } from './errors';

export interface ZipItem {
  name: string;
  size: number;
  crc: number;
  /** data returns the entry's bytes (a second read of the file). */
  data: () => ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
}

const MAX32 = 0xffffffff;
const enc = new TextEncoder();

class Buf {
  private b: Uint8Array;
  private v: DataView;
  o = 0;
  constructor(n: number) {
    this.b = new Uint8Array(n);
    this.v = new DataView(this.b.buffer);
  }
  u16(x: number) {
    this.v.setUint16(this.o, x, true);
    this.o += 2;
  }
  u32(x: number) {
    this.v.setUint32(this.o, x >>> 0, true);
    this.o += 4;
  }
  u64(x: number) {
    this.u32(x % 2 ** 32);
    this.u32(Math.floor(x / 2 ** 32));
  }
  bytes(x: Uint8Array) {
    this.b.set(x, this.o);
    this.o += x.length;
  }
  done(): Uint8Array {
    return this.b.subarray(0, this.o);
  }
}

/** dosTime returns the MS-DOS time and date of d (local time, as ZIP tools show it). */
export function dosTime(d: Date): [number, number] {
  const y = Math.max(d.getFullYear(), 1980);
  return [(d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1), ((y - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate()];
}

/**
 * zip returns the archive of items as a stream. Each item's data must be
 * exactly its size with its CRC-32, or the stream fails with "changed" (the
 * file changed between the two reads).
 */
export function zip(items: ZipItem[], modified: Date): ReadableStream<Uint8Array> {
  const [time, date] = dosTime(modified);
  async function* gen(): AsyncGenerator<Uint8Array> {
    const central: Uint8Array[] = [];
    let offset = 0;
    for (const it of items) {
      const name = enc.encode(it.name);
      const big = it.size >= MAX32;
      const local = new Buf(30 + name.length + 20);
      local.u32(0x04034b50);
      local.u16(big ? 45 : 20);
      local.u16(0x800); // UTF-8 names
      local.u16(0); // Store
      local.u16(time);
      local.u16(date);
      local.u32(it.crc);
      local.u32(big ? MAX32 : it.size);
      local.u32(big ? MAX32 : it.size);
      local.u16(name.length);
      local.u16(big ? 20 : 0);
      local.bytes(name);
      if (big) {
        local.u16(0x0001);
        local.u16(16);
        local.u64(it.size);
        local.u64(it.size);
      }
      const head = local.done();
      const at = offset;
      yield head;
      offset += head.length;
      const crc = new Crc32();
      let n = 0;
      const src = it.data();
      const chunks: AsyncIterable<Uint8Array> = src instanceof ReadableStream ? iterate(src) : src;
      for await (const c of chunks) {
        n += c.length;
        if (n > it.size) throw new ShareError('changed', it.name);
        crc.update(c);
        yield c;
      }
      if (n !== it.size || crc.digest() !== it.crc) throw new ShareError('changed', it.name);
      offset += n;
      const far = big || at >= MAX32;
      const c = new Buf(46 + name.length + 28);
      c.u32(0x02014b50);
      c.u16(far ? 45 : 20); // made by: MS-DOS, version
      c.u16(far ? 45 : 20);
      c.u16(0x800);
      c.u16(0);
      c.u16(time);
      c.u16(date);
      c.u32(it.crc);
      c.u32(big ? MAX32 : it.size);
      c.u32(big ? MAX32 : it.size);
      c.u16(name.length);
      const extra = (big ? 16 : 0) + (at >= MAX32 ? 8 : 0);
      c.u16(extra ? extra + 4 : 0);
      c.u16(0); // comment
      c.u16(0); // disk
      c.u16(0); // internal attributes
      c.u32(0); // external attributes
      c.u32(at >= MAX32 ? MAX32 : at);
      c.bytes(name);
      if (extra) {
        c.u16(0x0001);
        c.u16(extra);
        if (big) {
          c.u64(it.size);
          c.u64(it.size);
        }
        if (at >= MAX32) c.u64(at);
      }
      central.push(c.done());
    }
    const cdStart = offset;
    let cdSize = 0;
    for (const c of central) {
      yield c;
      cdSize += c.length;
    }
    const n = items.length;
    if (n >= 0xffff || cdStart >= MAX32 || cdSize >= MAX32) {
      const z = new Buf(56 + 20);
      z.u32(0x06064b50);
      z.u64(44);
      z.u16(45);
      z.u16(45);
      z.u32(0);
      z.u32(0);
      z.u64(n);
      z.u64(n);
      z.u64(cdSize);
      z.u64(cdStart);
      z.u32(0x07064b50); // locator
      z.u32(0);
      z.u64(cdStart + cdSize);
      z.u32(1);
      yield z.done();
    }
    const e = new Buf(22);
    e.u32(0x06054b50);
    e.u16(0);
    e.u16(0);
    e.u16(Math.min(n, 0xffff));
    e.u16(Math.min(n, 0xffff));
    e.u32(Math.min(cdSize, MAX32));
    e.u32(Math.min(cdStart, MAX32));
    e.u16(0);
    yield e.done();
  }
  const it = gen();
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const r = await it.next();
        if (r.done) c.close();
        else c.enqueue(r.value);
      } catch (e) {
        c.error(e);
      }
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}

export async function* iterate(s: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const r = s.getReader();
  try {
    for (;;) {
      const x = await r.read();
      if (x.done) return;
      yield x.value;
    }
  } finally {
    r.releaseLock();
  }
}
