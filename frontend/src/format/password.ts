// How easy a new password is to guess: the frontend's copy of core/password,
// so the password fields can say why a password will be refused before it
// is sent. The Go side is the rule (the vault refuses on its own); this copy
// must reach the same verdicts. password.test.ts runs the shared vectors in
// core/password/testdata/vectors.json and checks that passwordWords.json
// holds the Go lists. Change both together.
//
// The model is zxcvbn's (Wheeler, 2016), cut down: the cheapest cover of the
// password by patterns (common words and names, the user's own words,
// keyboard walks, repeats, runs, dates) and single characters (10 guesses
// each); fewer than 1e8 guesses is refused.

import lists from './passwordWords.json';

/** The minimum password length the vault accepts (vault.MinPasswordLen). */
export const minPasswordLength = 10;

/** Only the first maxAnalysed characters are read (password.MaxAnalysed). */
export const maxAnalysed = 128;

const minGuesses = 1e8;
const capGuesses = 1e30;
const referenceYear = 2025;

/** Why a password is refused; the strings are the Go reasons and error codes (password.<reason>). */
export type PasswordReason = 'too_short' | 'personal' | 'common' | 'keyboard' | 'sequence' | 'date';

const reasons: PasswordReason[] = ['too_short', 'personal', 'common', 'keyboard', 'sequence', 'date'];

type Kind = Exclude<PasswordReason, 'too_short'>;

interface Match {
  i: number;
  j: number;
  kind: Kind;
  guesses: number;
}

interface Dictionary {
  kind: Kind;
  rank: Map<string, number>;
  longest: number;
}

const capped = (g: number) => Math.min(g, capGuesses);

const pow10: number[] = [1];
const factorial: number[] = [1];
for (let i = 1; i <= maxAnalysed; i++) {
  pow10.push(capped(pow10[i - 1] * 10));
  factorial.push(capped(factorial[i - 1] * i));
}

const A = 65;
const Z = 90;
const a = 97;
const z = 122;
const zero = 48;
const nine = 57;
const cp = (s: string) => s.codePointAt(0)!;

/** Full-width ASCII as half-width, the ideographic space as a space. */
function normalise(rs: number[]): number[] {
  return rs.map((r) => (r >= 0xff01 && r <= 0xff5e ? r - 0xfee0 : r === 0x3000 ? 32 : r));
}

const lower = (r: number) => (r >= A && r <= Z ? r + 32 : r);

function newDictionary(kind: Kind, words: string[]): Dictionary {
  const d: Dictionary = { kind, rank: new Map(), longest: 0 };
  for (const w of words) {
    if (d.rank.has(w)) continue;
    d.rank.set(w, d.rank.size + 1);
    d.longest = Math.max(d.longest, [...w].length);
  }
  return d;
}

const shared: Dictionary[] = [newDictionary('common', lists.common), newDictionary('common', lists.words), newDictionary('common', lists.names)];

const letterOrDigit = /^[\p{L}\p{Nd}]$/u;

/** The user's own words: each of personal split into letter-and-digit parts, and each whole without separators. */
function personalWords(personal: string[]): string[] {
  const words: string[] = [];
  const add = (w: number[]) => {
    const ascii = w.every((r) => r < 0x80);
    if (w.length >= 3 || (!ascii && w.length >= 2)) words.push(String.fromCodePoint(...w));
  };
  for (const p of personal) {
    let part: number[] = [];
    const whole: number[] = [];
    for (let r of normalise([...p].map(cp))) {
      r = lower(r);
      if (letterOrDigit.test(String.fromCodePoint(r))) {
        part.push(r);
        whole.push(r);
        continue;
      }
      add(part);
      part = [];
    }
    add(part);
    add(whole);
  }
  return words;
}

function nCk(n: number, k: number): number {
  if (k > n) return 0;
  if (k === 0) return 1;
  let r = 1;
  for (let d = 1; d <= k; d++) {
    r *= n;
    r /= d;
    n--;
  }
  return r;
}

// --- keyboards ---------------------------------------------------------

interface KeyPos {
  row: number;
  col: number;
  shifted: boolean;
}

interface Keyboard {
  key: Map<number, KeyPos>;
  keys: number;
  degree: number;
}

const directions: Array<[number, number]> = [
  [0, -1],
  [0, 1],
  [-1, 0],
  [-1, 1],
  [1, -1],
  [1, 0],
];

