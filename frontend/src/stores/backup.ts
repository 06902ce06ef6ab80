import { create } from 'zustand';
import {
  bridge,
  onEvent,
  toAppError,
  type AppError,
  type BackupDestInfo,
  type BackupEntry,
  type BackupLevel,
  type BackupOverview,
  type BackupPlan,
  type BackupPurge,
  type BackupRestoreResult,
  type BackupRun,
  type BackupSnapshot,
  type BackupVerifyReport,
  type FolderPurpose,
} from '../bridge';
import type { JobDoneEvent } from '../types/jobs';
import { useVault } from './vault';

/** The tabs of the area. */
export type BackupTab = 'status' | 'plans' | 'history' | 'restore' | 'verify';

/** Job kinds of the area (app.JobBackup*). */
export const backupJobs = { run: 'backup.run', restore: 'backup.restore', verify: 'backup.verify' } as const;

/** The levels from good to bad: the status bar's colour escalates along it. */
export const levels: BackupLevel[] = ['none', 'ok', 'notice', 'warning', 'alert'];

/** worseLevel is the worse of two levels. */
export function worseLevel(a: BackupLevel, b: BackupLevel): BackupLevel {
  return levels.indexOf(a) >= levels.indexOf(b) ? a : b;
}

/** The restore browser: a snapshot and the folder it shows. */
export interface Browsing {
  snapshot: BackupSnapshot;
  /** Slash path inside the snapshot; "" is the top. */
  dir: string;
  entries: BackupEntry[];
  loading: boolean;
  error?: AppError;
}

/** A restore's state: running (job), or how it ended. */
export interface RestoreState {
  job?: string;
  /** What is restored ("" for the whole snapshot) and where to. */
  path: string;
  target: string;
  status?: 'ok' | 'failed' | 'canceled';
  result?: BackupRestoreResult;
  error?: AppError;
}

/** A verify's state. */
export interface VerifyState {
  job?: string;
  plan: string;
  full: boolean;
  status?: 'ok' | 'failed' | 'canceled';
  report?: BackupVerifyReport;
  error?: AppError;
  at?: number;
}

/** The guided restore on a new PC (no vault yet). */
export interface NewPCState {
  /** The destination folder as typed or chosen. */
  path: string;
  info?: BackupDestInfo;
  inspecting: boolean;
  inspectError?: AppError;
  job?: string;
  status?: 'ok' | 'failed' | 'canceled';
  error?: AppError;
  /** Where the vault went: the wizard opens it after the restore. */
  vaultTarget?: string;
}

interface BackupStore {
  overview?: BackupOverview;
  loading: boolean;
  loadError?: AppError;
  tab: BackupTab;
  /** The plan the history, restore and verify tabs show. */
  plan?: string;
  history: Record<string, BackupRun[]>;
  historyError?: AppError;
  historyLoading: boolean;
  snapshots: BackupSnapshot[];
  snapshotsFor?: string;
  snapshotsLoading: boolean;
  snapshotsError?: AppError;
  browsing?: Browsing;
  restore?: RestoreState;
  verify?: VerifyState;
  /** Run jobs started from this window, by plan, until backup:state reports them. */
  starting: Record<string, string>;
  /** Erasure id → where it stands per destination. */
  purges: Record<string, { list?: BackupPurge[]; error?: AppError }>;
  newPC: NewPCState;

