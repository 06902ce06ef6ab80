import { onEvent, type AppError } from '../bridge';
import type { JobDoneEvent } from '../types/jobs';

/**
 * runJob starts a Go job and waits for its job:done event. started gets the
 * job id as soon as Go returns it (for a progress bar with cancel). It
 * listens before starting, so a fast job's end is not missed; a failure to
 * start is thrown.
 */
export async function runJob(start: () => Promise<string>, started?: (id: string) => void): Promise<JobDoneEvent> {
  let id = '';
  const early: JobDoneEvent[] = [];
  let off = () => {};
  const ended = new Promise<JobDoneEvent>((resolve) => {
    off = onEvent<JobDoneEvent>('job:done', (e) => {
      if (id && e.id === id) resolve(e);
      else early.push(e);
    });
  });
  try {
    id = await start();
    started?.(id);
    return early.find((e) => e.id === id) ?? (await ended);
  } finally {
    off();
  }
}

/** jobError is a finished job's error: undefined when it succeeded. */
export function jobError(done: JobDoneEvent): AppError | undefined {
  if (done.status === 'ok') return undefined;
  return done.error ?? { code: done.status === 'canceled' ? 'job.canceled' : 'internal' };
}