function newKeyboard(rows: Array<[number, string, string]>): Keyboard {
  const k: Keyboard = { key: new Map(), keys: 0, degree: 0 };
  const cells = new Set<string>();
  rows.forEach(([start, plain, shifted], r) => {
    const p = [...plain].map(cp);
    const s = [...shifted].map(cp);
    p.forEach((ch, c) => {
      cells.add(`${r},${start + c}`);
      if (!k.key.has(ch)) k.key.set(ch, { row: r, col: start + c, shifted: false });
      if (s[c] !== 32 && !k.key.has(s[c])) k.key.set(s[c], { row: r, col: start + c, shifted: true });
    });
  });
  let edges = 0;
  for (const c of cells) {
    const [row, col] = c.split(',').map(Number);
    for (const [dr, dc] of directions) if (cells.has(`${row + dr},${col + dc}`)) edges++;
  }
  k.keys = cells.size;
  k.degree = edges / k.keys;
  return k;
}

// The US layout and the Japanese JIS layout (see core/password/keyboard.go).
const keyboards: Keyboard[] = [
  newKeyboard([
    [0, '`1234567890-=', '~!@#$%^&*()_+'],
    [1, 'qwertyuiop[]\\', 'QWERTYUIOP{}|'],
    [1, "asdfghjkl;'", 'ASDFGHJKL:"'],
    [1, 'zxcvbnm,./', 'ZXCVBNM<>?'],
  ]),
  newKeyboard([
    [1, '1234567890-^¥', '!"#$%&\'() =~|'],
    [1, 'qwertyuiop@[', 'QWERTYUIOP`{'],
    [1, 'asdfghjkl;:]', 'ASDFGHJKL+*}'],
    [1, 'zxcvbnm,./\\', 'ZXCVBNM<>?_'],
  ]),
];

function direction(p: KeyPos, q: KeyPos): number {
  return directions.findIndex(([dr, dc]) => q.row === p.row + dr && q.col === p.col + dc);
}

function keyboardGuesses(k: Keyboard, length: number, turns: number, shifted: number): number {
  let g = 0;
  for (let i = 2; i <= length; i++) {
    for (let t = 1; t <= Math.min(turns, i - 1); t++) {
      let p = k.keys;
      for (let n = 0; n < t; n++) p *= k.degree;
      g += nCk(i - 1, t - 1) * p;
    }
  }
  if (shifted > 0) {
    const unshifted = length - shifted;
    if (unshifted === 0) g *= 2;
    else {
      let v = 0;
      for (let s = 1; s <= Math.min(shifted, unshifted); s++) v += nCk(shifted + unshifted, s);
      g *= v;
    }
  }
  return g;
}

function walks(k: Keyboard, ms: Match[], orig: number[]) {
  const n = orig.length;
  for (let i = 0; i < n - 1; ) {
    let j = i + 1;
    let turns = 0;
    let shifted = 0;
    let last = -1;
    let prev = k.key.get(orig[i]);
    if (prev?.shifted) shifted++;
    while (prev && j < n) {
      const cur = k.key.get(orig[j]);
      if (!cur) break;
      const d = direction(prev, cur);
      if (d < 0) break;
      if (d !== last) {
        turns++;
        last = d;
      }
      if (cur.shifted) shifted++;
      prev = cur;
      j++;
    }
    if (j - i >= 3) {
      ms.push({ i, j, kind: 'keyboard', guesses: keyboardGuesses(k, j - i, turns, shifted) });
      i = j;
      continue;
    }
    i++;
  }
}

// --- other matchers ----------------------------------------------------

const leet = new Map<number, number>(
  [
    ['4', 'a'],
    ['@', 'a'],
    ['3', 'e'],
    ['1', 'i'],
    ['!', 'i'],
    ['0', 'o'],
    ['$', 's'],
    ['5', 's'],
    ['7', 't'],
    ['+', 't'],
  ].map(([x, y]) => [cp(x), cp(y)]),
);

function upperVariations(w: number[]): number {
  const isUpper = (r: number) => r >= A && r <= Z;
  let upper = 0;
  let lowerCase = 0;
  for (const r of w) {
    if (isUpper(r)) upper++;
    else if (r >= a && r <= z) lowerCase++;
  }
  if (upper === 0) return 1;
  const first = isUpper(w[0]) && upper === 1;
  const last = isUpper(w[w.length - 1]) && upper === 1;
  if (first || last || lowerCase === 0) return 2;
  let v = 0;
  for (let k = 1; k <= Math.min(upper, lowerCase); k++) v += nCk(upper + lowerCase, k);
  return v;
}

