// Japanese-calendar (和暦) dates, as official papers and tax forms write them:
// 令和7年5月3日, with 元年 for the first year of an era.

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
 * formatDateTime writes a unix-ms time for the user's language: 和暦 and
 * 24-hour time in Japanese (令和7年5月3日 14:05), a plain local date and time
 * in English. 0 means "never" and gives the empty string.
 */
export function formatDateTime(ms: number, lang: string): string {
  if (!ms) return '';
  const d = new Date(ms);
  if (lang === 'ja') return `${formatWareki(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** formatDate is formatDateTime without the time. */
export function formatDate(d: Date, lang: string): string {
  if (lang === 'ja') return formatWareki(d);
  return d.toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric' });
}
