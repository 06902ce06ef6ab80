// Japanese-calendar (和暦) dates, as official papers and tax forms write them:
// 令和7年5月3日, with 元年 for the first year of an era.

import { logTime } from './jst';

const eras: Array<{ name: string; start: number }> = [
  { name: '令和', start: Date.UTC(2019, 4, 1) },
  { name: '平成', start: Date.UTC(1989, 0, 8) },
  { name: '昭和', start: Date.UTC(1926, 11, 25) },
];

function yearText(y: number | string): string {
  return String(y) === '1' || String(y) === '元' ? '元' : String(y);
}

/** warekiFromTable is the fallback where the runtime has no Japanese calendar. */
function warekiFromTable(d: Date): string {
  const local = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  const era = eras.find((e) => local >= e.start);
  const m = d.getMonth() + 1;
  const day = d.getDate();
  if (!era) return `${d.getFullYear()}年${m}月${day}日`;
  const y = d.getFullYear() - new Date(era.start).getUTCFullYear() + 1;
  return `${era.name}${yearText(y)}年${m}月${day}日`;
}

/** formatWareki writes d's local date in the Japanese calendar: 令和7年5月3日. */
export function formatWareki(d: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(d);
    const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value;
    const era = get('era');
    const year = get('year');
    if (era && year && /[^\x00-\x7f]/.test(era)) return `${era}${yearText(year)}年${get('month')}月${get('day')}日`;
  } catch {
    // no ICU calendar data: use the table
  }
  return warekiFromTable(d);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * formatDateTime writes a unix-ms time for the user's language, in Japan
 * time whatever the PC's clock zone (the one rule for shown times, as the
 * access log: docs/architecture.md "Times"): 和暦 and 24-hour time in
 * Japanese (令和7年5月3日 14:05), 3 May 2025, 14:05 in English. 0 means
 * "never" and gives the empty string.
 */
export function formatDateTime(ms: number, lang: string): string {
  // logTime to the minute: drop ":ss".
  return ms ? logTime(ms, lang).slice(0, -3) : '';
}

/** formatDate is formatDateTime without the time. */
export function formatDate(d: Date, lang: string): string {
  if (lang === 'ja') return formatWareki(d);
  return d.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
}

// Era first days for reading typed dates (a date must lie within its era).
const eraStarts: Array<{ names: string[]; y: number; m: number; d: number }> = [
  { names: ['令和', '令', 'R', '㋿'], y: 2019, m: 5, d: 1 },
  { names: ['平成', '平', 'H'], y: 1989, m: 1, d: 8 },
  { names: ['昭和', '昭', 'S'], y: 1926, m: 12, d: 25 },
  { names: ['大正', '大', 'T'], y: 1912, m: 7, d: 30 },
  { names: ['明治', '明', 'M'], y: 1868, m: 10, d: 23 },
];

const key = (y: number, m: number, d: number) => y * 10000 + m * 100 + d;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/**
 * parseDateInput reads a date as a clerk types it, like the Go side's
 * jtext.ParseDate: 2025-04-01, 2025/4/1, 20250401, 2025年4月1日, 令和7年4月1日,
 * 令和元年5月1日, R7.4.1, H31.4.30, in half- or full-width characters. It
 * returns "YYYY-MM-DD", "" for a blank input, or null when it cannot read it.
 */
export function parseDateInput(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[‐－―ー−]/g, '-');
  if (s === '') return '';
  if (s.length > 40) return null;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s) ?? /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = m.length === 4 ? [+m[1], +m[2], +m[3]] : [+m[1], +m[3], +m[4]];
    return checkGregorian(y, mo, d);
  }
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s);
  if (m) return checkGregorian(+m[1], +m[2], +m[3]);
  const upper = s.replace(/^[rhstm]/, (c) => c.toUpperCase());
  const era = eraStarts.findIndex((e) => e.names.some((n) => upper.startsWith(n)));
  if (era < 0) return null;
  const name = eraStarts[era].names.filter((n) => upper.startsWith(n)).sort((a, b) => b.length - a.length)[0];
  const rest = upper.slice(name.length);
  m = /^(元|\d{1,3})(?:年(\d{1,2})月(\d{1,2})日?|([-/.])(\d{1,2})\4(\d{1,2}))$/.exec(rest);
  if (!m) return null;
  const ey = m[1] === '元' ? 1 : +m[1];
  const mo = +(m[2] ?? m[5]);
  const d = +(m[3] ?? m[6]);
  if (ey < 1) return null;
  const start = eraStarts[era];
  const y = start.y + ey - 1;
  if (!validDay(y, mo, d)) return null;
  const k = key(y, mo, d);
  if (k < key(start.y, start.m, start.d)) return null;
  const next = eraStarts[era - 1];
  if (next && k >= key(next.y, next.m, next.d)) return null;
  return iso(y, mo, d);
}

function checkGregorian(y: number, m: number, d: number): string | null {
  if (!validDay(y, m, d) || key(y, m, d) < key(1868, 10, 23) || y > 2999) return null;
  return iso(y, m, d);
}

/** isoToDate reads "YYYY-MM-DD" as a local date; undefined for anything else. */
export function isoToDate(s: string | undefined): Date | undefined {
  const m = s ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) : null;
  return m ? new Date(+m[1], +m[2] - 1, +m[3]) : undefined;
}

/** todayIso is the local date today as "YYYY-MM-DD". */
export function todayIso(now = new Date()): string {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** formatIsoDate writes a stored date ("YYYY-MM-DD") for the language; "" when empty. */
export function formatIsoDate(s: string | undefined, lang: string): string {
  const d = isoToDate(s);
  return d ? formatDate(d, lang) : '';
}
