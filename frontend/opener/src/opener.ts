// The package opener page (opener.html). See docs/share-opener.md.
import { clear, dropZone, h, saveMode } from './dom';
import { ShareError } from './errors';
import { date, expiry, setLang, size, t } from './i18n';
import { expired, type Manifest, type ManifestFile } from './manifest';
import { alert, dl, errorCode, errorMessage, frame, progress } from './page';
import { normalizePassphrase } from './passphrase';
import { binary, open, unlock, walk } from './pkg';
import { downloads, file as fileTarget, folder, saveError, type Target } from './save';

interface State {
  pkg: Blob | null;
  embedded: boolean;
  name: string;
  key: Uint8Array | null;
  manifest: Manifest | null;
  busy: string; // progress label, "" when idle
  done: number;
  total: number;
  message: HTMLElement | null;
  abort: AbortController | null;
}

const s: State = { pkg: null, embedded: false, name: '', key: null, manifest: null, busy: '', done: 0, total: 0, message: null, abort: null };
const root = document.getElementById('app')!;
const mode = saveMode();
document.documentElement.dataset.saveMode = mode;

function setState(p: Partial<State>) {
  Object.assign(s, p);
  render();
}

/** embedded returns the package the page carries, if any (base64 in an inert script element). */
function embedded(): Blob | null {
  const el = document.getElementById('kinko-package');
  const text = el?.textContent?.replace(/\s+/g, '') ?? '';
  if (!text) return null;
  const parts: Uint8Array[] = [];
  const step = 1 << 20; // a multiple of 4
  for (let i = 0; i < text.length; i += step) {
    const bin = atob(text.slice(i, i + step));
    const b = new Uint8Array(bin.length);
    for (let j = 0; j < bin.length; j++) b[j] = bin.charCodeAt(j);
    parts.push(b);
  }
  el!.textContent = ''; // the page's copy is no longer needed
  return new Blob(parts as BlobPart[]);
}

function choose(f: File | undefined) {
  if (!f) return;
  setState({ pkg: f, name: f.name, key: null, manifest: null, message: null });
  (document.getElementById('passphrase') as HTMLInputElement | null)?.focus();
}

async function unlockAndRead(ev: Event) {
  ev.preventDefault();
  const input = document.getElementById('passphrase') as HTMLInputElement;
  const typed = normalizePassphrase(input.value);
  if (!s.pkg || !typed) return;
  setState({ busy: t('opener.opening'), message: null });
  try {
    const pkg = await binary(s.pkg);
    const key = await unlock(pkg, typed);
    const opened = await open(pkg, key);
    await opened.zip.cancel(); // the files are read again when saved
    if (opened.manifest.kind !== 'package') throw new ShareError('return_package');
    setState({ pkg, key, manifest: opened.manifest, busy: '' });
    document.getElementById('contents')?.focus();
  } catch (e) {
    setState({ busy: '', message: failure(e) });
    if (errorCode(e) === 'passphrase') (document.getElementById('passphrase') as HTMLInputElement | null)?.select();
  }
}

function failure(e: unknown): HTMLElement {
  const el = alert('error', errorMessage(e));
  el.dataset.error = errorCode(e);
  return el;
}

/** save saves one file (only) or all of them. */
async function save(only?: ManifestFile) {
  const m = s.manifest!;
  let target: Target;
  try {
    if (mode === 'fs') {
      if (only) {
        const fh = await window.showSaveFilePicker({ suggestedName: only.path.slice(only.path.lastIndexOf('/') + 1) });
        target = fileTarget(fh);
      } else {
        target = folder(await window.showDirectoryPicker({ mode: 'readwrite' }));
      }
    } else {
      target = downloads(only ? [only] : m.files);
    }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return; // the client closed the picker
    setState({ message: failure(saveError(e)) });
    return;
  }
  const files = only ? [only] : m.files;
  const total = files.reduce((a, f) => a + f.size, 0);
  const abort = new AbortController();
  setState({ busy: 'saving', done: 0, total, message: null, abort });
  try {
    if (expired(m)) throw new ShareError('expired');
    const opened = await open(s.pkg!, s.key!);
    let before = 0;
    await walk(opened, {
      stopAfter: only?.path,
      signal: abort.signal,
      sink: async (f) => {
        if (only && f.path !== only.path) {
          before += f.size;
          return null;
        }
        try {
          return await target.open(f);
        } catch (e) {
          throw saveError(e);
        }
      },
      progress: (n) => tick(n - before),
    });
    const renamed = await target.commit();
    const msg = alert(
      'ok',
      h('p', {}, t('opener.saved', { n: files.length }), ' ', mode === 'fs' ? t('opener.savedFolder') : t('opener.savedWhere')),
      h('p', {}, t('opener.verified')),
      ...(renamed.length ? [h('p', {}, t('opener.renamed', { names: renamed.join('、') }))] : []),
    );
    msg.dataset.saved = String(files.length);
    setState({ busy: '', abort: null, message: msg });
  } catch (e) {
    await target.abort();
    const cancelled = e instanceof DOMException && e.name === 'AbortError';
    setState({ busy: '', abort: null, message: cancelled ? alert('info', t('opener.cancelled')) : failure(e) });
    if (errorCode(e) === 'expired') render();
  }
}

