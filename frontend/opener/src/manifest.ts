// manifest.json, the first entry of every package (share.Manifest in Go),
// and the checks every opener makes on it.
import { ShareError } from './errors';

export const FORMAT = 'kinko-share';
export const VERSION = 1;
export const MANIFEST = 'manifest.json';
export const FILES_DIR = 'files/';
/** The largest manifest.json read (a package of many thousands of files). */
export const MAX_MANIFEST = 16 << 20;

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: string;
  version: number;
  kind: 'package' | 'return';
  id: string;
  office: string;
  client?: string;
  recipient?: string;
  sender?: string;
  message?: string;
  created: string;
  expires?: string;
  envelope?: string;
  files: ManifestFile[];
}

/** parseManifest reads and checks manifest.json's bytes. */
export function parseManifest(bytes: Uint8Array): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ShareError('not_package', 'manifest is not JSON');
  }
  if (!m || typeof m !== 'object' || m.format !== FORMAT) throw new ShareError('not_package', 'format');
  if (typeof m.version !== 'number' || m.version < 1) throw new ShareError('not_package', 'version');
  if (m.version > VERSION) throw new ShareError('too_new');
  if (m.kind !== 'package' && m.kind !== 'return') throw new ShareError('not_package', 'kind');
  if (!Array.isArray(m.files)) throw new ShareError('corrupt', 'files');
  const seen = new Set<string>();
  for (const f of m.files) {
    if (!f || typeof f.path !== 'string' || typeof f.size !== 'number' || !Number.isSafeInteger(f.size) || f.size < 0 || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) {
      throw new ShareError('corrupt', 'file entry');
    }
    if (!safePath(f.path)) throw new ShareError('unsafe_name', f.path);
    const key = f.path.normalize('NFC').toLowerCase();
    if (seen.has(key)) throw new ShareError('corrupt', 'duplicate');
    seen.add(key);
  }
  for (const k of ['office', 'client', 'recipient', 'sender', 'message', 'created', 'expires', 'envelope', 'id'] as const) {
    if (m[k] !== undefined && m[k] !== null && typeof m[k] !== 'string') throw new ShareError('corrupt', k);
  }
  if (m.expires && Number.isNaN(Date.parse(m.expires))) throw new ShareError('corrupt', 'expires');
  return m;
}

/** expired reports whether the package's expiry has passed at now. */
export function expired(m: Manifest, now: Date = new Date()): boolean {
  if (!m.expires) return false;
  return now.getTime() > Date.parse(m.expires);
}

const devices = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/**
 * safePath reports whether a package path is safe to create on Windows and
 * elsewhere (share.SafeName in Go): relative, slash-separated, no empty,
 * "." or ".." parts, no drive letters or colons, no device names, no
 * trailing dots or spaces, no control or reserved characters.
 */
export function safePath(p: string): boolean {
  if (p === '' || p.length > 1024) return false;
  for (const part of p.split('/')) {
    if (!safePart(part)) return false;
  }
  return true;
}

export function safePart(part: string): boolean {
  if (part === '' || part === '.' || part === '..' || part.length > 255) return false;
  if (/[\u0000-\u001f\u007f<>:"\\|?*]/.test(part)) return false;
  if (/[. ]$/.test(part)) return false;
  if (devices.test(part.trim())) return false;
  return true;
}

/**
 * cleanPart turns a name a client gave (a file of theirs, the office's
 * name) into a safe single file name part.
 */
export function cleanPart(name: string, fallback = 'file'): string {
  let s = name.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '').trim();
  if (s === '' || s === '.' || s === '..') s = fallback;
  if (devices.test(s)) s = `_${s}`;
  if (s.length > 200) s = s.slice(0, 200);
  return s;
}

/** returnName is the saved file's name: <office>_返送_<YYYYMMDD-HHMM>.age (Japan time). */
export function returnName(office: string, now: Date): string {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const v = (k: string) => p.find((x) => x.type === k)?.value ?? '';
  return `${cleanPart(office, 'kinko')}_返送_${v('year')}${v('month')}${v('day')}-${v('hour')}${v('minute')}.age`;
}
