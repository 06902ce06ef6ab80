import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanFilter, pageSize, resetAuditForTests, useAudit } from './audit';
import { installFakeGo, lockedState, openState, type FakeGo } from '../testing';
import { useVault } from './vault';

const names = { users: { u1: '山田 太郎' }, devices: { d1: 'JIMU-PC（yamada）' }, clients: {}, persons: {}, personClient: {} };
const values = { users: ['u1'], devices: ['d1'], actions: ['login'], purposes: [], clients: [], persons: [], results: ['ok'] };
const entry = (op: string, time = 1_790_000_000_000) => ({ op, time, user: 'u1', device: 'd1', action: 'login', result: 'ok' });

describe('useAudit', () => {
  let go: FakeGo;
  beforeEach(() => resetAuditForTests());
  afterEach(() => go?.restore());

  it('opens the log, then reads the newest page for the period', async () => {
    go = installFakeGo({
      LogService: {
        Open: () => ({ entries: 2, unreadable: 0, values, names }),
        Query: () => ({ entries: [entry('d1.2'), entry('d1.1')], total: 2 }),
      },
    });
    await useAudit.getState().open();
    const s = useAudit.getState();
    expect(s.summary?.entries).toBe(2);
    expect(s.page?.entries.map((e) => e.op)).toEqual(['d1.2', 'd1.1']);
    const [, , [q]] = go.calls.find(([, m]) => m === 'Query')!;
    const query = q as { filter: { from?: number; to?: number }; limit: number; newestFirst: boolean; offset: number };
    expect(query.limit).toBe(pageSize);
    expect(query.newestFirst).toBe(true);
    // The default period is the last 90 days, ending tomorrow 00:00 in Japan.
    expect(query.filter.to! - query.filter.from!).toBe(90 * 24 * 3600 * 1000);
    expect(new Date(query.filter.to! + 9 * 3600e3).toISOString().slice(11)).toBe('00:00:00.000Z');
  });

  it('keeps a staff member out with access.not_auditor and asks for no page', async () => {
    go = installFakeGo({
      LogService: {
        Open: () => Promise.reject(JSON.stringify({ code: 'access.not_auditor' })),
        Query: () => ({ entries: [], total: 0 }),
      },
    });
    await useAudit.getState().open();
    expect(useAudit.getState().openError?.code).toBe('access.not_auditor');
    expect(go.calls.some(([, m]) => m === 'Query')).toBe(false);
  });

  it('keeps the newest filter’s page when an older answer comes last', async () => {
    const pending: Array<(v: unknown) => void> = [];
    go = installFakeGo({ LogService: { Query: () => new Promise((res) => pending.push(res)) } });
    useAudit.getState().setFilter({ users: ['u1'] });
    useAudit.getState().setFilter({ users: ['u2'] });
    expect(pending).toHaveLength(2);
    pending[1]({ entries: [entry('new')], total: 1 });
    await new Promise((r) => setTimeout(r, 0));
    pending[0]({ entries: [entry('old')], total: 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(useAudit.getState().page?.entries.map((e) => e.op)).toEqual(['new']);
    expect(useAudit.getState().filter).toEqual({ users: ['u2'] });
  });

  it('takes the check’s report from job:done, even when it beats Verify’s answer', async () => {
    let finish: (id: string) => void = () => {};
    go = installFakeGo({ LogService: { Verify: () => new Promise<string>((res) => (finish = res)) } });
    const stop = useAudit.getState().start();
    const started = useAudit.getState().verify();
    const report = { report: { devices: 1, ops: 10, entries: 8, checkpoints: 1, problems: null, torn: null, tails: null }, names };
    go.emit('job:done', { id: 'job-1', kind: 'log.verify', status: 'ok', result: report });
    finish('job-1');
    await started;
    expect(useAudit.getState().verifying).toBeUndefined();
    expect(useAudit.getState().verified?.report.entries).toBe(8);
    go.emit('job:done', { id: 'job-2', kind: 'vault.verify', status: 'failed', error: { code: 'internal' } });
    expect(useAudit.getState().verifyError).toBeUndefined();
    stop();
  });

  it('forgets the log at lock', async () => {
    go = installFakeGo({
      LogService: { Open: () => ({ entries: 1, unreadable: 0, values, names }), Query: () => ({ entries: [entry('d1.1')], total: 1 }) },
    });
    useVault.setState({ state: openState as never });
    await useAudit.getState().open();
    expect(useAudit.getState().page?.total).toBe(1);
    useVault.setState({ state: lockedState as never });
    expect(useAudit.getState().summary).toBeUndefined();
    expect(useAudit.getState().page).toBeUndefined();
  });

  it('sends Go only the parts of a filter that select something', () => {
    expect(cleanFilter({ users: [], text: '', sensitive: false, from: 0, to: 5, actions: ['login'] })).toEqual({ to: 5, actions: ['login'] });
  });
});