function dictionaryMatches(dicts: Dictionary[], ms: Match[], orig: number[]) {
  const n = orig.length;
  const low = orig.map(lower);
  const unleet = low.map((r) => leet.get(r) ?? r);
  const str = (rs: number[], i: number, j: number) => String.fromCodePoint(...rs.slice(i, j));
  for (const d of dicts) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 2; j <= Math.min(n, i + d.longest); j++) {
        const rank = d.rank.get(str(low, i, j));
        if (rank !== undefined) {
          ms.push({ i, j, kind: d.kind, guesses: rank * upperVariations(orig.slice(i, j)) });
          continue;
        }
        let subs = 0;
        for (let k = i; k < j; k++) if (unleet[k] !== low[k]) subs++;
        if (subs === 0 || subs === j - i) continue;
        const leetRank = d.rank.get(str(unleet, i, j));
        if (leetRank !== undefined) ms.push({ i, j, kind: d.kind, guesses: leetRank * upperVariations(orig.slice(i, j)) * (subs + 1) });
      }
    }
  }
}

const same = (x: number[], y: number[]) => x.every((r, k) => r === y[k]);

function periodic(chunk: number[]): boolean {
  for (let p = 1; p < chunk.length; p++) {
    if (chunk.length % p === 0 && same(chunk.slice(p), chunk.slice(0, chunk.length - p))) return true;
  }
  return false;
}

function charClass(r: number): number {
  if (r >= a && r <= z) return 1;
  if (r >= A && r <= Z) return 2;
  if (r >= zero && r <= nine) return 3;
  return 0;
}

function step(x: number, y: number): number {
  if (x === nine && y === zero) return 1;
  if (x === zero && y === nine) return -1;
  return y - x;
}

function sequenceMatches(ms: Match[], orig: number[]) {
  const n = orig.length;
  for (let i = 0; i + 2 < n; ) {
    const c = charClass(orig[i]);
    const d = step(orig[i], orig[i + 1]);
    if (c === 0 || charClass(orig[i + 1]) !== c || d === 0 || d > 5 || d < -5) {
      i++;
      continue;
    }
    let j = i + 2;
    while (j < n && charClass(orig[j]) === c && step(orig[j - 1], orig[j]) === d) j++;
    if (j - i < 3) {
      i++;
      continue;
    }
    let base = 26;
    if ('aAzZ019'.includes(String.fromCodePoint(orig[i]))) base = 4;
    else if (c === 3) base = 10;
    if (d < 0) base *= 2;
    ms.push({ i, j, kind: 'sequence', guesses: base * (j - i) });
    i = j - 1;
  }
}

function digitsValue(rs: number[]): number | undefined {
  let v = 0;
  for (const r of rs) {
    if (r < zero || r > nine) return undefined;
    v = v * 10 + (r - zero);
  }
  return v;
}

