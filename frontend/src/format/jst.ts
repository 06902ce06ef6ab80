// Times of the access log as the viewer shows them. The log's days are days
// in Japan (Go's statistics count them so), whatever the PC's clock zone: a
// filter "11月22日" means 00:00–24:00 in Japan.

const jstOffset = 9 * 3600 * 1000;
const dayMs = 24 * 3600 * 1000;

/** jstIso is the date in Japan of ms as "2026-11-22". */
export function jstIso(ms: number): string {
  return new Date(ms + jstOffset).toISOString().slice(0, 10);
}

/** jstStart is 00:00 in Japan of an ISO date, as unix ms. */
export function jstStart(iso: string): number {
  return Date.parse(`${iso}T00:00:00+09:00`);
}

/** jstMonth is the month in Japan of ms as "2026-11". */
export function jstMonth(ms: number): string {
  return jstIso(ms).slice(0, 7);
}

/** monthRange is [from, to) of a month "2026-11" in Japan. */
export function monthRange(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: jstStart(`${month}-01`), to: jstStart(`${next}-01`) };
}

/** addMonths moves a month "2026-11" by n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The periods the filter offers besides a range typed by hand. */
export const periods = ['today', 'week', 'month', 'lastMonth', 'days90', 'all'] as const;
export type Period = (typeof periods)[number] | 'custom';

/** periodRange is the [from, to) a named period means at now (0: open). */
export function periodRange(p: Period, now: number): { from: number; to: number } {
  const today = jstStart(jstIso(now));
  const month = jstMonth(now);
  switch (p) {
    case 'today':
      return { from: today, to: today + dayMs };
    case 'week':
      return { from: today - 6 * dayMs, to: today + dayMs };
    case 'month':
      return monthRange(month);
    case 'lastMonth':
      return monthRange(addMonths(month, -1));
    case 'days90':
      return { from: today - 89 * dayMs, to: today + dayMs };
    default:
      return { from: 0, to: 0 };
  }
}

function parts(ms: number, withTime: boolean, lang: string): string {
  if (lang !== 'ja') {
    return new Date(ms).toLocaleString('en-GB', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } : {}),
    });
  }
  const date = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone: 'Asia/Tokyo', era: 'long', year: 'numeric', month: 'numeric', day: 'numeric' })
    .formatToParts(new Date(ms));
  const get = (k: Intl.DateTimeFormatPartTypes) => date.find((p) => p.type === k)?.value ?? '';
  const era = get('era');
  let text: string;
  if (era && /[^\x00-\x7f]/.test(era)) {
    const y = get('year');
    text = `${era}${y === '1' ? '元' : y}年${get('month')}月${get('day')}日`;
  } else {
    const iso = jstIso(ms);
    text = `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  }
  if (!withTime) return text;
  const t = new Date(ms + jstOffset).toISOString().slice(11, 19);
  return `${text} ${t}`;
}

/** logTime writes an entry's time in Japan: 令和8年11月22日 09:15:03 (ja), 22 Nov 2026, 09:15:03 (en). */
export function logTime(ms: number, lang: string): string {
  return ms ? parts(ms, true, lang) : '';
}

/** logDate writes the day in Japan of ms: 令和8年11月22日. */
export function logDate(ms: number, lang: string): string {
  return ms ? parts(ms, false, lang) : '';
}

/** monthText writes "2026-11" as 令和8年11月 (ja) or November 2026 (en). */
export function monthText(month: string, lang: string): string {
  const ms = jstStart(`${month}-15`);
  if (lang !== 'ja') return new Date(ms).toLocaleString('en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long' });
  return parts(ms, false, 'ja').replace(/\d+日$/, '');
}

/** logClock is the time of day in Japan of ms: 09:15:03. */
export function logClock(ms: number): string {
  return new Date(ms + jstOffset).toISOString().slice(11, 19);
}
