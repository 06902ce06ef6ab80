import { create } from 'zustand';
import { bridge, toAppError, type AppError, type FilingCandidate, type FilingRequest, type FilingResult, type Ledger, type SaveEncoding } from '../bridge';

/** Saved is the outcome of a save: the path (undefined when the user closed the dialog) or an error. */
export type Saved = { path?: string; error?: AppError };

interface ReportsStore {
  ledger?: Ledger;
  ledgerLoading: boolean;
  ledgerError?: AppError;
  loadLedger: () => Promise<void>;
  saveLedger: (format: 'pdf' | 'csv', encoding: SaveEncoding | '', lang: string) => Promise<Saved>;
  /** printed records a print in the access log before the print dialog opens. */
  printed: (what: string) => Promise<AppError | undefined>;
  filingCandidates: (client: string, purpose: string) => Promise<{ candidates: FilingCandidate[]; error?: AppError }>;
  saveFiling: (req: FilingRequest, encoding: SaveEncoding, lang: string) => Promise<{ result?: FilingResult; error?: AppError }>;
}

/** useReports holds the 管理台帳 and saves reports and the government-form export through Go. */
export const useReports = create<ReportsStore>((set) => ({
  ledgerLoading: false,
  loadLedger: async () => {
    set({ ledgerLoading: true });
    try {
      set({ ledger: await bridge.reports.ledger(), ledgerError: undefined, ledgerLoading: false });
    } catch (e) {
      set({ ledgerError: toAppError(e), ledgerLoading: false });
    }
  },
  saveLedger: async (format, encoding, lang) => {
    try {
      const path = await bridge.reports.saveLedger(format, encoding, lang);
      return { path: path || undefined };
    } catch (e) {
      return { error: toAppError(e) };
    }
  },
  printed: async (what) => {
    try {
      await bridge.reports.printed(what);
      return undefined;
    } catch (e) {
      return toAppError(e);
    }
  },
  filingCandidates: async (client, purpose) => {
    try {
      return { candidates: await bridge.numbers.filingCandidates(client, purpose) };
    } catch (e) {
      return { candidates: [], error: toAppError(e) };
    }
  },
  saveFiling: async (req, encoding, lang) => {
    try {
      return { result: await bridge.numbers.saveFiling(req, encoding, lang) };
    } catch (e) {
      return { error: toAppError(e) };
    }
  },
}));
