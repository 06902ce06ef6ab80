// Test helpers: a fake Go side installed on window the way Wails (or the
// browser test server) installs the real one. Only tests import this file.
import { vi } from 'vitest';

type Handler = (data: unknown) => void;

export interface FakeGo {
  calls: Array<[string, string, unknown[]]>;
  emit: (name: string, data: unknown) => void;
  restore: () => void;
}

/** installFakeGo answers bound calls from `impl` (service → method → fn) and records them. */
export function installFakeGo(impl: Record<string, Record<string, (...args: unknown[]) => unknown>>): FakeGo {
  const listeners: Record<string, Handler[]> = {};
  const calls: FakeGo['calls'] = [];
  const app: Record<string, Record<string, unknown>> = {};
  for (const [svc, methods] of Object.entries(impl)) {
    app[svc] = {};
    for (const [m, fn] of Object.entries(methods)) {
      app[svc][m] = vi.fn(async (...args: unknown[]) => {
        calls.push([svc, m, args]);
        return fn(...args);
      });
    }
  }
  window.go = { app };
  window.runtime = {
    EventsOnMultiple: (name: string, cb: Handler) => {
      (listeners[name] ??= []).push(cb);
      return () => {
        listeners[name] = listeners[name].filter((c) => c !== cb);
      };
    },
  };
  return {
    calls,
    emit: (name, data) => (listeners[name] ?? []).forEach((cb) => cb(data)),
    restore: () => {
      delete window.go;
      delete window.runtime;
    },
  };
}

export const info = { version: '9.9.9', commit: 'abc', os: 'windows', arch: 'amd64', dataDir: 'C:\\Users\\taro\\AppData\\Roaming\\Kinko' };
