import { create } from 'zustand';
import {
  bridge,
  onEvent,
  type AppError,
  type ConflictView,
  type HeldView,
  type CreateRequest,
  type RecoverySheet,
  type SyncStatus,
  type VaultPhase,
  type VaultState,
  type VerifyReport,
} from '../bridge';
import type { JobDoneEvent } from '../types/jobs';
import { jobError, runJob } from './runJob';

/** LoginUpdate is the payload of "vault:login": how far a login has read. */
export interface LoginUpdate {
  stage: string; // "keys" | "records"
  done: number;
  total: number;
}

/** onLoginProgress subscribes to a running login's progress; it returns the unsubscribe. */
export const onLoginProgress = (fn: (u: LoginUpdate) => void) => onEvent<LoginUpdate>('vault:login', fn);

/** Touch reaches Go at most this often; input in between is not reported. */
export const touchInterval = 15_000;

/** Why the login screen is shown, when the app locked by itself. */
export type LockNote = 'idle';

interface VaultStore {
  /** The phase and what the screens need; undefined until State() answers. */
  state?: VaultState;
  /** Why State() failed (the app is not connected, the replica is broken…). */
  loadError?: AppError;
  /**
   * The recovery sheet of a vault just created. It lives only here, in
   * memory, until the user confirms it is printed: never in localStorage,
   * the console or a log, and it is dropped when the vault locks.
   */
  sheet?: RecoverySheet;
  /** The job id of a join under way (its progress bar and cancel). */
  joinJob?: string;
  /** The user chose "create or join another vault" while one exists. */
  wizard: boolean;
  /** The user chose "open another vault" from the login screen. */
  picking: boolean;
  lockNote?: LockNote;
  /** The user to preselect on the login screen (the one who was logged in). */
  lastUser?: string;
  status?: SyncStatus;
  syncing: boolean;
  syncError?: AppError;
  conflicts: ConflictView[];
  conflictsError?: AppError;
  /** Record edits held for their author's rights (責任者 only). */
  held: HeldView[];
  heldError?: AppError;
  /** The running check's job id (progress and cancel are in the jobs panel). */
  verifying?: string;
  report?: VerifyReport;
  /** When the report arrived (unix ms). */
  reportAt?: number;
  verifyError?: AppError;

  /** start subscribes to vault events and input, then loads; returns the unsubscribe. */
  start: () => () => void;
  load: () => Promise<void>;
  open: (id: string) => Promise<AppError | undefined>;
  create: (req: CreateRequest) => Promise<AppError | undefined>;
  /** confirmSheet forgets the recovery sheet: the user has printed it. */
  confirmSheet: () => void;
  join: (folder: string) => Promise<AppError | undefined>;
  /** createDemo opens (creating the first time) the demo vault of invented data, logged in. */
  createDemo: () => Promise<AppError | undefined>;
  /** leaveDemo closes the demo vault and returns to the start screen (wizard or picker). */
  leaveDemo: () => Promise<AppError | undefined>;
  login: (login: string, password: string, remember: boolean) => Promise<AppError | undefined>;
  loginRemembered: (userId: string) => Promise<AppError | undefined>;
  forget: (userId: string) => Promise<AppError | undefined>;
  /** cancelLogin stops a login in progress: the vault stays locked. */
  cancelLogin: () => Promise<void>;
  lock: () => Promise<void>;
  resetPassword: (login: string, recoveryKey: string, newPassword: string) => Promise<AppError | undefined>;
  changePassword: (oldPassword: string, newPassword: string) => Promise<AppError | undefined>;
  /** touch reports user activity for the idle lock, throttled to touchInterval. */
  touch: () => void;
  setWizard: (on: boolean) => void;
  setPicking: (on: boolean) => void;
  loadStatus: () => Promise<void>;
  syncNow: () => Promise<void>;
  verify: () => Promise<AppError | undefined>;
  loadConflicts: () => Promise<void>;
  resolveConflict: (target: string, keepOp: string) => Promise<AppError | undefined>;
  loadHeld: () => Promise<void>;
  /** openHeld opens one held edit with its content (the opening is logged). */
  openHeld: (op: string) => Promise<{ view?: HeldView; error?: AppError }>;
  /** reapply writes a held edit's content under the user's own name; the edit stays held. */
  reapply: (op: string) => Promise<AppError | undefined>;
}

