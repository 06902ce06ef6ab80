// Where the opener saves files: a folder the client picks (File System
// Access API; written as they decrypt, committed only when every file
// checked out) or browser downloads (each file kept until all are checked).
import { ShareError } from './errors';
import { cleanPart, type ManifestFile } from './manifest';
import type { Sink } from './pkg';
import { download, sleep } from './dom';

export interface Target {
  /** open returns the sink for a file. */
  open(f: ManifestFile): Promise<Sink>;
  /** commit keeps everything written; returns names that had to change. */
  commit(): Promise<string[]>;
  /** abort discards everything written. */
  abort(): Promise<void>;
}

/**
 * downloadNames gives each file of a package a flat name for the download
 * folder: its own name when that is unique in the package, else its folders
 * joined with "_".
 */
export function downloadNames(files: ManifestFile[]): Map<string, string> {
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const count = new Map<string, number>();
  for (const f of files) count.set(base(f.path).toLowerCase(), (count.get(base(f.path).toLowerCase()) ?? 0) + 1);
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const f of files) {
    let name = count.get(base(f.path).toLowerCase())! > 1 ? f.path.split('/').map((s) => cleanPart(s)).join('_') : cleanPart(base(f.path));
    name = unique(name, (n) => used.has(n.toLowerCase()));
    used.add(name.toLowerCase());
    out.set(f.path, name);
  }
  return out;
}

/** unique returns name, or "name (2).ext", "name (3).ext"… the first that is not taken. */
export function unique(name: string, taken: (n: string) => boolean): string {
  if (!taken(name)) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let i = 2; ; i++) {
    const n = `${stem} (${i})${ext}`;
    if (!taken(n)) return n;
  }
}

/** downloads keeps each file's bytes until all are checked, then hands them to the browser. */
export function downloads(files: ManifestFile[]): Target {
  const names = downloadNames(files);
  let done: { name: string; parts: Uint8Array[] }[] = [];
  return {
    async open(f) {
      const d = { name: names.get(f.path)!, parts: [] as Uint8Array[] };
      done.push(d);
      return {
        async write(c) {
          d.parts.push(c.slice());
        },
      };
    },
    async commit() {
      for (const d of done) {
        download(new Blob(d.parts as BlobPart[]), d.name);
        await sleep(150); // browsers drop downloads started in the same instant
      }
      done = [];
      return [];
    },
    async abort() {
      done = [];
    },
  };
}

/** folder writes into a folder the client chose, recreating the package's folders. */
export function folder(root: FileSystemDirectoryHandle): Target {
  const open: { dir: FileSystemDirectoryHandle; name: string; w: FileSystemWritableFileStream }[] = [];
  const renamed: string[] = [];
  return {
    async open(f) {
      const parts = f.path.split('/').map((s) => cleanPart(s));
      let dir = root;
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
      const want = parts[parts.length - 1];
      const existing = new Set<string>();
      for await (const k of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) existing.add(k.toLowerCase());
      for (const o of open) if (o.dir === dir) existing.add(o.name.toLowerCase());
      const name = unique(want, (n) => existing.has(n.toLowerCase()));
      if (name !== want) renamed.push(name);
      const fh = await dir.getFileHandle(name, { create: true });
      const w = await fh.createWritable();
      open.push({ dir, name, w });
      return { write: (c) => w.write(c as Uint8Array<ArrayBuffer>) };
    },
    async commit() {
      for (const o of open) await o.w.close();
      return renamed;
    },
    async abort() {
      for (const o of open) {
        await o.w.abort().catch(() => {});
        await o.dir.removeEntry(o.name).catch(() => {});
      }
    },
  };
}

/** file writes one file where the client chose (showSaveFilePicker). */
export function file(fh: FileSystemFileHandle): Target {
  let w: FileSystemWritableFileStream | null = null;
  return {
    async open() {
      w = await fh.createWritable();
      const ww = w;
      return { write: (c) => ww.write(c as Uint8Array<ArrayBuffer>) };
    },
    async commit() {
      await w?.close();
      return [];
    },
    async abort() {
      await w?.abort().catch(() => {});
    },
  };
}

export function saveError(e: unknown): unknown {
  if (e instanceof ShareError || (e instanceof DOMException && e.name === 'AbortError')) return e;
  return new ShareError('save', String((e as Error)?.message ?? e));
}
