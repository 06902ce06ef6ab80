import type { Account, Level, MatrixView } from '../bridge';

// The permission matrix's data, as plain functions the component and the
// tests share: the rows (clients, sorted by name), the filters, and what a
// bulk change would change. The matrix comes from Go in a compact form
// (app.MatrixView): the clients once, and per user one letter per client.

/** The letters of app.MatrixView: effective level, and "-" for no explicit level. */
const fromCode: Record<string, Level> = { e: 'edit', r: 'read', h: 'hidden' };

/** A row of the matrix: one client. index is its place in matrix.clients (and in the level strings). */
export interface MatrixRow {
  index: number;
  id: string;
  name: string;
  ownerOnly: boolean;
  handlers: string[];
  /** key is the name as searched: see searchKey. */
  key: string;
}

/**
 * searchKey folds what a search should not tell apart: full- and half-width
 * (NFKC), case, katakana and hiragana, and spaces.
 */
export function searchKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/\s+/g, '');
}

/** buildRows is the clients sorted by name in the language's order (clients without a readable name last), then by id. */
export function buildRows(matrix: MatrixView, lang: string): MatrixRow[] {
  const collator = new Intl.Collator(lang);
  const rows = (matrix.clients ?? []).map((c, index) => ({
    index,
    id: c.id,
    name: c.name ?? '',
    ownerOnly: c.ownerOnly,
    handlers: c.handlers ?? [],
    key: searchKey(c.name ?? '') + '\u0000' + c.id,
  }));
  rows.sort((a, b) => (a.name === '') !== (b.name === '') ? (a.name === '' ? 1 : -1) : collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows;
}

/** levelAt is user's effective level on the client at index. */
export function levelAt(matrix: MatrixView, user: string, index: number): Level {
  return fromCode[matrix.levels?.[user]?.[index] ?? 'h'] ?? 'hidden';
}

/** explicitAt is the level set for user on the client at index, or undefined when the default applies. */
export function explicitAt(matrix: MatrixView, user: string, index: number): Level | undefined {
  return fromCode[matrix.explicit?.[user]?.[index] ?? '-'];
}

/** What the level filter looks for: a level, or where the level comes from. */
export type LevelFilter = Level | 'explicit' | 'default';

export interface MatrixFilter {
  /** q is searched in the client's name (see searchKey) and id. */
  q: string;
  /** levelUser and level: the clients on which this user has this level (both set, or no filter). */
  levelUser?: string;
  level?: LevelFilter;
  /** handler: '' any, 'none' clients without a designated handler, else the clients this user is designated for. */
  handler: string;
  /** owner: the 所長のみ mark. */
  owner: 'all' | 'only' | 'exclude';
}

export const noFilter: MatrixFilter = { q: '', handler: '', owner: 'all' };

/** isFiltered says whether f narrows the rows at all. */
export function isFiltered(f: MatrixFilter): boolean {
  return f.q.trim() !== '' || (!!f.levelUser && !!f.level) || f.handler !== '' || f.owner !== 'all';
}

/** filterRows is the rows f selects, in their order. */
export function filterRows(rows: MatrixRow[], matrix: MatrixView, f: MatrixFilter): MatrixRow[] {
  if (!isFiltered(f)) return rows;
  const q = searchKey(f.q);
  const lu = f.levelUser && f.level ? f.levelUser : '';
  return rows.filter((r) => {
    if (q && !r.key.includes(q)) return false;
    if (f.owner === 'only' && !r.ownerOnly) return false;
    if (f.owner === 'exclude' && r.ownerOnly) return false;
    if (f.handler === 'none' && r.handlers.length > 0) return false;
    if (f.handler && f.handler !== 'none' && !r.handlers.includes(f.handler)) return false;
    if (lu) {
      const ex = explicitAt(matrix, lu, r.index);
      if (f.level === 'explicit') return ex !== undefined;
      if (f.level === 'default') return ex === undefined;
      return levelAt(matrix, lu, r.index) === f.level;
    }
    return true;
  });
}

/**
 * willChange is how many of the clients at indexes a bulk change of user to
 * level ('' back to the default) changes: as the vault counts, the clients
 * whose explicit setting differs.
 */
export function willChange(matrix: MatrixView, user: string, indexes: number[], level: Level | ''): number {
  let n = 0;
  for (const i of indexes) {
    const ex = explicitAt(matrix, user, i);
    if (level === '' ? ex !== undefined : ex !== level) n++;
  }
  return n;
}

/** withoutSetting is how many clients give user their default level (no explicit setting). */
export function withoutSetting(matrix: MatrixView, user: string): number {
  const ex = matrix.explicit?.[user] ?? '';
  let n = 0;
  for (let i = 0; i < (matrix.clients?.length ?? 0); i++) if ((ex[i] ?? '-') === '-') n++;
  return n;
}

/** canHandle: the roles that can be designated My Number handlers. */
export function canHandle(u: Account): boolean {
  return u.role === 'admin' || u.role === 'handler';
}
