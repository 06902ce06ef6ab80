import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useJobs } from './jobs';
import { installFakeGo, type FakeGo } from '../testing';

describe('useJobs', () => {
  let go: FakeGo;
  let stop: () => void;

  beforeEach(async () => {
    useJobs.setState({ jobs: {}, lastDone: undefined, error: undefined });
    go = installFakeGo({
      Jobs: {
        ListJobs: () => [{ id: 'old', kind: 'backup.run', status: 'running', progress: { stage: 'scan', done: 3, total: 9 }, started: '' }],
        CancelJob: (id) => {
          if (id !== 'a') throw '{"code":"job.not_found"}';
        },
      },
    });
    stop = useJobs.getState().start();
    await Promise.resolve();
  });

  afterEach(() => {
    stop();
    go.restore();
  });

  it('loads jobs that were running before the window reloaded', async () => {
    await vi.waitFor(() => expect(useJobs.getState().jobs.old).toMatchObject({ kind: 'backup.run', done: 3, total: 9 }));
  });

  it('follows progress events and forgets a job when it ends', () => {
    go.emit('job:progress', { id: 'a', kind: 'test', stage: 'count', done: 1, total: 4 });
    go.emit('job:progress', { id: 'a', kind: 'test', stage: 'count', done: 2, total: 4 });
    expect(useJobs.getState().jobs.a).toMatchObject({ done: 2, total: 4, cancelling: false });
    go.emit('job:done', { id: 'a', kind: 'test', status: 'ok' });
    expect(useJobs.getState().jobs.a).toBeUndefined();
    expect(useJobs.getState().lastDone).toMatchObject({ id: 'a', status: 'ok' });
  });

  it('cancel marks the job and calls CancelJob', async () => {
    go.emit('job:progress', { id: 'a', kind: 'test', stage: 'count', done: 1, total: 4 });
    await useJobs.getState().cancel('a');
    expect(useJobs.getState().jobs.a.cancelling).toBe(true);
    expect(go.calls).toContainEqual(['Jobs', 'CancelJob', ['a']]);
    go.emit('job:progress', { id: 'a', kind: 'test', stage: 'count', done: 2, total: 4 });
    expect(useJobs.getState().jobs.a.cancelling).toBe(true);
  });

  it('turns a Go error into an AppError', async () => {
    await useJobs.getState().cancel('zzz');
    expect(useJobs.getState().error).toEqual({ code: 'job.not_found', params: {} });
  });

  it('stops listening after unsubscribe', () => {
    stop();
    go.emit('job:progress', { id: 'b', kind: 'test', stage: 'count', done: 1, total: 4 });
    expect(useJobs.getState().jobs.b).toBeUndefined();
  });
});
