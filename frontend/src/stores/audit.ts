import { create } from 'zustand';
import {
  bridge,
  onEvent,
  toAppError,
  type AppError,
  type LogFilter,
  type LogPage,
  type LogReview,
  type LogStats,
  type LogSubject,
  type LogSummary,
  type LogToucher,
  type LogVerifyView,
  type SaveEncoding,
} from '../bridge';
import type { JobDoneEvent } from '../types/jobs';
import { useVault } from './vault';
import type { Saved } from './reports';
import { periodRange, type Period } from '../format/jst';

/** The list's page size. */
export const pageSize = 50;

/** The tabs of the area. */
export type AuditTab = 'list' | 'timeline' | 'charts' | 'record' | 'review' | 'verify';

/** The period part of the filter as the filter bar shows it. */
export interface PeriodChoice {
  period: Period;
  /** ISO dates of a range typed by hand (to included). */
  from?: string;
  to?: string;
}

interface AuditState {
  summary?: LogSummary;
  opening: boolean;
  /** Why the log could not be opened (access.not_auditor for staff). */
  openError?: AppError;

  tab: AuditTab;
  /** What the per-record tab shows. */
  subject?: LogSubject;
  /** The period the filter bar shows; filter.from/to follow it. */
  period: PeriodChoice;
  /** The filter the list, timeline and charts show. */
  filter: LogFilter;
  /** The list's page (0-based), newest first. */
  pageNo: number;
  page?: LogPage;
  pageLoading: boolean;
  pageError?: AppError;

  /** Sums of the same filter, for the charts. */
  stats?: LogStats;
  statsLoading: boolean;

  reviews: LogReview[];

  /** The running check's job id. */
  verifying?: string;
  verified?: LogVerifyView;
  verifiedAt?: number;
  verifyError?: AppError;

  /** open reads the log (what arrived since the last call) and the current page. */
  open: () => Promise<void>;
  setTab: (tab: AuditTab) => void;
  /** showRecord opens the per-record tab on a client, person or user. */
  showRecord: (subject: LogSubject) => void;
  setFilter: (f: LogFilter, period?: PeriodChoice) => void;
  loadPage: (pageNo: number) => Promise<void>;
  loadStats: () => Promise<void>;
  /** statsFor sums another filter (a month under review) without touching the charts. */
  statsFor: (f: LogFilter) => Promise<{ stats?: LogStats; error?: AppError }>;
  touched: (f: LogFilter) => Promise<{ touchers: LogToucher[]; error?: AppError }>;
  /** queryPage reads a page of another filter (the per-record history). */
  queryPage: (f: LogFilter, offset: number, limit: number) => Promise<{ page?: LogPage; error?: AppError }>;
  loadReviews: () => Promise<AppError | undefined>;
  confirmReview: (month: string, note: string) => Promise<AppError | undefined>;
  verify: () => Promise<AppError | undefined>;
  saveReport: (f: LogFilter, subject: LogSubject | null, format: 'pdf' | 'csv', encoding: SaveEncoding | '', lang: string) => Promise<Saved>;
  /** start follows the check's job:done; returns the unsubscribe. */
  start: () => () => void;
}

// Answers can arrive out of order (a slow page, then a fast one for a newer
// filter): each kind of request keeps the number of the newest, and an
// older answer is dropped.
let pageSeq = 0;
let statsSeq = 0;
/** The last check that ended: its job:done can beat Verify's answer. */
let lastVerifyDone = '';

const empty = {
  summary: undefined,
  opening: false,
  openError: undefined,
  tab: 'list' as AuditTab,
  subject: undefined as LogSubject | undefined,
  period: { period: 'days90' } as PeriodChoice,
  filter: {} as LogFilter,
  pageNo: 0,
  page: undefined,
  pageLoading: false,
  pageError: undefined,
  stats: undefined,
  statsLoading: false,
  reviews: [] as LogReview[],
  verifying: undefined,
  verified: undefined,
  verifiedAt: undefined,
  verifyError: undefined,
};

