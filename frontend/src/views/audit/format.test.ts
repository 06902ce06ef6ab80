import { beforeAll, describe, expect, it } from 'vitest';
import i18n from 'i18next';
import { initI18n } from '../../i18n';
import { detailText, resultText } from './format';

// The details entries carry, as Go writes them (app/, app/cli): every one
// reads as words in English — no raw key=value pair, field name or code.
const details = [
  'problems=0',
  'clients xlsx rows=2',
  'people csv rows=12 dry_run',
  'owner_only=true hidden=2',
  'role=staff',
  'verb=log.list cli',
  'user=u1 level=edit',
  'user=u1 level=default',
  'user=u1 mynumber',
  'ledger.pdf',
  'idle',
  'remembered',
  'recovery',
  'demo',
  'pending=1',
  'held=3',
  'reason=request',
  'pdf incident person',
  'purposes=tax_return,payment_record',
];

describe('detailText in English', () => {
  beforeAll(() => {
    initI18n('en');
  });

  it.each(details)('%s', (d) => {
    const t = i18n.getFixedT('en');
    const text = detailText(t, d, { users: { u1: 'Taro Yamada' }, devices: {}, clients: {}, persons: {}, personClient: {} }).replace(/kinko [a-z ]+/, '');
    expect(text).not.toMatch(/[=_：、]|\b(cli|xlsx|csv|pdf)\b/);
    expect(text).not.toContain('u1');
  });

  it('shows a failure with English punctuation', () => {
    expect(resultText(i18n.getFixedT('en'), 'vault.wrong_password')).not.toContain('：');
  });
});
