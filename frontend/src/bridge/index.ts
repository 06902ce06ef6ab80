// The typed face of the Go services. Only stores import this module; views
// and components go through stores, so every call site handles AppError and
// nothing else builds error text.
import * as System from './wailsjs/go/app/System';
import * as Jobs from './wailsjs/go/app/Jobs';
import { EventsOn } from './wailsjs/runtime/runtime';
import type { app } from './wailsjs/go/models';

export type Info = app.Info;
export type JobInfo = app.JobInfo;

/** An error as the Go side maps it: a stable code and message parameters. */
export interface AppError {
  code: string;
  params?: Record<string, string | number>;
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && typeof (e as AppError).code === 'string';
}

/**
 * toAppError turns whatever a rejected binding gives (Go's *app.Error as a
 * JSON string, or anything else) into an AppError. Unknown shapes become
 * "internal": raw text is never shown to the user.
 */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const text = typeof e === 'string' ? e : e instanceof Error ? e.message : '';
  try {
    const parsed: unknown = JSON.parse(text);
    if (isAppError(parsed)) return { code: parsed.code, params: parsed.params ?? {} };
  } catch {
    // not JSON: fall through
  }
  return { code: 'internal' };
}

declare global {
  interface Window {
    go?: unknown;
    runtime?: unknown;
  }
}

/** connected reports whether the Go side is reachable (the app window or the test server). */
export function connected(): boolean {
  return typeof window !== 'undefined' && window.go !== undefined;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  if (!connected()) throw { code: 'bridge.unavailable' } satisfies AppError;
  try {
    return await fn();
  } catch (e) {
    throw toAppError(e);
  }
}

/** onEvent subscribes to a Go event; it returns the unsubscribe function. */
export function onEvent<T>(name: string, cb: (data: T) => void): () => void {
  if (typeof window === 'undefined' || window.runtime === undefined) return () => {};
  return EventsOn(name, (data: T) => cb(data));
}

export const bridge = {
  system: {
    info: () => call(() => System.Info()),
  },
  jobs: {
    list: () => call(() => Jobs.ListJobs()),
    cancel: (id: string) => call(() => Jobs.CancelJob(id)),
  },
};