/** clean drops unset fields and empty lists, so Go gets the filter it means. */
export function cleanFilter(f: LogFilter): LogFilter {
  const out: LogFilter = {};
  for (const [k, v] of Object.entries(f) as Array<[keyof LogFilter, unknown]>) {
    if (v === undefined || v === '' || v === false || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** useAudit is the アクセスログ area's state: the summary, the filtered list and charts, reviews and the log check. */
export const useAudit = create<AuditState>((set, get) => ({
  ...empty,
  open: async () => {
    // A named period ("today") means today again when the area is opened anew.
    const p = get().period;
    if (p.period !== 'custom') set({ filter: cleanFilter({ ...get().filter, ...periodRange(p.period, Date.now()) }) });
    set({ opening: true });
    try {
      const summary = await bridge.logs.open();
      set({ summary, openError: undefined, opening: false });
    } catch (e) {
      set({ openError: toAppError(e), opening: false });
      return;
    }
    await get().loadPage(get().pageNo);
  },
  setTab: (tab) => set({ tab }),
  showRecord: (subject) => set({ subject, tab: 'record' }),
  setFilter: (f, period) => {
    set({ filter: cleanFilter(f), pageNo: 0, ...(period ? { period } : {}) });
    void get().loadPage(0);
    if (get().stats) void get().loadStats();
  },
  loadPage: async (pageNo) => {
    const seq = ++pageSeq;
    set({ pageNo, pageLoading: true });
    try {
      const page = await bridge.logs.query(get().filter, pageNo * pageSize, pageSize, true);
      if (seq === pageSeq) set({ page: { entries: page.entries ?? [], total: page.total }, pageError: undefined, pageLoading: false });
    } catch (e) {
      if (seq === pageSeq) set({ pageError: toAppError(e), pageLoading: false });
    }
  },
  loadStats: async () => {
    const seq = ++statsSeq;
    set({ statsLoading: true });
    const r = await get().statsFor(get().filter);
    if (seq !== statsSeq) return;
    set({ stats: r.stats, statsLoading: false, pageError: r.error ?? get().pageError });
  },
  statsFor: async (f) => {
    try {
      return { stats: await bridge.logs.stats(cleanFilter(f)) };
    } catch (e) {
      return { error: toAppError(e) };
    }
  },
  touched: async (f) => {
    try {
      return { touchers: (await bridge.logs.touched(cleanFilter(f))) ?? [] };
    } catch (e) {
      return { touchers: [], error: toAppError(e) };
    }
  },
  queryPage: async (f, offset, limit) => {
    try {
      const page = await bridge.logs.query(cleanFilter(f), offset, limit, true);
      return { page: { entries: page.entries ?? [], total: page.total } };
    } catch (e) {
      return { error: toAppError(e) };
    }
  },
  loadReviews: async () => {
    try {
      set({ reviews: (await bridge.logs.reviews()) ?? [] });
      return undefined;
    } catch (e) {
      return toAppError(e);
    }
  },
  confirmReview: async (month, note) => {
    try {
      await bridge.logs.confirmReview(month, note);
    } catch (e) {
      return toAppError(e);
    }
    await get().loadReviews();
    void get().loadPage(get().pageNo); // the confirmation is an entry of its own
    return undefined;
  },
  verify: async () => {
    set({ verifyError: undefined });
    try {
      const id = await bridge.logs.verify();
      if (id !== lastVerifyDone) set({ verifying: id });
      return undefined;
    } catch (e) {
      const err = toAppError(e);
      set({ verifyError: err });
      return err;
    }
  },
  saveReport: async (f, subject, format, encoding, lang) => {
    try {
      const path = await bridge.logs.saveReport(cleanFilter(f), subject, format, encoding, lang);
      return { path: path || undefined };
    } catch (e) {
      return { error: toAppError(e) };
    }
  },
  start: () =>
    onEvent<JobDoneEvent>('job:done', (e) => {
      if (e.kind !== 'log.verify') return;
      lastVerifyDone = e.id;
      if (e.id === get().verifying) set({ verifying: undefined });
      if (e.status === 'ok') set({ verified: e.result as LogVerifyView, verifiedAt: Date.now(), verifyError: undefined });
      else if (e.status === 'failed') set({ verified: undefined, verifyError: e.error ?? { code: 'internal' } });
      else set({ verifying: undefined });
    }),
}));

/** resetAuditForTests empties the store. Only tests call it. */
export function resetAuditForTests() {
  pageSeq = 0;
  statsSeq = 0;
  lastVerifyDone = '';
  useAudit.setState({ ...empty });
}

// The log goes with the session: nothing of it stays in memory after a lock.
useVault.subscribe((s, prev) => {
  if (prev.state?.phase === 'open' && s.state?.phase !== 'open') {
    pageSeq++;
    statsSeq++;
    useAudit.setState({ ...empty });
  }
});
