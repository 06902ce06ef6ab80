import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetBackupForTests, runningJob, useBackup, worseLevel } from './backup';
import { useVault } from './vault';
import { installFakeGo, lockedState, openState, type FakeGo } from '../testing';
import { entriesFixture, fakeBackup, fakeVault, overviewFixture, planFixture, snapshotsFixture } from './backup.fixtures';

describe('useBackup', () => {
  let go: FakeGo | undefined;

  let stop: (() => void) | undefined;

  /** install answers from the fixtures with overrides, and listens to the new fake's events. */
  function install(overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
    stop?.();
    go?.restore();
    go = installFakeGo({ BackupService: fakeBackup(overrides), VaultService: fakeVault() });
    stop = useBackup.getState().start();
  }

  beforeEach(() => {
    resetBackupForTests();
    useVault.setState({ state: openState as never });
    install();
  });

  afterEach(() => {
    stop?.();
    stop = undefined;
    go?.restore();
    go = undefined;
  });

  it('loads the overview and selects this PC’s first plan', async () => {
    await vi.waitFor(() => expect(useBackup.getState().overview?.level).toBe('notice'));
    expect(useBackup.getState().plan).toBe('p1');
    expect(useBackup.getState().overview?.office).toBe('alert');
  });

  it('follows backup:state: a run starting and the level escalating', async () => {
    await vi.waitFor(() => expect(useBackup.getState().overview).toBeDefined());
    go!.emit('backup:state', overviewFixture({ level: 'warning', daysSince: 8, plans: [planFixture({ state: { ...planFixture().state, running: 'job-7', level: 'warning' } })] }));
    const s = useBackup.getState();
    expect(s.overview?.level).toBe('warning');
    expect(runningJob(s, s.overview!.plans[0])).toBe('job-7');
  });

  it('keeps a load error as a code and an empty plan list as []', async () => {
    install({ Overview: () => { throw '{"code":"vault.locked"}'; } });
    await useBackup.getState().load();
    expect(useBackup.getState().loadError).toEqual({ code: 'vault.locked', params: {} });
    install({ Overview: () => ({ ...overviewFixture(), plans: null, level: 'none' }) });
    await useBackup.getState().load();
    expect(useBackup.getState().overview?.plans).toEqual([]);
    expect(useBackup.getState().plan).toBeUndefined();
  });

  it('runs a plan and forgets the job when it ends, reloading history', async () => {
    await useBackup.getState().load();
    await useBackup.getState().loadHistory('p1');
    expect(await useBackup.getState().runNow('p1')).toBeUndefined();
    expect(runningJob(useBackup.getState(), planFixture())).toBe('job-run');
    const before = go!.calls.filter((c) => c[1] === 'History').length;
    go!.emit('job:done', { id: 'job-run', kind: 'backup.run', status: 'ok' });
    expect(useBackup.getState().starting).toEqual({});
    await vi.waitFor(() => expect(go!.calls.filter((c) => c[1] === 'History').length).toBe(before + 1));
  });

  it('does not keep a run as running when its end beat RunNow’s answer', async () => {
    install({
      RunNow: () => {
        go!.emit('job:done', { id: 'job-fast', kind: 'backup.run', status: 'ok' });
        return 'job-fast';
      },
    });
    await useBackup.getState().runNow('p1');
    expect(useBackup.getState().starting).toEqual({});
  });

  it('browses a snapshot folder, folders first, and drops a stale answer', async () => {
    await useBackup.getState().load();
    let slow: (v: unknown) => void = () => {};
    install({ Browse: (_id, _snap, dir) => (dir === 'slow' ? new Promise((res) => (slow = res)) : entriesFixture) });
    const snap = snapshotsFixture[0];
    const first = useBackup.getState().browse(snap, 'slow');
    await useBackup.getState().browse(snap, '2026年度');
    slow([{ name: 'old.txt', dir: false, size: 1, modified: '' }]);
    await first;
    const b = useBackup.getState().browsing!;
    expect(b.dir).toBe('2026年度');
    expect(b.entries.map((e) => e.name)).toEqual(['2026年度', '申告書.pdf']);
    expect(go!.calls).toContainEqual(['BackupService', 'Browse', ['p1', 's2', '2026年度']]);
  });

  it('shows the refusal of an existing target, whether from Restore or from the job', async () => {
    await useBackup.getState().load();
    await useBackup.getState().browse(snapshotsFixture[0], '');
    install({ Restore: () => { throw '{"code":"backup.target_exists","params":{"path":"F:\\\\復元先"}}'; } });
    const err = await useBackup.getState().startRestore('申告書.pdf', 'F:\\復元先');
    expect(err?.code).toBe('backup.target_exists');
    expect(useBackup.getState().restore).toMatchObject({ status: 'failed', error: { code: 'backup.target_exists' }, target: 'F:\\復元先' });

    install();
    expect(await useBackup.getState().startRestore('', 'F:\\新しいフォルダ')).toBeUndefined();
    expect(useBackup.getState().restore?.job).toBe('job-restore');
    go!.emit('job:done', { id: 'job-restore', kind: 'backup.restore', status: 'failed', error: { code: 'backup.target_exists' } });
    expect(useBackup.getState().restore).toMatchObject({ status: 'failed', error: { code: 'backup.target_exists' }, job: undefined });
  });

  it('keeps a restore’s result when the job ends ok', async () => {
    await useBackup.getState().load();
    await useBackup.getState().browse(snapshotsFixture[0], '');
    await useBackup.getState().startRestore('申告書.pdf', 'F:\\復元先');
    go!.emit('job:done', { id: 'job-restore', kind: 'backup.restore', status: 'ok', result: { files: 1, dirs: 0, bytes: 2048 } });
    expect(useBackup.getState().restore).toMatchObject({ status: 'ok', result: { files: 1, bytes: 2048 }, path: '申告書.pdf' });
  });

  it('verifies and lists the damaged files a failed verify reports', async () => {
    await useBackup.getState().startVerify('p1', true);
    expect(go!.calls).toContainEqual(['BackupService', 'Verify', ['p1', true]]);
    go!.emit('job:done', {
      id: 'job-verify',
      kind: 'backup.verify',
      status: 'failed',
      error: { code: 'backup.damaged' },
      result: { snapshots: 2, files: 10, bytes: 100, damaged: [{ snapshot: 's1', source: 'C:\\a', path: '会計/台帳.xlsx', reason: 'checksum' }] },
    });
    const v = useBackup.getState().verify!;
    expect(v.status).toBe('failed');
    expect(v.report?.damaged?.[0].path).toBe('会計/台帳.xlsx');
    go!.emit('job:done', { id: 'other', kind: 'backup.verify', status: 'ok' });
    expect(useBackup.getState().verify?.report?.snapshots).toBe(2);
  });

  it('reads where an erasure stands per destination', async () => {
    install({ Purges: () => [{ dest: 'dest1', label: 'USB', purged: '2026-12-05T09:30:00Z', pending: false }] });
    await useBackup.getState().loadPurges('e1');
    expect(useBackup.getState().purges.e1.list?.[0].label).toBe('USB');
    install({ Purges: () => { throw '{"code":"vault.locked"}'; } });
    await useBackup.getState().loadPurges('e2');
    expect(useBackup.getState().purges.e2.error?.code).toBe('vault.locked');
  });

  it('inspects a destination and starts the new-PC restore, never storing the key', async () => {
    expect(await useBackup.getState().inspectDestination('E:\\KinkoBackup')).toBeUndefined();
    expect(useBackup.getState().newPC.info?.label).toBe('USB（BUFFALO）');
    const key = 'AGE-SECRET-KEY-1QQQQQTESTKEY';
    await useBackup.getState().restoreNewPC(key, 'C:\\Kinko\\Vault', { 'C:\\会計': 'C:\\復元\\会計' });
    expect(go!.calls).toContainEqual(['BackupService', 'RestoreNewPC', ['E:\\KinkoBackup', key, 'C:\\Kinko\\Vault', { 'C:\\会計': 'C:\\復元\\会計' }]]);
    expect(JSON.stringify(useBackup.getState())).not.toContain('TESTKEY');
    expect(useBackup.getState().newPC.job).toBe('job-newpc');
    go!.emit('job:done', { id: 'job-newpc', kind: 'backup.restore', status: 'ok' });
    expect(useBackup.getState().newPC).toMatchObject({ status: 'ok', vaultTarget: 'C:\\Kinko\\Vault' });
  });

  it('forgets the area when the vault locks', async () => {
    await useBackup.getState().load();
    await useBackup.getState().loadHistory('p1');
    useVault.setState({ state: lockedState as never });
    expect(useBackup.getState().overview).toBeUndefined();
    expect(useBackup.getState().history).toEqual({});
  });

  it('orders levels from none to alert', () => {
    expect(worseLevel('ok', 'alert')).toBe('alert');
    expect(worseLevel('warning', 'notice')).toBe('warning');
    expect(worseLevel('none', 'ok')).toBe('ok');
  });
});
