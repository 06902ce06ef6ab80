import { describe, expect, it } from 'vitest';
import ja from './ja.json';

/** strings flattens a locale tree to [key, text] pairs. */
function strings(tree: unknown, prefix = ''): Array<[string, string]> {
  if (typeof tree === 'string') return [[prefix, tree]];
  if (!tree || typeof tree !== 'object') return [];
  return Object.entries(tree).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

// One word per concept in Japanese: the computer is "PC" (as Windows says,
// "この PC"), a hidden number is "伏字". The other words for them must not
// creep back in.
const banned: Array<[RegExp, string]> = [
  [/パソコン/, 'PC'],
  [/マスク/, '伏字'],
  [/伏せ字/, '伏字'],
];

describe('ja.json wording', () => {
  it.each(banned)('does not say %s (the word is %s)', (re) => {
    const hits = strings(ja)
      .filter(([, s]) => re.test(s))
      .map(([k, s]) => `${k}: ${s}`);
    expect(hits).toEqual([]);
  });
});
