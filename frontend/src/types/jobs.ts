import type { AppError } from '../bridge';

/** Payload of the Go event "job:progress" (app.JobProgressEvent). */
export interface JobProgressEvent {
  id: string;
  kind: string;
  stage: string;
  done: number;
  total: number;
}

export type JobStatus = 'running' | 'ok' | 'failed' | 'canceled';

/** Payload of the Go event "job:done" (app.JobDoneEvent). */
export interface JobDoneEvent {
  id: string;
  kind: string;
  status: Exclude<JobStatus, 'running'>;
  error?: AppError;
  result?: unknown;
}

/** A job as the UI shows it. */
export interface JobView {
  id: string;
  kind: string;
  stage: string;
  done: number;
  total: number;
  cancelling: boolean;
}
