import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import { installFakeGo, type FakeGo } from '../../testing';
import { resetAuditForTests } from '../../stores/audit';
import { AuditView } from '../AuditView';

const names = { users: { u1: '山田 太郎', u2: '佐藤 花子' }, devices: { d1: 'JIMU-PC01（yamada）' }, clients: {}, persons: {}, personClient: {} };
const values = { users: ['u1', 'u2'], devices: ['d1'], actions: ['client.view', 'login.failed'], purposes: [], clients: [], persons: [], results: ['ok'] };
const at = Date.parse('2026-11-22T10:15:03+09:00');
const entry = (op: string, n: number, user: string, trust: string, extra: Record<string, unknown> = {}) => ({
  op,
  time: at - n * 60_000,
  user,
  device: 'd1',
  action: 'client.view',
  label: '株式会社あおば',
  result: 'ok',
  trust,
  ...extra,
});
const entries = [
  entry('d1.9', 0, 'u2', 'pending'),
  entry('d1.8', 1, 'u1', 'unverifiable'),
  entry('d1.7', 2, '', 'unsigned', { action: 'login.failed', login: 'sato', result: 'vault.wrong_password', label: '' }),
  entry('d1.6', 3, 'u1', 'verified'),
];

/** mountLog opens the アクセスログ area on a log holding list. */
function mountLog(list: unknown[]): FakeGo {
  const fake = installFakeGo({
    LogService: {
      Open: () => ({ entries: list.length, unreadable: 0, values, names }),
      Query: () => ({ entries: list, total: list.length }),
    },
  });
  render(
    <App>
      <AuditView />
    </App>,
  );
  return fake;
}

describe('trust marks in the アクセスログ list', () => {
  let go: FakeGo;
  beforeAll(() => initI18n('ja'));
  beforeEach(() => resetAuditForTests());
  afterEach(() => {
    cleanup();
    go.restore();
  });

  it('marks every entry no signature confirms as its user’s, and only those', async () => {
    go = mountLog(entries);
    const rows = await screen.findAllByTestId('audit-row');
    const user = (i: number) => within(rows[i]).getByTestId('audit-user');
    const mark = (i: number) => within(rows[i]).queryByTestId('audit-trust');

    // Not yet signed: the name, never alone.
    expect(user(0).textContent).toBe('佐藤 花子未確認');
    expect(mark(0)?.getAttribute('data-trust')).toBe('pending');
    // A checkpoint that does not hold, or another user's: in red.
    expect(user(1).textContent).toBe('山田 太郎確認できません');
    expect(mark(1)?.className).toMatch(/red/);
    // Written while locked.
    expect(user(2).textContent).toBe('（ログイン前）：sato署名なし');
    expect(mark(2)?.getAttribute('data-trust')).toBe('unsigned');
    // Verified: the name alone.
    expect(user(3).textContent).toBe('山田 太郎');
    expect(mark(3)).toBeNull();

    // The details say what the mark means.
    fireEvent.click(rows[1]);
    const drawer = await screen.findByTestId('audit-entry');
    expect(within(drawer).getByTestId('audit-entry-trust-help').textContent).toContain('ユーザー欄の人の操作とはみなさないでください');
    expect(drawer.textContent).toContain('まだ署名で確かめられていません');
  });

  it('an entry without a trust (never from Go) is marked as not yet confirmed', async () => {
    const { trust: _, ...bare } = entries[3];
    go = mountLog([bare]);
    const [row] = await screen.findAllByTestId('audit-row');
    expect(within(row).getByTestId('audit-trust').getAttribute('data-trust')).toBe('pending');
  });

  it('a filter by user says that unconfirmed entries are included; the trust filter is sent to Go', async () => {
    go = mountLog(entries);
    await screen.findAllByTestId('audit-row');
    expect(screen.queryByTestId('audit-filter-users-note')).toBeNull();
    pick('audit-filter-users', '山田 太郎');
    expect((await screen.findByTestId('audit-filter-users-note')).textContent).toContain('署名でまだ確認されていない記録も含みます');
    pick('audit-filter-trust', '確認できません');
    await screen.findAllByTestId('audit-row');
    const queries = go.calls.filter(([, m]) => m === 'Query').map(([, , [q]]) => (q as { filter: Record<string, unknown> }).filter);
    expect(queries.at(-1)).toMatchObject({ users: ['u1'], trust: ['unverifiable'] });
  });
});

/** pick chooses option label in the antd Select with testid. */
function pick(testid: string, label: string) {
  const select = screen.getByTestId(testid);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const options = screen.getAllByTitle(label).filter((el) => el.closest('.ant-select-item-option'));
  fireEvent.click(options.at(-1)!);
}
