import { describe, expect, it } from 'vitest';
import ja from './ja.json';
import en from './en.json';

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  const fja = flatten(ja as Tree);
  const fen = flatten(en as Tree);

  it('has Japanese messages', () => {
    expect(Object.keys(fja).length).toBeGreaterThan(50);
  });

  it('has the same keys in Japanese and English', () => {
    expect(Object.keys(fen).sort()).toEqual(Object.keys(fja).sort());
  });

  it('uses the same placeholders in both languages', () => {
    for (const [k, v] of Object.entries(fja)) expect(placeholders(fen[k] ?? ''), k).toEqual(placeholders(v));
  });

  it('has no empty message', () => {
    for (const [k, v] of [...Object.entries(fja), ...Object.entries(fen)]) expect(v.trim(), k).not.toBe('');
  });

  it('writes the Japanese error messages in Japanese', () => {
    for (const [k, v] of Object.entries(fja)) {
      if (k.startsWith('errors.')) expect(v, k).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});
