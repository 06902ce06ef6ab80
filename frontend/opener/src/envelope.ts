// The return envelope page (envelope.html). See docs/share-opener.md.
import { Encrypter } from 'age-encryption';
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from './bytes';
import { Crc32 } from './crc32';
import { clear, download, dropZone, h, saveMode } from './dom';
import { ShareError } from './errors';
import { expiry, setLang, size, t } from './i18n';
import { FILES_DIR, FORMAT, MANIFEST, VERSION, cleanPart, returnName, type Manifest } from './manifest';
import { alert, dl, errorCode, errorMessage, frame, progress } from './page';
import { iterate, zip, type ZipItem } from './zipwrite';
import { unique } from './save';

/** Config is what Kinko binds the page to (opener.EnvelopeConfig in Go). */
export interface Config {
  id: string;
  recipient: string;
  office: string;
  client: string;
  person?: string;
  message?: string;
  expires: string;
  lang: string;
}

interface Chosen {
  path: string;
  file: File;
}

const root = document.getElementById('app')!;
const mode = saveMode();
document.documentElement.dataset.saveMode = mode;

function config(): Config | null {
  try {
    const c = JSON.parse(document.getElementById('kinko-envelope')?.textContent ?? 'null') as Config | null;
    if (!c || typeof c.recipient !== 'string' || !c.recipient.startsWith('age1') || typeof c.id !== 'string') return null;
    return c;
  } catch {
    return null;
  }
}

const cfg = config();
let chosen: Chosen[] = [];
let busy = '';
let done = 0;
let total = 0;
let message: HTMLElement | null = null;
let sender = '';
let note = '';

const isExpired = () => !!cfg && Date.now() > Date.parse(cfg.expires);

function add(files: File[]) {
  const taken = new Set(chosen.map((c) => c.path.toLowerCase()));
  for (const f of files) {
    const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;
    const parts = rel.split('/').map((p) => cleanPart(p));
    const path = unique(parts.join('/'), (n) => taken.has(n.toLowerCase()));
    taken.add(path.toLowerCase());
    chosen.push({ path, file: f });
  }
  message = null;
  render();
}

/** hashFile reads a file once: its size, CRC-32 and SHA-256. */
async function hashFile(f: File, progressed: (n: number) => void): Promise<{ crc: number; sha256: string; size: number }> {
  const crc = new Crc32();
  const h = sha256.create();
  let n = 0;
  try {
    for await (const c of iterate(f.stream())) {
      crc.update(c);
      h.update(c);
      n += c.length;
      progressed(n);
    }
  } catch (e) {
    throw new ShareError('read', String((e as Error)?.message ?? e));
  }
  return { crc: crc.digest(), sha256: hex(h.digest()), size: n };
}

/** seal builds the return package: the ZIP (manifest first), encrypted to the office's key. */
export async function seal(c: Config, files: Chosen[], from: string, text: string, now: Date, tick: (phase: 'preparing' | 'sealing', n: number) => void): Promise<ReadableStream<Uint8Array>> {
  const items: ZipItem[] = [];
  const listed: Manifest['files'] = [];
  let base = 0;
  for (const f of files) {
    const r = await hashFile(f.file, (n) => tick('preparing', base + n));
    base += r.size;
    listed.push({ path: f.path, size: r.size, sha256: r.sha256 });
    items.push({ name: FILES_DIR + f.path, size: r.size, crc: r.crc, data: () => f.file.stream() });
  }
  const manifest: Manifest = {
    format: FORMAT,
    version: VERSION,
    kind: 'return',
    id: randomID(),
    office: c.office,
    client: c.client,
    recipient: c.person || undefined,
    sender: from || undefined,
    message: text || undefined,
    created: now.toISOString(),
    envelope: c.id,
    files: listed,
  };
  const mbytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  items.unshift({ name: MANIFEST, size: mbytes.length, crc: new Crc32().update(mbytes).digest(), data: () => new Blob([mbytes]).stream() });
  let n = 0;
  const counted = zip(items, now).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        n += chunk.length;
        tick('sealing', n);
        ctl.enqueue(chunk);
      },
    }),
  );
  const e = new Encrypter();
  e.addRecipient(c.recipient);
  return e.encrypt(counted);
}

function randomID(): string {
  return hex(crypto.getRandomValues(new Uint8Array(8)));
}