let lastTick = 0;
function tick(done: number) {
  s.done = done;
  const now = performance.now();
  if (now - lastTick < 100) return;
  lastTick = now;
  const bar = root.querySelector('progress');
  if (bar) bar.value = done;
  const label = root.querySelector('.progress .count');
  if (label) label.textContent = t('opener.saving', { done: size(done), total: size(s.total) });
}

function pickView(): HTMLElement {
  const input = h('input', { type: 'file', id: 'package-file', accept: '.age,application/octet-stream', class: 'visually-hidden', onchange: (e) => choose((e.target as HTMLInputElement).files?.[0]) });
  const zone = h('div', { class: 'drop', id: 'drop' }, input, h('label', { for: 'package-file', class: 'button primary' }, t('opener.choose')), h('p', {}, t('opener.drop')));
  dropZone(zone, (files) => choose(files[0]));
  return zone;
}

function passView(): HTMLElement {
  const busy = s.busy !== '';
  return h(
    'form',
    { class: 'card', onsubmit: unlockAndRead, 'aria-busy': busy ? 'true' : undefined },
    h('p', { class: 'source' }, s.embedded ? t('opener.embedded') : t('opener.chosen', { name: s.name })),
    h('label', { for: 'passphrase', class: 'field' }, t('opener.passphrase')),
    h('p', { class: 'hint', id: 'passphrase-hint' }, t('opener.passphraseHint')),
    h('input', { id: 'passphrase', name: 'passphrase', type: 'text', autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', 'aria-describedby': 'passphrase-hint', 'data-secret': true, required: true, disabled: busy }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary', id: 'open', disabled: busy }, t('opener.open'))),
    busy ? h('p', { class: 'busy', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), s.busy) : null,
  );
}

function expiredView(m: Manifest): HTMLElement {
  const el = h('section', { class: 'card expired', id: 'expired' }, h('h2', {}, t('opener.expiredTitle')), h('p', { class: 'big' }, t('opener.expired', { date: expiry(m.expires), office: m.office || '—' })), h('p', { class: 'honesty' }, t('opener.honesty')));
  return el;
}

function contentsView(m: Manifest): HTMLElement {
  const busy = s.busy !== '';
  const total = m.files.reduce((a, f) => a + f.size, 0);
  const rows = m.files.map((f) =>
    h(
      'tr',
      {},
      h('td', { class: 'name' }, f.path),
      h('td', { class: 'num' }, size(f.size)),
      h('td', {}, h('button', { type: 'button', class: 'button small', disabled: busy, 'data-path': f.path, 'aria-label': `${t('opener.save')}: ${f.path}`, onclick: () => save(f) }, t('opener.save'))),
    ),
  );
  return h(
    'section',
    { class: 'card', id: 'contents', tabindex: '-1' },
    dl([
      [t('opener.from'), m.office],
      [t('opener.sender'), m.sender],
      [t('opener.to'), [m.client, m.recipient].filter(Boolean).join(' ')],
      [t('opener.message'), m.message, true],
      [t('opener.created'), date(m.created)],
      [t('opener.expires'), expiry(m.expires)],
    ]),
    h('h2', {}, t('opener.files', { n: m.files.length, size: size(total) })),
    h('table', { class: 'files' }, h('thead', {}, h('tr', {}, h('th', {}, t('opener.file')), h('th', { class: 'num' }, t('opener.size')), h('th', {}, h('span', { class: 'visually-hidden' }, t('opener.save'))))), h('tbody', {}, ...rows)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button primary', id: 'save-all', disabled: busy, onclick: () => save() }, t('opener.saveAll')),
      busy && s.abort ? h('button', { type: 'button', class: 'button', onclick: () => s.abort?.abort() }, t('opener.cancel')) : null,
    ),
    busy ? h('div', {}, progress(t('opener.saving', { done: size(s.done), total: size(s.total) }), s.done, s.total)) : null,
    h('p', { class: 'honesty' }, t('opener.honesty')),
  );
}

function render() {
  const body = h('div');
  body.append(h('p', { class: 'lead' }, t('opener.lead')));
  const m = s.manifest;
  if (m && expired(m)) {
    body.append(expiredView(m));
  } else {
    if (s.message) body.append(s.message);
    if (m) body.append(contentsView(m));
    else if (s.pkg) body.append(passView());
    if (!s.embedded && !s.busy) body.append(pickView());
  }
  const focused = document.activeElement?.id;
  const value = (document.getElementById('passphrase') as HTMLInputElement | null)?.value;
  clear(root, frame(() => t('opener.title'), body, render));
  const input = document.getElementById('passphrase') as HTMLInputElement | null;
  if (input && value) input.value = value;
  if (focused) document.getElementById(focused)?.focus();
}

setLang(document.querySelector<HTMLMetaElement>('meta[name="kinko-lang"]')?.content ?? 'ja');
const pkg = embedded();
if (pkg) {
  s.pkg = pkg;
  s.embedded = true;
}
render();
document.documentElement.dataset.ready = 'true';
