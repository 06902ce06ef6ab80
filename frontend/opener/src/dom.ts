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

/** dropZone makes el accept dropped files. */
export function dropZone(el: HTMLElement, onFiles: (files: File[], items: DataTransferItem[]) => void): void {
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
    onFiles([...dt.files], [...dt.items]);
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