let lastTouch = 0;
let lockRequested = false;
let creating = false;
/** The last vault check that ended: its job:done can beat Verify's answer. */
let lastVerifyDone = '';
let inputInstalled = false;

/** The fields that belong to a session and go when it ends. */
const sessionless = {
  sheet: undefined,
  conflicts: [],
  conflictsError: undefined,
  held: [],
  heldError: undefined,
  report: undefined,
  reportAt: undefined,
  verifyError: undefined,
  syncError: undefined,
};

/** useVault holds the vault's phase (which screen the window shows), the session and the sync state. */
export const useVault = create<VaultStore>((set, get) => {
  /** apply takes a new VaultState from a call or an event. */
  function apply(st: VaultState) {
    const prev = get().state;
    const was = prev?.phase as VaultPhase | undefined;
    const now = st.phase as VaultPhase;
    if (was === 'open' && now !== 'open') {
      set({ ...sessionless, wizard: false, lastUser: prev?.user?.id ?? get().lastUser, lockNote: lockRequested ? undefined : 'idle' });
      lockRequested = false;
    }
    if (now === 'open') set({ lockNote: undefined, picking: false, wizard: get().sheet || creating ? get().wizard : false });
    if (now === 'setup' || now === 'choose') set({ status: undefined });
    set({ state: st, loadError: undefined });
  }

  async function run(fn: () => Promise<VaultState>): Promise<AppError | undefined> {
    try {
      apply(await fn());
      return undefined;
    } catch (e) {
      return e as AppError;
    }
  }

  function installInput() {
    if (inputInstalled || typeof window === 'undefined') return;
    inputInstalled = true;
    const onInput = () => get().touch();
    for (const name of ['keydown', 'mousedown', 'wheel'] as const) window.addEventListener(name, onInput, { capture: true, passive: true });
  }

  return {
    wizard: false,
    picking: false,
    syncing: false,
    conflicts: [],
    held: [],

    start: () => {
      installInput();
      const offState = onEvent<VaultState>('vault:state', (st) => {
        apply(st);
        if (st.phase === 'open' || st.phase === 'locked') void get().loadStatus();
      });
      const offSync = onEvent<SyncStatus>('vault:sync', (status) => {
        if (get().state?.vault) set({ status });
      });
      const offDone = onEvent<JobDoneEvent>('job:done', (e) => {
        if (e.kind !== 'vault.verify') return;
        lastVerifyDone = e.id;
        if (e.id === get().verifying) set({ verifying: undefined });
        if (e.status === 'ok') set({ report: e.result as VerifyReport, reportAt: Date.now(), verifyError: undefined });
        else if (e.status === 'failed') set({ report: undefined, verifyError: e.error ?? { code: 'internal' } });
      });
      void get().load();
      return () => {
        offState();
        offSync();
        offDone();
      };
    },

    load: async () => {
      try {
        apply(await bridge.vault.state());
        if (get().state?.vault) void get().loadStatus();
      } catch (e) {
        set({ loadError: e as AppError });
      }
    },

    open: (id) => run(() => bridge.vault.open(id)),

    create: async (req) => {
      // Create emits vault:state (phase open) before it returns the sheet:
      // `creating`, then the sheet, keep the wizard on screen meanwhile.
      creating = true;
      set({ wizard: true });
      try {
        const sheet = await bridge.vault.create(req);
        set({ sheet });
        apply(await bridge.vault.state());
        void get().loadStatus();
        return undefined;
      } catch (e) {
        return e as AppError;
      } finally {
        creating = false;
      }
    },

    confirmSheet: () => set({ sheet: undefined, wizard: false }),

    createDemo: async () => {
      const err = await run(() => bridge.vault.createDemo());
      if (!err) {
        set({ wizard: false, lockNote: undefined });
        void get().loadStatus();
      }
      return err;
    },

    leaveDemo: async () => {
      lockRequested = true;
      const err = await run(() => bridge.vault.leaveDemo());
      lockRequested = false;
      if (!err) set({ wizard: false, picking: false, lockNote: undefined, lastUser: undefined });
      return err;
    },

    join: async (folder) => {
      // A job: a big vault takes a while, with progress and cancel.
      const err = await run(async () => {
        try {
          const done = await runJob(
            () => bridge.vault.joinStart(folder),
            (id) => set({ joinJob: id }),
          );
          const failed = jobError(done);
          if (failed) throw failed;
          return done.result as VaultState;
        } finally {
          set({ joinJob: undefined });
        }
      });
      if (!err) {
        set({ wizard: false, lockNote: undefined });
        void get().loadStatus();
      }
      return err;
    },

    login: async (login, password, remember) => {
      const err = await run(() => bridge.vault.login(login, password, remember));
      if (!err) lastTouch = Date.now();
      return err;
    },

    loginRemembered: async (userId) => {
      const err = await run(() => bridge.vault.loginRemembered(userId));
      if (!err) lastTouch = Date.now();
      return err;
    },

    forget: (userId) => run(() => bridge.vault.forget(userId)),

    cancelLogin: async () => {
      await bridge.vault.cancelLogin();
    },

    lock: async () => {
      lockRequested = true;
      try {
        apply(await bridge.vault.lock());
      } catch {
        // Lock cannot fail on the Go side; if the bridge is gone, so is the session.
      }
      lockRequested = false;
    },

    resetPassword: (login, recoveryKey, newPassword) => run(() => bridge.vault.resetPassword(login, recoveryKey, newPassword)),

    changePassword: async (oldPassword, newPassword) => {
      try {
        await bridge.vault.changePassword(oldPassword, newPassword);
        return undefined;
      } catch (e) {
        return e as AppError;
      }
    },

    touch: () => {
      if (get().state?.phase !== 'open') return;
      const now = Date.now();
      if (now - lastTouch < touchInterval) return;
      lastTouch = now;
      bridge.vault.touch().catch(() => {
        // activity is best effort: a lost touch at worst locks a little early
      });
    },

    setWizard: (on) => set({ wizard: on, picking: false }),
    setPicking: (on) => set({ picking: on, wizard: false }),

    loadStatus: async () => {
      try {
        set({ status: await bridge.vault.status() });
      } catch {
        // no vault open: nothing to show
      }
    },

    syncNow: async () => {
      set({ syncing: true, syncError: undefined });
      try {
        set({ status: await bridge.vault.syncNow() });
      } catch (e) {
        set({ syncError: e as AppError });
        void get().loadStatus();
      } finally {
        set({ syncing: false });
      }
    },

    verify: async () => {
      set({ verifyError: undefined });
      try {
        const id = await bridge.vault.verify();
        if (id !== lastVerifyDone) set({ verifying: id });
        return undefined;
      } catch (e) {
        set({ verifyError: e as AppError });
        return e as AppError;
      }
    },

    loadConflicts: async () => {
      try {
        set({ conflicts: await bridge.vault.conflicts(), conflictsError: undefined });
      } catch (e) {
        set({ conflictsError: e as AppError });
      }
    },

    resolveConflict: async (target, keepOp) => {
      try {
        await bridge.vault.resolveConflict(target, keepOp);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([get().loadConflicts(), get().loadStatus()]);
      return undefined;
    },

    loadHeld: async () => {
      try {
        set({ held: (await bridge.vault.heldChanges()) ?? [], heldError: undefined });
      } catch (e) {
        set({ heldError: e as AppError });
      }
    },

    openHeld: async (op) => {
      try {
        return { view: await bridge.vault.heldChange(op) };
      } catch (e) {
        return { error: e as AppError };
      }
    },

    reapply: async (op) => {
      try {
        await bridge.vault.reapply(op);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([get().loadHeld(), get().loadStatus()]);
      return undefined;
    },
  };
});

/** resetVaultForTests empties the store and makes the next touch() reach Go. Only tests call it. */
export function resetVaultForTests() {
  useVault.setState(useVault.getInitialState(), true);
  lastTouch = 0;
  lockRequested = false;
  creating = false;
  lastVerifyDone = '';
}