async function make() {
  if (!cfg) return;
  if (isExpired()) return render();
  if (chosen.length === 0) {
    message = failure(new ShareError('empty'));
    return render();
  }
  const now = new Date();
  const name = returnName(cfg.office, now);
  let handle: FileSystemFileHandle | null = null;
  if (mode === 'fs') {
    try {
      handle = await window.showSaveFilePicker({ suggestedName: name, types: [{ description: 'age', accept: { 'application/octet-stream': ['.age'] } }] });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      handle = null;
    }
  }
  const totalBytes = chosen.reduce((a, c) => a + c.file.size, 0);
  busy = 'preparing';
  total = totalBytes;
  done = 0;
  message = null;
  render();
  let lastPaint = 0;
  const tick = (phase: 'preparing' | 'sealing', n: number) => {
    done = n;
    if (phase !== busy) {
      busy = phase;
      render();
    }
    const now = performance.now();
    if (now - lastPaint < 100) return;
    lastPaint = now;
    const bar = root.querySelector('progress');
    if (bar) bar.value = Math.min(n, total);
    const label = root.querySelector('.progress .count');
    if (label) label.textContent = t(phase === 'preparing' ? 'env.preparing' : 'env.sealing', { done: size(Math.min(n, total)), total: size(total) });
  };
  let w: FileSystemWritableFileStream | null = null;
  try {
    const out = await seal(cfg, chosen, sender.trim(), note.trim(), now, tick);
    let saved = name;
    if (handle) {
      w = await handle.createWritable();
      await out.pipeTo(w as unknown as WritableStream<Uint8Array>);
      w = null;
      saved = handle.name;
    } else {
      const parts: Uint8Array[] = [];
      for await (const c of iterate(out)) parts.push(c);
      download(new Blob(parts as BlobPart[], { type: 'application/octet-stream' }), name);
    }
    const ok = alert('ok', h('p', { class: 'big' }, t('env.done', { name: saved })), mode === 'fs' && handle ? '' : h('p', {}, t('env.doneWhere')), h('p', { class: 'big' }, t('env.send', { office: cfg.office })));
    ok.dataset.saved = saved;
    message = ok;
    chosen = [];
  } catch (e) {
    await w?.abort().catch(() => {});
    message = failure(e);
  }
  busy = '';
  render();
}

function failure(e: unknown): HTMLElement {
  const el = alert('error', errorMessage(e));
  el.dataset.error = errorCode(e);
  return el;
}

function filesView(): HTMLElement {
  const sum = chosen.reduce((a, c) => a + c.file.size, 0);
  const input = h('input', {
    type: 'file',
    id: 'files',
    multiple: true,
    class: 'visually-hidden',
    onchange: (e) => {
      const el = e.target as HTMLInputElement;
      add([...(el.files ?? [])]);
      el.value = '';
    },
  });
  const zone = h('div', { class: 'drop', id: 'drop' }, input, h('label', { for: 'files', class: 'button primary' }, t('env.choose')), h('p', {}, t('env.drop')));
  dropZone(zone, (files) => add(files));
  const list = chosen.length
    ? h(
        'table',
        { class: 'files' },
        h(
          'tbody',
          {},
          ...chosen.map((c, i) =>
            h(
              'tr',
              {},
              h('td', { class: 'name' }, c.path),
              h('td', { class: 'num' }, size(c.file.size)),
              h(
                'td',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button small',
                    'aria-label': t('env.removeLabel', { name: c.path }),
                    disabled: busy !== '',
                    onclick: () => {
                      chosen.splice(i, 1);
                      render();
                    },
                  },
                  t('env.remove'),
                ),
              ),
            ),
          ),
        ),
      )
    : h('p', { class: 'hint' }, t('env.none'));
  return h('section', { class: 'card' }, h('h2', {}, t('env.files', { n: chosen.length, size: size(sum) })), list, busy ? '' : zone);
}

function render() {
  const body = h('div');
  if (!cfg) {
    body.append(alert('error', t('env.broken', { office: '—' })));
  } else if (isExpired()) {
    body.append(h('section', { class: 'card expired', id: 'expired' }, h('h2', {}, t('env.expiredTitle')), h('p', { class: 'big' }, t('env.expired', { date: expiry(cfg.expires), office: cfg.office })), h('p', { class: 'honesty' }, t('env.honesty'))));
  } else {
    body.append(
      h('p', { class: 'lead' }, t('env.lead', { office: cfg.office })),
      h('section', { class: 'card' }, dl([[t('env.to'), cfg.office], [t('env.client'), [cfg.client, cfg.person].filter(Boolean).join(' ')], [t('env.message'), cfg.message, true], [t('env.expires'), expiry(cfg.expires)]])),
    );
    if (message) body.append(message);
    body.append(filesView());
    const b = busy !== '';
    body.append(
      h(
        'section',
        { class: 'card' },
        h('label', { for: 'sender', class: 'field' }, t('env.name')),
        h('input', { id: 'sender', type: 'text', autocomplete: 'name', value: sender, disabled: b, oninput: (e) => (sender = (e.target as HTMLInputElement).value) }),
        h('label', { for: 'note', class: 'field' }, t('env.note')),
        (() => {
          const ta = h('textarea', { id: 'note', rows: 4, disabled: b, oninput: (e) => (note = (e.target as HTMLTextAreaElement).value) });
          ta.value = note;
          return ta;
        })(),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button primary', id: 'make', disabled: b, onclick: make }, t('env.make'))),
        b ? progress(t(busy === 'preparing' ? 'env.preparing' : 'env.sealing', { done: size(done), total: size(total) }), done, total) : null,
      ),
    );
  }
  const focused = document.activeElement?.id;
  clear(root, frame(() => t('env.title'), body, render));
  if (focused) document.getElementById(focused)?.focus();
}

setLang(cfg?.lang ?? document.querySelector<HTMLMetaElement>('meta[name="kinko-lang"]')?.content ?? 'ja');
render();
document.documentElement.dataset.ready = 'true';
