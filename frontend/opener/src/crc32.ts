// CRC-32 (IEEE), as ZIP stores it.
const table = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Crc32 computes a CRC-32 over data given in pieces. */
export class Crc32 {
  private c = 0xffffffff;
  update(data: Uint8Array): this {
    let c = this.c;
    for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    this.c = c;
    return this;
  }
  digest(): number {
    return (this.c ^ 0xffffffff) >>> 0;
  }
}

export function crc32(data: Uint8Array): number {
  return new Crc32().update(data).digest();
}
