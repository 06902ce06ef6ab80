// What both pages share: the frame (title, language switch), messages and
// the progress bar.
import { h } from './dom';
import { isShareError } from './errors';
import { errorText, getLang, setLang, t } from './i18n';

export function frame(title: () => string, body: HTMLElement, rerender: () => void): HTMLElement {
  const sw = h(
    'button',
    {
      type: 'button',
      class: 'lang',
      lang: getLang() === 'ja' ? 'en' : 'ja',
      'aria-label': t('lang.switchLabel'),
      onclick: () => {
        setLang(getLang() === 'ja' ? 'en' : 'ja');
        rerender();
        (document.querySelector('button.lang') as HTMLElement | null)?.focus();
      },
    },
    t('lang.switch'),
  );
  document.title = `${title()} — 金庫 Kinko`;
  return h('div', { class: 'page' }, h('header', {}, h('div', { class: 'brand', 'aria-hidden': 'true' }, '金庫'), h('h1', {}, title()), sw), h('main', {}, body));
}

/** alert is a message box: kind "error" is read out at once. */
export function alert(kind: 'error' | 'ok' | 'info' | 'warn', ...content: (Node | string)[]): HTMLElement {
  return h('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-kind': kind }, ...content);
}

export function errorMessage(e: unknown): string {
  if (isShareError(e)) return errorText(e.code);
  return errorText('unknown', String((e as Error)?.message ?? e));
}

export function errorCode(e: unknown): string {
  return isShareError(e) ? e.code : 'unknown';
}

export function progress(label: string, value: number, max: number): HTMLElement {
  return h('div', { class: 'progress' }, h('label', {}, h('span', { class: 'count', role: 'status' }, label), h('progress', { value: Math.min(value, max), max: Math.max(max, 1) })));
}

export function dl(rows: [string, string | undefined, boolean?][]): HTMLElement {
  const el = h('dl', { class: 'facts' });
  for (const [k, v, pre] of rows) {
    if (!v) continue;
    el.append(h('dt', {}, k), h('dd', pre ? { class: 'pre' } : {}, v));
  }
  return el;
}
