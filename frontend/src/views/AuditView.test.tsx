import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../i18n';
import { installFakeGo, type FakeGo } from '../testing';
import { resetAuditForTests } from '../stores/audit';
import { useJobs } from '../stores/jobs';
import { AuditView } from './AuditView';

const names = {
  users: { u1: '山田 太郎', u2: '佐藤 花子' },
  devices: { d1: 'JIMU-PC01（yamada）' },
  clients: { c1: '株式会社あおば' },
  persons: { p1: '鈴木 一郎（株式会社あおば）' },
  personClient: { p1: 'c1' },
};
const values = { users: ['u1', 'u2'], devices: ['d1'], actions: ['mynumber.reveal', 'login.failed'], purposes: ['withholding_slip'], clients: ['c1'], persons: ['p1'], results: ['ok', 'vault.wrong_password'] };
// 2026-11-22 10:15:03 in Japan.
const at = Date.parse('2026-11-22T10:15:03+09:00');
const reveal = { op: 'd1.7', time: at, user: 'u2', device: 'd1', action: 'mynumber.reveal', target: 'mynumber/c1/p1', client: 'c1', person: 'p1', label: '鈴木 一郎（株式会社あおば）', purpose: 'withholding_slip', result: 'ok' };
const failed = { op: 'd1.6', time: at - 60_000, user: '', device: 'd1', action: 'login.failed', login: 'sato', result: 'vault.wrong_password' };
const exported = { op: 'd1.5', time: at - 120_000, user: 'u1', device: 'd1', action: 'export', label: '顧問先一覧.xlsx', detail: 'rows=12', result: 'ok' };

describe('the アクセスログ area', () => {
  let go: FakeGo;
  beforeAll(() => initI18n('ja'));
  beforeEach(() => resetAuditForTests());
  afterEach(() => {
    cleanup();
    go.restore();
  });

  it('lists entries with names, 和暦 times in Japan, purposes and failed logins; a row opens its details', async () => {
    go = installFakeGo({
      LogService: {
        Open: () => ({ entries: 2, unreadable: 0, values, names }),
        Query: () => ({ entries: [reveal, failed, exported], total: 3 }),
      },
    });
    render(
      <App>
        <AuditView />
      </App>,
    );
    const rows = await screen.findAllByTestId('audit-row');
    expect(rows).toHaveLength(3);
    const first = within(rows[0]);
    expect(first.getByText('佐藤 花子')).toBeTruthy();
    expect(first.getByText('個人番号の表示')).toBeTruthy();
    expect(first.getByText('鈴木 一郎（株式会社あおば）')).toBeTruthy();
    expect(first.getByText('源泉徴収票')).toBeTruthy();
    expect(first.getByTestId('audit-time').textContent).toBe('令和8年11月22日 10:15:03');
    expect(within(rows[1]).getByText('（ログイン前）：sato')).toBeTruthy();
    expect(within(rows[1]).getByTestId('audit-result-bad').textContent).toContain('失敗');
    expect(rows[2].textContent).toContain('顧問先一覧.xlsx　件数：12');
    expect(screen.getByText('3 件')).toBeTruthy();

    fireEvent.click(rows[0]);
    const drawer = await screen.findByTestId('audit-entry');
    expect(within(drawer).getByText('d1.7')).toBeTruthy();
    expect(within(drawer).getByText('JIMU-PC01（yamada）')).toBeTruthy();
    expect(within(drawer).getByTestId('audit-entry-person')).toBeTruthy();
  });

  it('tells staff who may read the log, and shows nothing of it', async () => {
    go = installFakeGo({ LogService: { Open: () => Promise.reject(JSON.stringify({ code: 'access.not_auditor' })) } });
    render(
      <App>
        <AuditView />
      </App>,
    );
    expect(await screen.findByText('アクセスログは閲覧できません')).toBeTruthy();
    expect(screen.queryByTestId('audit-list')).toBeNull();
  });

  it('filters: the sensitive switch and a user are sent to Go', async () => {
    go = installFakeGo({
      LogService: {
        Open: () => ({ entries: 2, unreadable: 0, values, names }),
        Query: () => ({ entries: [reveal], total: 1 }),
      },
    });
    render(
      <App>
        <AuditView />
      </App>,
    );
    await screen.findAllByTestId('audit-row');
    fireEvent.click(screen.getByTestId('audit-filter-sensitive'));
    await screen.findAllByTestId('audit-row');
    const queries = go.calls.filter(([, m]) => m === 'Query').map(([, , [q]]) => (q as { filter: Record<string, unknown> }).filter);
    expect(queries.at(-1)).toMatchObject({ sensitive: true });
    expect(queries.at(-1)?.from).toBeTypeOf('number');
  });

  it('shows the progress of reading a large log, and a cancelled read can be taken up again', async () => {
    let refuse: (e: unknown) => void = () => {};
    go = installFakeGo({
      LogService: { Open: () => new Promise((_, reject) => (refuse = reject)) },
      Jobs: { ListJobs: () => [], CancelJob: () => undefined },
    });
    const stop = useJobs.getState().start();
    render(
      <App>
        <AuditView />
      </App>,
    );
    await screen.findByTestId('audit-opening');
    act(() => go.emit('job:progress', { id: 'j-open', kind: 'log.open', stage: 'read', done: 250_000, total: 1_000_000 }));
    const bar = await screen.findByTestId('audit-opening-progress');
    expect(bar.textContent).toContain('25%');
    fireEvent.click(screen.getByTestId('audit-opening-cancel'));
    expect(go.calls.some(([svc, m, [id]]) => svc === 'Jobs' && m === 'CancelJob' && id === 'j-open')).toBe(true);
    await act(async () => refuse(JSON.stringify({ code: 'job.canceled' })));
    const alert = await screen.findByTestId('audit-open-error');
    expect(alert.textContent).toContain('読み込みを取り消しました');
    expect(within(alert).getByText('もう一度読み込む')).toBeTruthy();
    stop();
    useJobs.setState({ jobs: {} });
  });
});
