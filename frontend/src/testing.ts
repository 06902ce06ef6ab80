// Test helpers: a fake Go side installed on window the way Wails (or the
// browser test server) installs the real one. Only tests import this file.
import { expect, vi } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';

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

// Vault fixtures: a two-user office as the Go side reports it.
const account = (id: string, login: string, name: string, role: string, def: string, handler = false, disabled = false) => ({
  id,
  login,
  name,
  role,
  default: def,
  handler,
  disabled,
  fingerprint: `${id.toUpperCase()}-1234-ABCD`,
});

export const accounts = [account('u1', 'yamada', '山田 太郎', 'admin', 'edit', true), account('u2', 'sato', '佐藤 花子', 'staff', 'read')];

const base = { known: [{ id: 'v1', name: '山田税理士事務所', folder: 'C:\\Users\\taro\\Documents\\KinkoVault' }], accounts, remembered: [] as string[], keychain: true, idleMinutes: 10, suggestedFolder: 'C:\\Users\\taro\\Documents\\KinkoVault' };

export const setupState = { ...base, phase: 'setup', known: [], accounts: [] };
export const lockedState = { ...base, phase: 'locked', vault: base.known[0] };
export const openState = { ...lockedState, phase: 'open', user: accounts[0] };

export const syncStatus = {
  vault: 'v1',
  name: '山田税理士事務所',
  folder: 'C:\\Users\\taro\\Documents\\KinkoVault',
  device: 'd1',
  reachable: true,
  lastSync: new Date(2025, 4, 3, 14, 5).getTime(),
  outbox: 0,
  conflicts: 0,
  quarantined: 0,
  ops: 12,
  devices: [{ id: 'd1', name: 'JIMUSHO-PC1', osUser: 'taro', os: 'windows', addedBy: 'u1', added: 0, self: true, segments: 3, lastOp: 0 }],
};

/** The matrix as app.MatrixView sends it: clients by id, one letter per client (e/r/h, "-" for no setting). */
export const matrixFixture = {
  users: accounts,
  clients: [
    { id: 'c1', name: '株式会社あおば', ownerOnly: false, handlers: ['u1'] },
    { id: 'c2', name: 'さくら商事', ownerOnly: true },
  ],
  levels: { u1: 'ee', u2: 'rh' },
  explicit: { u1: '--', u2: 'r-' },
};

export const recoverySheet = {
  vaultName: '山田税理士事務所',
  vaultId: 'v1',
  created: '2025-05-03T10:00:00+09:00',
  key: 'AGE-SECRET-KEY-1QQQQQTESTKEY',
  groups: ['QQQQQ', 'TESTK', 'EY'],
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path d="M0 0h1v1h-1z"/></svg>',
};

/** fakeVault is a VaultService answering from the fixtures; override any method. */
export function fakeVault(state: unknown = openState, overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
  return {
    State: () => state,
    Status: () => syncStatus,
    Touch: () => undefined,
    Lock: () => lockedState,
    Matrix: () => matrixFixture,
    Conflicts: () => [],
    HeldChanges: () => [],
    ...overrides,
  };
}

/** pickOption opens the antd Select with this test id and chooses the option whose text is label. */
export async function pickOption(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  await act(async () => {
    fireEvent.mouseDown(select.querySelector('.ant-select-selector, .ant-select-content, input') ?? select);
  });
  const option = await waitFor(() => {
    const o = [...document.querySelectorAll('.ant-select-item-option')].find((el) => el.textContent === label);
    expect(o).toBeTruthy();
    return o as HTMLElement;
  });
  await act(async () => {
    fireEvent.click(option);
  });
}
