import { ShareError } from './errors';

/**
 * ByteReader reads a stream of byte chunks as a sequence: exact reads for
 * headers, and pieces of a given length for entry data, without holding
 * more than a chunk or two. An early end is "truncated".
 */
export class ByteReader {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private ended = false;
  /** offset counts the bytes consumed so far. */
  offset = 0;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  private get available(): number {
    return this.buf.length - this.pos;
  }

  /** fill makes at least n bytes available unless the stream ends first. */
  private async fill(n: number): Promise<void> {
    while (this.available < n && !this.ended) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await this.reader.read();
      } catch (e) {
        throw streamError(e);
      }
      if (r.done) {
        this.ended = true;
        break;
      }
      if (r.value.length === 0) continue;
      if (this.available === 0) {
        this.buf = r.value;
      } else {
        const b = new Uint8Array(this.available + r.value.length);
        b.set(this.buf.subarray(this.pos));
        b.set(r.value, this.available);
        this.buf = b;
      }
      this.pos = 0;
    }
  }

  /** peek returns up to n bytes without consuming them (fewer at the end). */
  async peek(n: number): Promise<Uint8Array> {
    await this.fill(n);
    return this.buf.subarray(this.pos, this.pos + Math.min(n, this.available));
  }

  /** read returns exactly n bytes (a copy) or throws truncated. */
  async read(n: number): Promise<Uint8Array> {
    await this.fill(n);
    if (this.available < n) throw new ShareError('truncated');
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    this.offset += n;
    return out;
  }

  async skip(n: number): Promise<void> {
    for await (const _ of this.pieces(n)) {
      // discarded
    }
  }

  /** pieces yields the next n bytes in pieces, or throws truncated. */
  async *pieces(n: number): AsyncGenerator<Uint8Array> {
    while (n > 0) {
      if (this.available === 0) await this.fill(1);
      if (this.available === 0) throw new ShareError('truncated');
      const k = Math.min(n, this.available);
      const out = this.buf.subarray(this.pos, this.pos + k);
      this.pos += k;
      this.offset += k;
      n -= k;
      yield out;
    }
  }

  /**
   * until yields bytes up to the first position where found(window, i)
   * says the data ends (window holds at least look bytes from i on, or the
   * rest of the stream); returns the number of bytes yielded. The bytes at
   * the end position are not consumed.
   */
  async *until(look: number, found: (w: Uint8Array, i: number, total: number) => boolean): AsyncGenerator<Uint8Array, number> {
    let total = 0;
    for (;;) {
      await this.fill(look + 1);
      if (this.available === 0) throw new ShareError('truncated');
      const w = this.buf.subarray(this.pos);
      // Positions i whose look bytes are all here can be decided now.
      const decidable = this.ended ? w.length : w.length - look;
      let end = -1;
      for (let i = 0; i < Math.max(decidable, 0); i++) {
        if (found(w, i, total + i)) {
          end = i;
          break;
        }
      }
      if (end >= 0) {
        if (end > 0) yield w.slice(0, end);
        this.pos += end;
        this.offset += end;
        return total + end;
      }
      if (this.ended) throw new ShareError('truncated');
      if (decidable > 0) {
        yield w.slice(0, decidable);
        this.pos += decidable;
        this.offset += decidable;
        total += decidable;
      } else {
        // not enough to decide one position: read more
        await this.fill(this.available + 65536);
        if (this.available <= look && this.ended) continue;
      }
    }
  }

  async atEnd(): Promise<boolean> {
    await this.fill(1);
    return this.available === 0;
  }

  async cancel(): Promise<void> {
    try {
      await this.reader.cancel();
    } catch {
      // already failed
    }
  }
}

/**
 * streamError turns an error of the decrypting stream into a refusal: a
 * chunk that fails its authentication tag is damage, a stream that ends
 * before its last chunk is truncation.
 */
export function streamError(e: unknown): Error {
  if (e instanceof ShareError) return e;
  const m = String((e as Error)?.message ?? e);
  if (/final chunk|too small|size is invalid|unexpected end|incomplete/i.test(m)) return new ShareError('truncated', m);
  if (/tag|invalid|corrupt|decrypt/i.test(m)) return new ShareError('corrupt', m);
  if (e instanceof Error) return e;
  return new Error(m);
}

export const le16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);
export const le32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
export const le64 = (b: Uint8Array, o: number): number => le32(b, o) + le32(b, o + 4) * 2 ** 32;

export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
