import type { TFunction } from 'i18next';
import type { AppError, BackupLevel } from '../../bridge';
import { errorTextIn } from '../../i18n';

// Words and numbers of the バックアップ area. Times are in Japan whatever the
// PC's zone, as plain Japanese dates (2026年12月5日 18:30): these are
// operational times, not dates on a form.

const jstOffset = 9 * 3600 * 1000;

/** timeMs is an RFC 3339 time from Go as unix ms; 0 for Go's zero time or none. */
export function timeMs(s: string | undefined | null): number {
  if (!s) return 0;
  const ms = Date.parse(s);
  return Number.isNaN(ms) || ms <= 0 ? 0 : ms;
}

/** backupTime writes a time in Japan: 2026年12月5日 18:30 (ja), 5 Dec 2026, 18:30 (en); "" for none. */
export function backupTime(s: string | number | undefined | null, lang: string): string {
  const ms = typeof s === 'number' ? s : timeMs(s);
  if (!ms) return '';
  const d = new Date(ms + jstOffset);
  const hm = d.toISOString().slice(11, 16);
  if (lang === 'ja') return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}`;
  const date = new Date(ms).toLocaleDateString('en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'short', day: 'numeric' });
  return `${date}, ${hm}`;
}

/** sizeText writes bytes as 1.5 GB, 12 MB, 2 KB, 10 B. */
export function sizeText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const n = i === 0 || v >= 100 ? Math.round(v).toString() : v.toFixed(1).replace(/\.0$/, '');
  return `${n} ${units[i]}`;
}

/** durationText writes milliseconds as 1分05秒 / 1 min 05 s, or 12.5秒 / 12.5 s under a minute. */
export function durationText(t: TFunction, ms: number): string {
  if (ms < 60_000) return t('backup.duration.seconds', { s: (Math.round(ms / 100) / 10).toString() });
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? t('backup.duration.hours', { h, m: String(m).padStart(2, '0') }) : t('backup.duration.minutes', { m, s });
}

/** The colours of the warning levels: they escalate from gold to red. */
export const levelColour: Record<BackupLevel, string> = {
  none: '#8c8c8c',
  ok: '#389e0d',
  notice: '#d48806',
  warning: '#d4380d',
  alert: '#cf1322',
};

/** The antd Tag colours of the levels. */
export const levelTag: Record<BackupLevel, string> = { none: 'default', ok: 'green', notice: 'gold', warning: 'volcano', alert: 'red' };

/** daysText says how long ago the last backup was: 今日 / 3 日前 / 一度もありません. */
export function daysText(t: TFunction, days: number): string {
  if (days < 0) return t('backup.days.never');
  if (days === 0) return t('backup.days.today');
  return t('backup.days.ago', { count: days });
}

/** backupError is an error's words with the area's own wording first (backup.errors.<code>). */
export function backupError(t: TFunction, err: AppError): string {
  return errorTextIn(t, 'backup', err);
}

/** newPCError is an error of the new-PC restore: a wrong key there is the recovery sheet's. */
export function newPCError(t: TFunction, err: AppError): string {
  return errorTextIn(t, 'backup.newPC', err);
}

/** sepOf is the path separator a path uses (Windows paths: \). */
export function sepOf(path: string): string {
  return path.includes('\\') || /^[A-Za-z]:/.test(path) ? '\\' : '/';
}

/** joinPath joins a folder and a name with the folder's separator. */
export function joinPath(dir: string, name: string): string {
  const sep = sepOf(dir);
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** baseName is the last part of a path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}
