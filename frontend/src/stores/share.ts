import { create } from 'zustand';
import {
  bridge,
  onEvent,
  onFileDrop,
  toAppError,
  type AppError,
  type ShareConflict,
  type ShareCreateRequest,
  type ShareCreated,
  type ShareEnvelope,
  type ShareEnvelopeRequest,
  type ShareFolderPurpose,
  type ShareItem,
  type ShareOpened,
  type ShareRecipient,
  type ShareRecord,
  type ShareScan,
} from '../bridge';
import type { JobDoneEvent } from '../types/jobs';
import { useVault } from './vault';

/** The tabs of the area. */
export type ShareTab = 'send' | 'open' | 'envelopes' | 'register';

/** Job kinds of the area (app.JobShare*). */
export const shareJobs = { scan: 'share.scan', create: 'share.create', open: 'share.open', receive: 'share.receive' } as const;

/** How long a copied passphrase stays on the clipboard. */
export const clipboardSeconds = 15;

/** A job of the area: running (job), or how it ended. */
export interface JobState<R> {
  job?: string;
  status?: 'ok' | 'failed' | 'canceled';
  result?: R;
  error?: AppError;
}

/** The send form's files: what was chosen (files and folders) and what Collect found under them. */
export interface Selection {
  paths: string[];
  items: ShareItem[];
  total: number;
  collecting: boolean;
  error?: AppError;
}

/** What the create form sends besides the files (the rest of ShareCreateRequest). */
export type SendForm = Omit<ShareCreateRequest, 'paths' | 'token'>;

/** The open tab: the chosen package and its job. */
export interface OpenState extends JobState<ShareOpened> {
  path: string;
  /** The files already in the target folder (share.exists): the user chooses what to do. */
  exists?: string[];
}

interface ShareStore {
  tab: ShareTab;
  /** The client the send form is for, and its registered people (the only addresses). */
  client?: string;
  recipients: ShareRecipient[];
  recipientsLoading: boolean;
  recipientsError?: AppError;
  selection: Selection;
  scan?: JobState<ShareScan>;
  create?: JobState<ShareCreated>;
  /**
   * The package just made, with its passphrase: shown once, then dropped
   * (closePassphrase). Never in storage or the console.
   */
  created?: ShareCreated;
  /** Seconds until the clipboard is wiped (0: nothing pending). */
  clipboardLeft: number;
  open: OpenState;
  envelopes?: ShareEnvelope[];
  envelopesLoading: boolean;
  envelopesError?: AppError;
  /** The registered people of clients the envelopes name, by client (to name them). */
  people: Record<string, ShareRecipient[]>;
  register?: ShareRecord[];
  registerLoading: boolean;
  registerError?: AppError;

  /** start follows the area's job:done events and dropped files; returns the unsubscribe. */
  start: () => () => void;
  setTab: (tab: ShareTab) => void;
  selectClient: (client: string | undefined) => Promise<void>;
  /** addPaths adds chosen or dropped files and folders and lists what is under them. */
  addPaths: (paths: string[]) => Promise<void>;
  removeItem: (path: string) => Promise<void>;
  clearSelection: () => void;
  chooseFiles: (lang: string) => Promise<AppError | undefined>;
  chooseFolder: (purpose: ShareFolderPurpose, lang: string) => Promise<{ path?: string; error?: AppError }>;
  choosePackage: (lang: string) => Promise<AppError | undefined>;
  setPackage: (path: string) => void;
  startScan: () => Promise<AppError | undefined>;
  clearScan: () => void;
  startCreate: (form: SendForm) => Promise<AppError | undefined>;
  /** passphraseShown tells Go the passphrase is on screen (kept out of screen capture). */
  passphraseShown: () => void;
  /** closePassphrase drops the passphrase from memory and lifts the capture protection. */
  closePassphrase: () => void;
  /** copyPassphrase puts the passphrase on the clipboard and wipes it after clipboardSeconds. */
  copyPassphrase: () => Promise<boolean>;
  startOpen: (passphrase: string, target: string, conflict: ShareConflict) => Promise<AppError | undefined>;
  clearOpen: () => void;
  loadEnvelopes: () => Promise<void>;
  /** loadPeople reads a client's registered people once (envelopes name them; the envelope form offers them). */
  loadPeople: (client: string) => Promise<ShareRecipient[]>;
  createEnvelope: (req: ShareEnvelopeRequest) => Promise<{ envelope?: ShareEnvelope; error?: AppError }>;
  revokeEnvelope: (client: string, id: string) => Promise<AppError | undefined>;
  loadRegister: () => Promise<void>;
  saveCopy: (client: string, id: string) => Promise<{ path?: string; error?: AppError }>;
}

