import type { TFunction } from 'i18next';
import type { AppError, ShareFinding, ShareUnscanned } from '../../bridge';
import { errorTextIn } from '../../i18n';
import { formatIsoDate } from '../../format/wareki';

// Words of the 共有 area. Expiry dates are days in Japan (a package expires
// at the end of the chosen day, Japan time), written as the app writes dates:
// 令和8年12月19日 in Japanese, 19 December 2026 in English.

const jstOffset = 9 * 3600 * 1000;

/** jstDay is the Japan date ("YYYY-MM-DD") of an RFC 3339 time; "" for none or Go's zero time. */
export function jstDay(s: string | undefined | null): string {
  const ms = s ? Date.parse(s) : NaN;
  if (Number.isNaN(ms) || ms <= 0) return '';
  return new Date(ms + jstOffset).toISOString().slice(0, 10);
}

/** expiryText writes an expiry (RFC 3339 or "YYYY-MM-DD") as the Japan date in the language. */
export function expiryText(s: string | undefined | null, lang: string): string {
  const day = s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : jstDay(s);
  return day ? formatIsoDate(day, lang) : '';
}

/** addDays is the Japan date n days after today ("YYYY-MM-DD"). */
export function addDays(n: number, now = Date.now()): string {
  return new Date(now + jstOffset + n * 86400e3).toISOString().slice(0, 10);
}

/** todayJst is today's date in Japan ("YYYY-MM-DD"). */
export function todayJst(now = Date.now()): string {
  return addDays(0, now);
}

/** placeText says where a finding is: 「名簿.csv 3 行 5 列目」, 「給与.xlsx シート「1月」のセル B12」, inside a ZIP too. */
export function placeText(t: TFunction, f: ShareFinding | ShareUnscanned): string {
  const file = f.inner ? t('share.place.inner', { file: f.file, inner: f.inner }) : f.file;
  if (!('kind' in f)) return file;
  if (f.sheet || f.cell) return t('share.place.cell', { file, sheet: f.sheet ?? '', cell: f.cell ?? '' });
  if (f.line) return f.column ? t('share.place.lineColumn', { file, line: f.line, column: f.column }) : t('share.place.line', { file, line: f.line });
  if (f.page) return t('share.place.page', { file, page: f.page });
  if (f.paragraph) return t('share.place.paragraph', { file, paragraph: f.paragraph });
  return file;
}

/** unscannedText says why a file could not be searched. */
export function unscannedText(t: TFunction, u: ShareUnscanned): string {
  const key = `share.unscannedReason.${u.reason}`;
  return t(key, { defaultValue: t('share.unscannedReason.unreadable') });
}

/** shareError is an error's words with the area's own wording first (share.errors.<code>). */
export function shareError(t: TFunction, err: AppError): string {
  return errorTextIn(t, 'share', err);
}

/** wordGroups splits a passphrase into its words, for display in groups. */
export function wordGroups(passphrase: string): string[] {
  return passphrase.split('-').filter(Boolean);
}
