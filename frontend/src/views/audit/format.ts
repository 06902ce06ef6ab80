// Words of the access log as the viewer shows them.
import type { TFunction } from 'i18next';
import type { LogEntry, LogFilter, LogNames, LogProblem, LogTrust } from '../../bridge';

const code = (s: string) => s.replaceAll('.', '_');

export function actionText(t: TFunction, a: string): string {
  return t(`audit.action.${code(a)}`, { defaultValue: a });
}

export function purposeText(t: TFunction, p?: string): string {
  return p ? t(`purpose.${p}`, { defaultValue: p }) : '';
}

/** resultText says how an action ended: 成功, 拒否, or 失敗 with the reason. */
export function resultText(t: TFunction, r: string): string {
  if (r === 'ok' || r === 'denied') return t(`audit.result.${r}`);
  if (!r) return '';
  return `${t('audit.result.failed')}${t('audit.detail.sep', { defaultValue: '：' })}${t(`errors.${r}`, { defaultValue: r })}`;
}

/** detailText puts "rows=12 purposes=a,b" into words; unknown pairs stay as they are. */
export function detailText(t: TFunction, d?: string, names?: LogNames): string {
  if (!d) return '';
  // As core/audit's detailText: pairs and words through audit.detail.*;
  // what the catalog does not know is shown as it is.
  const word = (w: string) => t(`audit.detail.word.${w.replace(/\./g, '_')}`, { defaultValue: w });
  const sep = t('audit.detail.sep', { defaultValue: '：' });
  return d
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => {
      const at = p.indexOf('=');
      if (at < 0) return word(p);
      const k = p.slice(0, at);
      let v = p.slice(at + 1);
      const name = t(`audit.detail.${k}`, { defaultValue: '' });
      if (!name || typeof name !== 'string') return p;
      if (k === 'purposes') v = v.split(',').map((c) => purposeText(t, c)).join(t('audit.detail.and', { defaultValue: '、' }));
      else if (k === 'role') v = t(`roles.${v}`, { defaultValue: v });
      else if (k === 'level') v = t(`levels.${v}`, { defaultValue: word(v) });
      else if (k === 'user') v = names?.users?.[v] ?? v;
      else if (k === 'reason') v = t(`erasureReason.${v}`, { defaultValue: v });
      else if (k === 'owner_only') v = word(v);
      else if (k === 'verb') v = `kinko ${v.replace(/\./g, ' ')}`;
      return `${name}${sep}${v}`;
    })
    .join(' ');
}

/** trustStates mirrors audit.Trusts: what a signature confirms of an entry. */
export const trustStates: LogTrust[] = ['verified', 'pending', 'unsigned', 'unverifiable'];

/** trustOf is an entry's trust; an entry without one (never from Go's reader) counts as pending, so it is never shown as plainly its user's. */
export function trustOf(e: Pick<LogEntry, 'trust'>): LogTrust {
  return trustStates.includes(e.trust as LogTrust) ? (e.trust as LogTrust) : 'pending';
}

/** userName names a user id; "" is nobody logged in (failed logins). */
export function userName(t: TFunction, names: LogNames | undefined, id: string): string {
  if (!id) return t('audit.report.noUser');
  return names?.users?.[id] ?? id;
}

export function deviceName(names: LogNames | undefined, id: string): string {
  return names?.devices?.[id] ?? id;
}

export function clientName(t: TFunction, names: LogNames | undefined, id: string): string {
  return names?.clients?.[id] ?? t('audit.view.unknownClient');
}

export function personName(t: TFunction, names: LogNames | undefined, id: string): string {
  return names?.persons?.[id] ?? t('audit.view.unknownPerson');
}

/** targetText is what an entry was about: its label, else its client's name, else the record id. */
export function targetText(t: TFunction, e: LogEntry, names: LogNames | undefined): string {
  if (e.label) return e.label;
  if (e.client && e.target === `client/${e.client}`) return clientName(t, names, e.client);
  return e.target ?? '';
}

/** sensitive mirrors audit.Action.Sensitive: actions that take personal information out of its masked form or out of the vault. */
export const sensitiveActions = new Set([
  'mynumber.reveal',
  'mynumber.copy',
  'filing.export',
  'export',
  'print',
  'share.create',
  'share.override',
  'log.export',
  'report.save',
  'backup.restore',
]);

/** problemText says what a problem of the log check means, with names (key audit.verify.problem.<kind>). */
export function problemText(t: TFunction, names: LogNames | undefined, p: LogProblem): string {
  return t(`audit.verify.problem.${code(p.kind.replaceAll('-', '_'))}`, {
    device: deviceName(names, p.device),
    seq: p.seq ?? 0,
    segment: p.segment ?? 0,
    author: p.author ? userName(t, names, p.author) : t('audit.report.noUser'),
    signer: p.signer ? userName(t, names, p.signer) : '',
    witness: p.witness ? deviceName(names, p.witness) : t('audit.verify.thisPC'),
    held: p.held ?? 0,
    seen: p.seen ?? 0,
    defaultValue: t('audit.verify.problem.other', { device: deviceName(names, p.device) }),
  });
}

/** isEmptyFilter reports whether f selects everything but for its period. */
export function isEmptyFilter(f: LogFilter): boolean {
  return Object.keys(f).every((k) => k === 'from' || k === 'to');
}
