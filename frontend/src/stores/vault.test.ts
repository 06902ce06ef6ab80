import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetVaultForTests, touchInterval, useVault } from './vault';
import { fakeVault, installFakeGo, lockedState, openState, recoverySheet, setupState, syncStatus, type FakeGo } from '../testing';

describe('useVault', () => {
  let go: FakeGo;
  let stop: () => void;

  function start(vault: Record<string, (...args: unknown[]) => unknown>) {
    go = installFakeGo({ VaultService: vault });
    stop = useVault.getState().start();
  }

  beforeEach(() => {
    resetVaultForTests();
    localStorage.clear();
  });
  afterEach(() => {
    stop?.();
    go?.restore();
    vi.useRealTimers();
  });

  it('loads the phase and, with a vault open, its sync status', async () => {
    start(fakeVault(lockedState));
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('locked'));
    await vi.waitFor(() => expect(useVault.getState().status).toEqual(syncStatus));
  });

  it('keeps a load error as an AppError', async () => {
    start({ State: () => { throw '{"code":"vault.replica_corrupt"}'; } });
    await vi.waitFor(() => expect(useVault.getState().loadError).toEqual({ code: 'vault.replica_corrupt', params: {} }));
  });

  it('keeps the recovery sheet in memory only, across the open event, until confirmed', async () => {
    let state: unknown = setupState;
    start(
      fakeVault(setupState, {
        State: () => state,
        Create: () => {
          state = openState;
          go.emit('vault:state', openState); // Go emits before it returns
          return recoverySheet;
        },
      }),
    );
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('setup'));
    const err = await useVault.getState().create({ folder: 'C:\\v', name: '山田税理士事務所', login: 'yamada', userName: '山田 太郎', password: 'correct horse', handler: true });
    expect(err).toBeUndefined();
    const s = useVault.getState();
    expect(s.state?.phase).toBe('open');
    expect(s.sheet?.groups).toEqual(recoverySheet.groups);
    expect(s.wizard).toBe(true);
    expect(JSON.stringify({ ...localStorage })).not.toContain('TESTK');
    useVault.getState().confirmSheet();
    expect(useVault.getState().sheet).toBeUndefined();
    expect(useVault.getState().wizard).toBe(false);
  });

  it('notes an idle lock, preselects the last user and drops the session data', async () => {
    start(fakeVault(openState));
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('open'));
    useVault.setState({ report: { devices: 1, segments: 1, ops: 1, problems: [] } });
    go.emit('vault:state', lockedState);
    const s = useVault.getState();
    expect(s.state?.phase).toBe('locked');
    expect(s.lockNote).toBe('idle');
    expect(s.lastUser).toBe('u1');
    expect(s.report).toBeUndefined();
  });

  it('does not call a lock the user asked for idle', async () => {
    start(fakeVault(openState, { Lock: () => { go.emit('vault:state', lockedState); return lockedState; } }));
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('open'));
    await useVault.getState().lock();
    expect(useVault.getState().state?.phase).toBe('locked');
    expect(useVault.getState().lockNote).toBeUndefined();
    expect(useVault.getState().lastUser).toBe('u1');
  });

  it('returns a login error without changing the phase', async () => {
    start(fakeVault(lockedState, { Login: () => { throw '{"code":"vault.throttled","params":{"seconds":8}}'; } }));
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('locked'));
    expect(await useVault.getState().login('yamada', 'x', false)).toEqual({ code: 'vault.throttled', params: { seconds: 8 } });
    expect(useVault.getState().state?.phase).toBe('locked');
  });

  it('reports input to Touch at most every 15 seconds, and only when open', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2025, 4, 3, 9, 0, 0));
    start(fakeVault(openState));
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('open'));
    const touches = () => go.calls.filter(([, m]) => m === 'Touch').length;
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    window.dispatchEvent(new MouseEvent('mousedown'));
    window.dispatchEvent(new WheelEvent('wheel'));
    expect(touches()).toBe(1);
    vi.setSystemTime(Date.now() + touchInterval - 1);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    expect(touches()).toBe(1);
    vi.setSystemTime(Date.now() + 1);
    window.dispatchEvent(new MouseEvent('mousedown'));
    expect(touches()).toBe(2);
    go.emit('vault:state', lockedState);
    vi.setSystemTime(Date.now() + touchInterval);
    window.dispatchEvent(new MouseEvent('mousedown'));
    expect(touches()).toBe(2);
  });

  it('follows vault:sync and takes the check report from job:done', async () => {
    start(fakeVault(openState, { Verify: () => 'job1' }));
    await vi.waitFor(() => expect(useVault.getState().status).toBeDefined());
    go.emit('vault:sync', { ...syncStatus, outbox: 3 });
    expect(useVault.getState().status?.outbox).toBe(3);
    await useVault.getState().verify();
    expect(useVault.getState().verifying).toBe('job1');
    const report = { devices: 2, segments: 5, ops: 40, problems: [{ kind: 'chain', device: 'd2', segment: 4, reason: 'prev-mismatch' }] };
    go.emit('job:done', { id: 'job1', kind: 'vault.verify', status: 'ok', result: report });
    expect(useVault.getState().verifying).toBeUndefined();
    expect(useVault.getState().report).toEqual(report);
  });

  it('is not left "checking" when the check ends before Verify answers', async () => {
    const report = { devices: 1, segments: 1, ops: 3, problems: null };
    start(
      fakeVault(openState, {
        Verify: () => {
          go.emit('job:done', { id: 'fast', kind: 'vault.verify', status: 'ok', result: report });
          return 'fast';
        },
      }),
    );
    await vi.waitFor(() => expect(useVault.getState().state?.phase).toBe('open'));
    await useVault.getState().verify();
    expect(useVault.getState().verifying).toBeUndefined();
    expect(useVault.getState().report).toEqual(report);
  });
});