  /** start follows backup:state and the area's job:done events; returns the unsubscribe. */
  start: () => () => void;
  load: () => Promise<void>;
  setTab: (tab: BackupTab) => void;
  selectPlan: (id: string) => void;
  chooseFolder: (purpose: FolderPurpose, lang: string) => Promise<{ path?: string; error?: AppError }>;
  savePlan: (p: BackupPlan) => Promise<{ plan?: BackupPlan; error?: AppError }>;
  deletePlan: (id: string) => Promise<AppError | undefined>;
  runNow: (id: string) => Promise<AppError | undefined>;
  loadHistory: (id: string) => Promise<void>;
  loadSnapshots: (id: string) => Promise<void>;
  /** browse opens a folder of a snapshot of the selected plan. */
  browse: (snapshot: BackupSnapshot, dir: string) => Promise<void>;
  closeBrowser: () => void;
  /** startRestore restores path ("" all) of the browsed snapshot to target; target_exists comes back here or in job:done. */
  startRestore: (path: string, target: string) => Promise<AppError | undefined>;
  clearRestore: () => void;
  startVerify: (id: string, full: boolean) => Promise<AppError | undefined>;
  clearFlag: (id: string) => Promise<AppError | undefined>;
  loadPurges: (erasure: string) => Promise<void>;
  inspectDestination: (path: string) => Promise<AppError | undefined>;
  /** restoreNewPC starts the guided restore; recovery is passed through and never stored. */
  restoreNewPC: (recovery: string, vaultTarget: string, folders: Record<string, string>) => Promise<AppError | undefined>;
  resetNewPC: () => void;
  /** finishNewPC goes on to the login: the restored vault is this PC's vault now. */
  finishNewPC: () => Promise<AppError | undefined>;
}

// Answers can arrive out of order (a slow folder, then a fast one): each kind
// of request keeps the number of the newest, and an older answer is dropped.
let browseSeq = 0;
let snapshotsSeq = 0;
let historySeq = 0;
/**
 * Jobs that ended before their start call answered (job:done can beat the
 * RunNow/Restore/Verify answer): their ends, by id.
 */
const early = new Map<string, JobDoneEvent>();

const sessionless = {
  overview: undefined,
  loading: false,
  loadError: undefined,
  plan: undefined,
  history: {} as Record<string, BackupRun[]>,
  historyError: undefined,
  historyLoading: false,
  snapshots: [] as BackupSnapshot[],
  snapshotsFor: undefined,
  snapshotsLoading: false,
  snapshotsError: undefined,
  browsing: undefined,
  restore: undefined,
  verify: undefined,
  starting: {} as Record<string, string>,
  purges: {} as Record<string, { list?: BackupPurge[]; error?: AppError }>,
};

const emptyNewPC: NewPCState = { path: '', inspecting: false };

/** statusOf maps a job's end to the three outcomes the views show. */
function outcome(e: JobDoneEvent): { status: 'ok' | 'failed' | 'canceled'; error?: AppError } {
  if (e.status === 'ok') return { status: 'ok' };
  if (e.status === 'canceled') return { status: 'canceled' };
  return { status: 'failed', error: e.error ? toAppError(e.error) : { code: 'internal' } };
}

/** A verify that found bit rot ends failed, with the report naming the files. */
function verifyReport(e: JobDoneEvent): BackupVerifyReport | undefined {
  const r = e.result as BackupVerifyReport | undefined;
  return r && typeof r === 'object' && 'snapshots' in r ? { ...r, damaged: r.damaged ?? [] } : undefined;
}