const yearSpace = (y: number) => Math.max(Math.abs(y - referenceYear), 20);
const validDay = (m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31;
const validYear = (y: number) => y >= 1900 && y <= 2099;
const div = (x: number, y: number) => Math.floor(x / y);

function dateMatches(ms: Match[], orig: number[]) {
  const n = orig.length;
  for (let i = 0; i < n; i++) {
    if (i + 4 <= n) {
      const v = digitsValue(orig.slice(i, i + 4));
      if (v !== undefined) {
        if (validYear(v)) ms.push({ i, j: i + 4, kind: 'date', guesses: yearSpace(v) });
        if (validDay(div(v, 100), v % 100)) ms.push({ i, j: i + 4, kind: 'date', guesses: 366 });
      }
    }
    if (i + 6 <= n) {
      const v = digitsValue(orig.slice(i, i + 6));
      if (v !== undefined) {
        const [x, y, w] = [div(v, 10000), div(v, 100) % 100, v % 100];
        if (validDay(y, w) || validDay(x, y) || validDay(y, x)) ms.push({ i, j: i + 6, kind: 'date', guesses: 365 * 100 });
      }
    }
    if (i + 8 <= n) {
      const v = digitsValue(orig.slice(i, i + 8));
      if (v !== undefined) {
        let g = 0;
        const attempt = (y: number, m: number, d: number) => {
          if (validYear(y) && validDay(m, d) && (g === 0 || 365 * yearSpace(y) < g)) g = 365 * yearSpace(y);
        };
        attempt(div(v, 10000), div(v, 100) % 100, v % 100);
        attempt(v % 10000, div(v, 1000000), div(v, 10000) % 100);
        attempt(v % 10000, div(v, 10000) % 100, div(v, 1000000));
        if (g > 0) ms.push({ i, j: i + 8, kind: 'date', guesses: g });
      }
    }
  }
}

// --- the estimate ------------------------------------------------------

class Estimator {
  private memo = new Map<string, number>();
  constructor(private dicts: Dictionary[]) {}

  run(orig: number[]): { guesses: number; cover: Match[]; all: Match[] } {
    const n = orig.length;
    const all = this.matches(orig);
    for (const m of all) {
      if (m.i > 0 || m.j < n) m.guesses = Math.max(m.guesses, 50);
      m.guesses = capped(Math.max(m.guesses, 1));
    }
    all.sort((x, y) => x.j - y.j);
    const best: number[][] = [];
    const from: number[][] = [];
    for (let j = 0; j <= n; j++) {
      best.push(new Array<number>(n + 1).fill(Infinity));
      from.push(new Array<number>(n + 1).fill(0));
    }
    best[0][0] = 1;
    let next = 0;
    for (let j = 1; j <= n; j++) {
      for (; next < all.length && all[next].j === j; next++) {
        const m = all[next];
        for (let l = 1; l <= m.i + 1; l++) {
          const g = capped(best[m.i][l - 1] * m.guesses);
          if (g < best[j][l]) {
            best[j][l] = g;
            from[j][l] = next;
          }
        }
      }
      for (let i = 0; i < j; i++) {
        for (let l = 1; l <= i + 1; l++) {
          const g = capped(best[i][l - 1] * pow10[j - i]);
          if (g < best[j][l]) {
            best[j][l] = g;
            from[j][l] = -1 - i;
          }
        }
      }
    }
    let total = Infinity;
    let pieces = 0;
    for (let l = 1; l <= n; l++) {
      const g = capped(best[n][l] * factorial[l]);
      if (g < total) {
        total = g;
        pieces = l;
      }
    }
    const cover: Match[] = [];
    for (let j = n, l = pieces; l > 0; l--) {
      const f = from[j][l];
      if (f >= 0) {
        cover.push(all[f]);
        j = all[f].i;
      } else j = -1 - f;
    }
    return { guesses: total, cover, all };
  }

  private chunkGuesses(chunk: number[]): number {
    const key = String.fromCodePoint(...chunk);
    let g = this.memo.get(key);
    if (g === undefined) {
      g = this.run(chunk).guesses;
      this.memo.set(key, g);
    }
    return g;
  }

  private matches(orig: number[]): Match[] {
    const ms: Match[] = [];
    dictionaryMatches(this.dicts, ms, orig);
    for (const k of keyboards) walks(k, ms, orig);
    this.repeatMatches(ms, orig);
    sequenceMatches(ms, orig);
    dateMatches(ms, orig);
    return ms;
  }

  private repeatMatches(ms: Match[], orig: number[]) {
    const n = orig.length;
    for (let i = 0; i < n; i++) {
      for (let size = 1; i + 2 * size <= n; size++) {
        let count = 1;
        const chunk = orig.slice(i, i + size);
        while (i + (count + 1) * size <= n && same(chunk, orig.slice(i + count * size, i + (count + 1) * size))) count++;
        if (count < 2 || (size === 1 && count < 3) || periodic(chunk)) continue;
        ms.push({ i, j: i + count * size, kind: 'sequence', guesses: this.chunkGuesses(chunk) * count });
      }
    }
  }
}

function reasonOf(cover: Match[], all: Match[]): Kind {
  const rank = (r: Kind) => reasons.indexOf(r);
  let top: Match | undefined;
  for (const m of cover) {
    if (
      !top ||
      m.j - m.i > top.j - top.i ||
      (m.j - m.i === top.j - top.i && (rank(m.kind) < rank(top.kind) || (rank(m.kind) === rank(top.kind) && m.i < top.i)))
    )
      top = m;
  }
  if (!top) return 'common';
  if (cover.some((m) => m.kind === 'personal')) return 'personal';
  if (top.kind === 'common') {
    for (const kind of ['sequence', 'keyboard'] as const) {
      if (all.some((m) => m.i === top.i && m.j === top.j && m.kind === kind)) return kind;
    }
  }
  return top.kind;
}

interface Verdict {
  reason: PasswordReason | null;
  guesses: number;
}

function judge(pw: string, personal: string[]): Verdict {
  const runes = [...pw].map(cp);
  if (runes.length < minPasswordLength) return { reason: 'too_short', guesses: 0 };
  const dicts = [newDictionary('personal', personalWords(personal)), ...shared];
  const { guesses, cover, all } = new Estimator(dicts).run(normalise(runes.slice(0, maxAnalysed)));
  return { reason: guesses < minGuesses ? reasonOf(cover, all) : null, guesses };
}

/**
 * passwordProblem says why the vault would refuse pw as a new password, or
 * null when it is accepted. personal are the user's login and name and the
 * office's name, which are guessed first.
 */
export function passwordProblem(pw: string, personal: string[] = []): PasswordReason | null {
  return judge(pw, personal).reason;
}

export type Strength = 'short' | 'weak' | 'fair' | 'strong';

/** passwordStrength rates a new password for the hint under the field: weak means the vault refuses it. */
export function passwordStrength(pw: string, personal: string[] = []): Strength {
  const v = judge(pw, personal);
  if (v.reason === 'too_short') return 'short';
  if (v.reason) return 'weak';
  return v.guesses < 1e10 ? 'fair' : 'strong';
}
