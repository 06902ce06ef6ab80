import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import lists from './passwordWords.json';
import { maxAnalysed, minPasswordLength, passwordProblem, passwordStrength } from './password';

// The Go checker (core/password) is the rule; this copy must agree with it
// on the shared vectors and hold the same word lists.
const core = join(import.meta.dirname, '../../../core/password');

interface Vector {
  password: string;
  personal?: string[];
  reason: string;
}

const vectors: Vector[] = JSON.parse(readFileSync(join(core, 'testdata/vectors.json'), 'utf8')).vectors;

describe('passwordProblem', () => {
  it('loads the shared vectors', () => {
    expect(vectors.length).toBeGreaterThan(20);
  });

  it.each(vectors.map((v) => [v.password, v.reason || 'accepted', v] as const))('%j is %s', (_, __, v) => {
    expect(passwordProblem(v.password, v.personal ?? [])).toBe(v.reason || null);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(minPasswordLength).toBe(10);
    expect(passwordProblem('𠮷'.repeat(9))).toBe('too_short');
  });

  it('reads only the first characters of a very long password', () => {
    expect(passwordProblem('a'.repeat(10 * maxAnalysed))).toBe('sequence');
    expect(passwordProblem('mI7#kQ2$vX'.repeat(50))).toBeNull();
  });
});

describe('the word lists', () => {
  it.each(['common', 'words', 'names'] as const)('%s is the Go list', (name) => {
    const go = readFileSync(join(core, 'lists', `${name}.txt`), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lists[name]).toEqual(go);
  });
});

describe('passwordStrength', () => {
  it.each([
    ['', [], 'short'],
    ['abc123', [], 'short'],
    ['aaaaaaaaaaaa', [], 'weak'],
    ['abcdefghijk', [], 'weak'],
    ['kinko2025ab', [], 'weak'],
    ['sakura-tokyo-2024', [], 'fair'],
    ['yamada-pw-X7c9', ['yamada'], 'strong'],
    ['kinko-e2e-pass-1', [], 'strong'],
    ['correct horse battery', [], 'strong'],
  ] as const)('%j is %s', (pw, personal, want) => {
    expect(passwordStrength(pw, [...personal])).toBe(want);
  });
});