/** useBackup is the バックアップ area's state, the status bar's warning and the new-PC restore. */
export const useBackup = create<BackupStore>((set, get) => {
  function done(e: JobDoneEvent) {
    if (e.kind === backupJobs.run) {
      const starting = Object.fromEntries(Object.entries(get().starting).filter(([, id]) => id !== e.id));
      if (Object.keys(starting).length === Object.keys(get().starting).length) early.set(e.id, e);
      set({ starting });
      const plan = get().plan;
      if (plan && get().history[plan]) void get().loadHistory(plan);
      if (plan && get().snapshotsFor === plan) void get().loadSnapshots(plan);
      void get().load();
      return;
    }
    if (e.kind === backupJobs.restore) {
      const r = get().restore;
      if (r?.job === e.id) {
        set({ restore: { ...r, job: undefined, ...outcome(e), result: e.result as BackupRestoreResult | undefined } });
        return;
      }
      const n = get().newPC;
      if (n.job === e.id) {
        set({ newPC: { ...n, job: undefined, ...outcome(e) } });
        return;
      }
      early.set(e.id, e);
      return;
    }
    if (e.kind === backupJobs.verify) {
      const v = get().verify;
      if (v?.job !== e.id) {
        early.set(e.id, e);
        return;
      }
      set({ verify: { ...v, job: undefined, ...outcome(e), report: verifyReport(e), at: Date.now() } });
    }
  }

  return {
    ...sessionless,
    tab: 'status',
    newPC: emptyNewPC,

    start: () => {
      const offState = onEvent<BackupOverview>('backup:state', (o) => {
        set({ overview: o, loadError: undefined });
        if (!get().plan && o.plans?.length) set({ plan: o.plans[0].id });
      });
      const offDone = onEvent<JobDoneEvent>('job:done', (e) => {
        if (e.kind.startsWith('backup.')) done(e);
      });
      if (useVault.getState().state?.phase === 'open') void get().load();
      return () => {
        offState();
        offDone();
      };
    },

    load: async () => {
      set({ loading: true });
      try {
        const o = await bridge.backup.overview();
        const overview = { ...o, plans: o.plans ?? [] };
        const plan = get().plan;
        set({
          overview,
          loading: false,
          loadError: undefined,
          plan: plan && overview.plans.some((p) => p.id === plan) ? plan : overview.plans[0]?.id,
        });
      } catch (e) {
        set({ loading: false, loadError: toAppError(e) });
      }
    },

    setTab: (tab) => set({ tab }),

    selectPlan: (id) => {
      if (id === get().plan) return;
      browseSeq++;
      set({ plan: id, browsing: undefined, snapshots: [], snapshotsFor: undefined, snapshotsError: undefined, historyError: undefined });
    },

    chooseFolder: async (purpose, lang) => {
      try {
        const path = await bridge.backup.chooseFolder(purpose, lang);
        return { path: path || undefined };
      } catch (e) {
        return { error: toAppError(e) };
      }
    },

    savePlan: async (p) => {
      try {
        const plan = await bridge.backup.savePlan(p);
        await get().load();
        if (!get().plan) set({ plan: plan.id });
        return { plan };
      } catch (e) {
        return { error: toAppError(e) };
      }
    },

    deletePlan: async (id) => {
      try {
        await bridge.backup.deletePlan(id);
      } catch (e) {
        return toAppError(e);
      }
      const history = { ...get().history };
      delete history[id];
      set({ history, ...(get().plan === id ? { plan: undefined, browsing: undefined, snapshots: [], snapshotsFor: undefined } : {}) });
      await get().load();
      return undefined;
    },

    runNow: async (id) => {
      try {
        const job = await bridge.backup.runNow(id);
        if (!early.delete(job)) set({ starting: { ...get().starting, [id]: job } });
        return undefined;
      } catch (e) {
        return toAppError(e);
      }
    },

    loadHistory: async (id) => {
      const seq = ++historySeq;
      set({ historyLoading: true });
      try {
        const runs = (await bridge.backup.history(id)) ?? [];
        if (seq === historySeq) set({ history: { ...get().history, [id]: runs }, historyError: undefined, historyLoading: false });
      } catch (e) {
        if (seq === historySeq) set({ historyError: toAppError(e), historyLoading: false });
      }
    },

    loadSnapshots: async (id) => {
      const seq = ++snapshotsSeq;
      set({ snapshotsLoading: true });
      try {
        const snapshots = (await bridge.backup.snapshots(id)) ?? [];
        if (seq === snapshotsSeq) set({ snapshots, snapshotsFor: id, snapshotsError: undefined, snapshotsLoading: false });
      } catch (e) {
        if (seq === snapshotsSeq) set({ snapshots: [], snapshotsFor: id, snapshotsError: toAppError(e), snapshotsLoading: false });
      }
    },

    browse: async (snapshot, dir) => {
      const plan = get().plan;
      if (!plan) return;
      const seq = ++browseSeq;
      const prev = get().browsing;
      const same = prev?.snapshot.id === snapshot.id && prev.dir === dir;
      set({ browsing: { snapshot, dir, entries: same ? prev.entries : [], loading: true } });
      try {
        const entries = (await bridge.backup.browse(plan, snapshot.id, dir)) ?? [];
        // Folders first, then by name as Explorer sorts them.
        entries.sort((a, b) => (a.dir === b.dir ? a.name.localeCompare(b.name, 'ja') : a.dir ? -1 : 1));
        if (seq === browseSeq) set({ browsing: { snapshot, dir, entries, loading: false } });
      } catch (e) {
        if (seq === browseSeq) set({ browsing: { snapshot, dir, entries: [], loading: false, error: toAppError(e) } });
      }
    },

    closeBrowser: () => {
      browseSeq++;
      set({ browsing: undefined });
    },

    startRestore: async (path, target) => {
      const plan = get().plan;
      const snapshot = get().browsing?.snapshot;
      if (!plan || !snapshot) return { code: 'internal' };
      set({ restore: { path, target } });
      try {
        const job = await bridge.backup.restore(plan, snapshot.id, path, target);
        const end = early.get(job);
        early.delete(job);
        const r: RestoreState = { path, target, job };
        set({ restore: end ? { ...r, job: undefined, ...outcome(end), result: end.result as BackupRestoreResult | undefined } : r });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ restore: { path, target, status: 'failed', error } });
        return error;
      }
    },

    clearRestore: () => set({ restore: undefined }),

    startVerify: async (id, full) => {
      set({ verify: { plan: id, full } });
      try {
        const job = await bridge.backup.verify(id, full);
        const end = early.get(job);
        early.delete(job);
        const v: VerifyState = { plan: id, full, job };
        set({ verify: end ? { ...v, job: undefined, ...outcome(end), report: verifyReport(end), at: Date.now() } : v });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ verify: { plan: id, full, status: 'failed', error } });
        return error;
      }
    },

    clearFlag: async (id) => {
      try {
        await bridge.backup.clearFlag(id);
      } catch (e) {
        return toAppError(e);
      }
      await get().load();
      return undefined;
    },

    loadPurges: async (erasure) => {
      try {
        const list = (await bridge.backup.purges(erasure)) ?? [];
        set({ purges: { ...get().purges, [erasure]: { list } } });
      } catch (e) {
        set({ purges: { ...get().purges, [erasure]: { error: toAppError(e) } } });
      }
    },

    inspectDestination: async (path) => {
      set({ newPC: { ...emptyNewPC, path, inspecting: true } });
      try {
        const info = await bridge.backup.inspectDestination(path);
        set({ newPC: { ...emptyNewPC, path, info: { ...info, latest: info.latest ?? [] } } });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ newPC: { ...emptyNewPC, path, inspectError: error } });
        return error;
      }
    },

    restoreNewPC: async (recovery, vaultTarget, folders) => {
      const n = get().newPC;
      set({ newPC: { ...n, status: undefined, error: undefined, vaultTarget } });
      try {
        const job = await bridge.backup.restoreNewPC(n.path, recovery, vaultTarget, folders);
        const end = early.get(job);
        early.delete(job);
        set({ newPC: { ...get().newPC, ...(end ? outcome(end) : { job }) } });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ newPC: { ...get().newPC, status: 'failed', error } });
        return error;
      }
    },

    resetNewPC: () => set({ newPC: emptyNewPC }),

    finishNewPC: async () => {
      const target = get().newPC.vaultTarget;
      const vault = useVault.getState();
      await vault.load();
      // The restore registers the vault; if this PC does not know it yet, join it as any PC joins a vault folder.
      if (useVault.getState().state?.phase === 'setup' && target) {
        const err = await vault.join(target);
        if (err) return err;
      }
      set({ newPC: emptyNewPC });
      return undefined;
    },
  };
});

/** runningJob is the job id of plan's run: the one Go reports, or the one this window just started. */
export function runningJob(s: Pick<BackupStore, 'starting'>, plan: BackupPlan): string | undefined {
  return plan.state.running || s.starting[plan.id];
}

/** resetBackupForTests empties the store. Only tests call it. */
export function resetBackupForTests() {
  browseSeq = 0;
  snapshotsSeq = 0;
  historySeq = 0;
  early.clear();
  useBackup.setState({ ...sessionless, tab: 'status', newPC: emptyNewPC });
}

// What the area showed goes with the session; the overview comes back with the next login.
useVault.subscribe((s, prev) => {
  const was = prev.state?.phase;
  const now = s.state?.phase;
  if (was === 'open' && now !== 'open') {
    browseSeq++;
    snapshotsSeq++;
    historySeq++;
    useBackup.setState({ ...sessionless });
  }
  if (now === 'open' && was !== 'open') void useBackup.getState().load();
});