/** Jobs that ended before their start call answered (job:done can beat it): their ends, by id. */
const early = new Map<string, JobDoneEvent>();
let recipientsSeq = 0;
let collectSeq = 0;
let clipboardTick: ReturnType<typeof setInterval> | undefined;
/** Whether Go was told the passphrase is on screen. */
let shown = false;

const emptySelection: Selection = { paths: [], items: [], total: 0, collecting: false };
const emptyOpen: OpenState = { path: '' };

const sessionless = {
  client: undefined,
  recipients: [] as ShareRecipient[],
  recipientsLoading: false,
  recipientsError: undefined,
  selection: emptySelection,
  scan: undefined,
  create: undefined,
  created: undefined,
  open: emptyOpen,
  envelopes: undefined,
  envelopesLoading: false,
  envelopesError: undefined,
  people: {} as Record<string, ShareRecipient[]>,
  register: undefined,
  registerLoading: false,
  registerError: undefined,
};

/** outcome maps a job's end to the three outcomes the views show. */
function outcome<R>(e: JobDoneEvent): JobState<R> {
  if (e.status === 'ok') return { status: 'ok', result: e.result as R };
  if (e.status === 'canceled') return { status: 'canceled' };
  return { status: 'failed', error: e.error ? toAppError(e.error) : { code: 'internal' } };
}

/** scanResult makes Go's null lists empty. */
function scanResult(r: ShareScan | undefined): ShareScan | undefined {
  return r ? { ...r, findings: r.findings ?? [], unscanned: r.unscanned ?? [] } : undefined;
}

/** existing is the list of files share.exists names (params.files, "、"- or newline-joined), or []. */
export function existing(err: AppError | undefined): string[] {
  const f = err?.params?.files ?? err?.params?.file;
  if (f === undefined) return [];
  return String(f)
    .split(/\n|、|, /)
    .map((s) => s.trim())
    .filter(Boolean);
}

function wipeClipboard() {
  navigator.clipboard?.writeText('').catch(() => {
    // the window lost focus: the browser refuses; nothing more can be done here
  });
}

