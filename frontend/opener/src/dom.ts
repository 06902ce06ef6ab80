// A few DOM helpers: the pages are plain TypeScript, no framework.
type Attrs = Record<string, string | boolean | number | ((ev: Event) => void) | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function clear(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

/** dropZone makes el accept dropped files; entries are the dropped items as file system entries (folders too), where the browser has them. */
export function dropZone(el: HTMLElement, onFiles: (files: File[], entries: (FileSystemEntry | null)[]) => void): void {
  el.addEventListener('dragover', (e) => {
    e.preventDefault();
    el.classList.add('over');
  });
  el.addEventListener('dragleave', () => el.classList.remove('over'));
  el.addEventListener('drop', (e) => {
    e.preventDefault();
    el.classList.remove('over');
    const dt = e.dataTransfer;
    if (!dt) return;
    // entries must be taken now: the items are gone after the event
    onFiles([...dt.files], [...dt.items].map((i) => (i.kind === 'file' ? (i.webkitGetAsEntry?.() ?? null) : null)));
  });
}

/** download saves a blob through the browser's download (the fallback). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, style: 'display:none' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * saveMode: "fs" when the browser can write files where the client chooses
 * (File System Access API: Edge, Chrome), else "download". "?save=download"
 * in the page's address forces the download way (the tests use it).
 */
export function saveMode(): 'fs' | 'download' {
  const forced = new URLSearchParams(location.search).get('save');
  if (forced === 'download') return 'download';
  return 'showDirectoryPicker' in window && 'showSaveFilePicker' in window ? 'fs' : 'download';
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** entryFiles lists the files under dropped entries with their relative paths (folders walked). */
export async function entryFiles(entries: FileSystemEntry[]): Promise<{ file: File; path: string }[]> {
  const out: { file: File; path: string }[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (e.isFile) {
      const file = await new Promise<File>((res, rej) => (e as FileSystemFileEntry).file(res, rej));
      out.push({ file, path: prefix + e.name });
    } else if (e.isDirectory) {
      const reader = (e as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const c of batch) await walk(c, `${prefix}${e.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}
