import { create } from 'zustand';
import { bridge, onEvent, type AppError } from '../bridge';
import type { JobDoneEvent, JobProgressEvent, JobView } from '../types/jobs';

interface JobsState {
  jobs: Record<string, JobView>;
  /** The most recent finished job, for the notification it deserves. */
  lastDone?: JobDoneEvent;
  error?: AppError;
  /** start subscribes to job events and loads running jobs; returns the unsubscribe. */
  start: () => () => void;
  cancel: (id: string) => Promise<void>;
}

/** useJobs mirrors the Go job registry: progress bars and cancel buttons read it. */
export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  start: () => {
    const offProgress = onEvent<JobProgressEvent>('job:progress', (e) => {
      const prev = get().jobs[e.id];
      set({
        jobs: {
          ...get().jobs,
          [e.id]: { id: e.id, kind: e.kind, stage: e.stage, done: e.done, total: e.total, cancelling: prev?.cancelling ?? false },
        },
      });
    });
    const offDone = onEvent<JobDoneEvent>('job:done', (e) => {
      const jobs = { ...get().jobs };
      delete jobs[e.id];
      set({ jobs, lastDone: e });
    });
    bridge.jobs
      .list()
      .then((list) => {
        const jobs = { ...get().jobs };
        for (const j of list) {
          jobs[j.id] ??= { id: j.id, kind: j.kind, stage: j.progress.stage, done: j.progress.done, total: j.progress.total, cancelling: false };
        }
        set({ jobs });
      })
      .catch((e: AppError) => set({ error: e }));
    return () => {
      offProgress();
      offDone();
    };
  },
  cancel: async (id) => {
    const job = get().jobs[id];
    if (job) set({ jobs: { ...get().jobs, [id]: { ...job, cancelling: true } } });
    try {
      await bridge.jobs.cancel(id);
    } catch (e) {
      set({ error: e as AppError });
    }
  },
}));