/** useShare is the 共有 area's state. */
export const useShare = create<ShareStore>((set, get) => {
  function done(e: JobDoneEvent) {
    const scan = get().scan;
    if (e.kind === shareJobs.scan && scan?.job === e.id) {
      const o = outcome<ShareScan>(e);
      set({ scan: { ...o, result: scanResult(o.result) } });
      return;
    }
    const c = get().create;
    if (e.kind === shareJobs.create && c?.job === e.id) {
      finishCreate(e);
      return;
    }
    const o = get().open;
    if ((e.kind === shareJobs.open || e.kind === shareJobs.receive) && o.job === e.id) {
      finishOpen(e);
      return;
    }
    if (e.kind.startsWith('share.')) early.set(e.id, e);
  }

  function finishCreate(e: JobDoneEvent) {
    const o = outcome<ShareCreated>(e);
    if (o.status === 'ok' && o.result) {
      // The passphrase goes to `created` only; the job state keeps no copy.
      set({ create: { status: 'ok' }, created: { ...o.result, files: o.result.files ?? [], kana: o.result.kana ?? [] } });
      if (get().tab === 'register' || get().register) void get().loadRegister();
      return;
    }
    set({ create: { status: o.status, error: o.error } });
  }

  function finishOpen(e: JobDoneEvent) {
    const o = outcome<ShareOpened>(e);
    const path = get().open.path;
    if (o.error?.code === 'share.exists') {
      set({ open: { path, exists: existing(o.error), error: o.error, status: 'failed' } });
      return;
    }
    const r = o.result;
    set({ open: { path, ...o, result: r ? { ...r, written: r.written ?? [], skipped: r.skipped ?? [], manifest: { ...r.manifest, files: r.manifest?.files ?? [] } } : undefined } });
    if (o.status !== 'ok') return;
    if (get().register) void get().loadRegister();
    // A return counts on its envelope.
    if (e.kind === shareJobs.receive || o.result?.manifest?.kind === 'return') {
      if (get().envelopes) void get().loadEnvelopes();
    }
  }

  async function collect(paths: string[]) {
    const seq = ++collectSeq;
    set({ selection: { ...get().selection, paths, collecting: true, error: undefined }, scan: undefined, create: undefined });
    if (paths.length === 0) {
      set({ selection: emptySelection });
      return;
    }
    try {
      const sel = await bridge.share.collect(paths);
      if (seq === collectSeq) set({ selection: { paths, items: sel.items ?? [], total: sel.total, collecting: false } });
    } catch (e) {
      if (seq === collectSeq) set({ selection: { ...get().selection, collecting: false, error: toAppError(e) } });
    }
  }

  return {
    ...sessionless,
    tab: 'send',
    clipboardLeft: 0,

    start: () => {
      const offDone = onEvent<JobDoneEvent>('job:done', (e) => {
        if (e.kind.startsWith('share.')) done(e);
      });
      const offDrop = onFileDrop((paths) => {
        if (paths.length === 0) return;
        const tab = get().tab;
        if (tab === 'send') void get().addPaths(paths);
        else if (tab === 'open') get().setPackage(paths[0]);
      });
      return () => {
        offDone();
        offDrop();
      };
    },

    setTab: (tab) => set({ tab }),

    selectClient: async (client) => {
      const seq = ++recipientsSeq;
      set({ client, recipients: [], recipientsError: undefined, recipientsLoading: !!client, scan: undefined, create: undefined });
      if (!client) return;
      try {
        const recipients = (await bridge.share.recipients(client)) ?? [];
        if (seq === recipientsSeq) set({ recipients, recipientsLoading: false });
      } catch (e) {
        if (seq === recipientsSeq) set({ recipientsError: toAppError(e), recipientsLoading: false });
      }
    },

    addPaths: async (paths) => {
      const have = get().selection.paths;
      const next = [...have, ...paths.filter((p) => !have.includes(p))];
      await collect(next);
    },

    removeItem: async (path) => {
      // A chosen file or folder goes; a file of a chosen folder goes by
      // choosing the folder's other files one by one instead.
      const sel = get().selection;
      const paths = sel.paths.flatMap((root) => {
        if (root === path) return [];
        if (!underRoot(path, root)) return [root];
        return sel.items.filter((i) => i.path !== path && underRoot(i.path, root)).map((i) => i.path);
      });
      await collect(paths);
    },

    clearSelection: () => {
      collectSeq++;
      set({ selection: emptySelection, scan: undefined, create: undefined });
    },

    chooseFiles: async (lang) => {
      try {
        const paths = (await bridge.share.chooseFiles(lang)) ?? [];
        if (paths.length) await get().addPaths(paths);
        return undefined;
      } catch (e) {
        return toAppError(e);
      }
    },

    chooseFolder: async (purpose, lang) => {
      try {
        const path = await bridge.share.chooseFolder(purpose, lang);
        if (path && purpose === 'send') await get().addPaths([path]);
        return { path: path || undefined };
      } catch (e) {
        return { error: toAppError(e) };
      }
    },

    choosePackage: async (lang) => {
      try {
        const path = await bridge.share.choosePackage(lang);
        if (path) get().setPackage(path);
        return undefined;
      } catch (e) {
        return toAppError(e);
      }
    },

    setPackage: (path) => {
      if (get().open.job) return;
      set({ open: { path } });
    },

    startScan: async () => {
      const client = get().client;
      const paths = get().selection.paths;
      if (!client || paths.length === 0) return { code: 'share.empty' };
      set({ scan: {}, create: undefined });
      try {
        const job = await bridge.share.scan(client, paths);
        const end = early.get(job);
        early.delete(job);
        if (end) {
          const o = outcome<ShareScan>(end);
          set({ scan: { ...o, result: scanResult(o.result) } });
        } else set({ scan: { job } });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ scan: { status: 'failed', error } });
        return error;
      }
    },

    clearScan: () => set({ scan: undefined, create: undefined }),

    startCreate: async (form) => {
      const scan = get().scan?.result;
      const paths = get().selection.paths;
      if (!scan || paths.length === 0) return { code: 'share.changed' };
      set({ create: {} });
      try {
        const job = await bridge.share.create({ ...form, paths, token: scan.token });
        const end = early.get(job);
        early.delete(job);
        if (end) finishCreate(end);
        else set({ create: { job } });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ create: { status: 'failed', error } });
        return error;
      }
    },

    passphraseShown: () => {
      if (shown || !get().created) return;
      shown = true;
      bridge.share.passphraseShown().catch(() => undefined);
    },

    closePassphrase: () => {
      set({ created: undefined });
      if (shown) {
        shown = false;
        bridge.share.passphraseHidden().catch(() => undefined);
      }
    },

    copyPassphrase: async () => {
      const p = get().created?.passphrase;
      if (!p || !navigator.clipboard) return false;
      try {
        await navigator.clipboard.writeText(p);
      } catch {
        return false;
      }
      clearInterval(clipboardTick);
      const deadline = Date.now() + clipboardSeconds * 1000;
      set({ clipboardLeft: clipboardSeconds });
      clipboardTick = setInterval(() => {
        const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
        set({ clipboardLeft: left });
        if (left === 0) {
          clearInterval(clipboardTick);
          clipboardTick = undefined;
          wipeClipboard();
        }
      }, 1000);
      return true;
    },

    startOpen: async (passphrase, target, conflict) => {
      const path = get().open.path;
      if (!path) return { code: 'share.not_package' };
      set({ open: { path } });
      try {
        const job = await bridge.share.open({ path, passphrase, target, conflict });
        const end = early.get(job);
        early.delete(job);
        if (end) finishOpen(end);
        else set({ open: { path, job } });
        return undefined;
      } catch (e) {
        const error = toAppError(e);
        set({ open: { path, status: 'failed', error, exists: error.code === 'share.exists' ? existing(error) : undefined } });
        return error;
      }
    },

    clearOpen: () => set({ open: emptyOpen }),

    loadEnvelopes: async () => {
      set({ envelopesLoading: true });
      try {
        const envelopes = (await bridge.share.envelopes('')) ?? [];
        set({ envelopes, envelopesLoading: false, envelopesError: undefined });
      } catch (e) {
        set({ envelopesLoading: false, envelopesError: toAppError(e) });
      }
    },

    loadPeople: async (client) => {
      const have = get().people[client];
      if (have) return have;
      try {
        const list = (await bridge.share.recipients(client)) ?? [];
        set({ people: { ...get().people, [client]: list } });
        return list;
      } catch {
        return [];
      }
    },

    createEnvelope: async (req) => {
      try {
        const envelope = await bridge.share.createEnvelope(req);
        await get().loadEnvelopes();
        return { envelope };
      } catch (e) {
        return { error: toAppError(e) };
      }
    },

    revokeEnvelope: async (client, id) => {
      try {
        await bridge.share.revokeEnvelope(client, id);
      } catch (e) {
        return toAppError(e);
      }
      await get().loadEnvelopes();
      return undefined;
    },

    loadRegister: async () => {
      set({ registerLoading: true });
      try {
        const register = (await bridge.share.register('')) ?? [];
        set({ register: register.map((r) => ({ ...r, files: r.files ?? [] })), registerLoading: false, registerError: undefined });
      } catch (e) {
        set({ registerLoading: false, registerError: toAppError(e) });
      }
    },

    saveCopy: async (client, id) => {
      try {
        const path = await bridge.share.saveCopy(client, id);
        return { path: path || undefined };
      } catch (e) {
        return { error: toAppError(e) };
      }
    },
  };
});

/** underRoot reports whether path is root or inside it (either separator). */
export function underRoot(path: string, root: string): boolean {
  if (path === root) return true;
  const r = root.replace(/[\\/]+$/, '');
  return path.startsWith(`${r}/`) || path.startsWith(`${r}\\`);
}

/** resetShareForTests empties the store. Only tests call it. */
export function resetShareForTests() {
  early.clear();
  clearInterval(clipboardTick);
  clipboardTick = undefined;
  shown = false;
  recipientsSeq = 0;
  collectSeq = 0;
  useShare.setState({ ...sessionless, tab: 'send', clipboardLeft: 0 });
}

// What the area showed goes with the session, the passphrase first.
useVault.subscribe((s, prev) => {
  if (prev.state?.phase === 'open' && s.state?.phase !== 'open') {
    useShare.getState().closePassphrase();
    recipientsSeq++;
    collectSeq++;
    useShare.setState({ ...sessionless });
  }
});
