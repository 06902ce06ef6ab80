import { create } from 'zustand';
import {
  bridge,
  type AcquireRequest,
  type AppError,
  type Choices,
  type Client,
  type CodeConflict,
  type Erasure,
  type ExportFormat,
  type ImportEncoding,
  type ImportKind,
  type ImportPreview,
  type MappedChar,
  type NumberView,
  type Person,
  type PersonView,
  type SaveEncoding,
  type SearchHit,
  toAppError,
} from '../bridge';
import { useVault } from './vault';
import { jobError, runJob } from './runJob';
import type { JobDoneEvent } from '../types/jobs';

/** The search box waits this long after a keystroke before asking Go. */
export const searchDelay = 80;
/** The most hits the search box shows. */
export const searchLimit = 50;

/** The client open in the detail drawer, with the versions an edit must name. */
export interface OpenClient {
  client: Client;
  versions: string[];
  conflict: boolean;
}

/** A person's My Number as the people list knows it. */
export interface NumberState {
  loading?: boolean;
  /** The masked record; null when none is on file. */
  view?: NumberView | null;
  /** Why it could not be read (vault.no_access, access.not_handler for a non-handler). */
  error?: AppError;
}

/** One field error of records.invalid, with its message key. */
export interface FieldError {
  /** The record's field as Go names it, list indexes dropped ("tags[0]" → "tags"). */
  field: string;
  /** The locale key: validation.<code with dots → underscores>. */
  key: string;
}

/**
 * fieldErrors reads the per-field problems of a records.invalid error
 * (params.fields = [{field, code}]). Other errors give none.
 */
export function fieldErrors(err: AppError | undefined): FieldError[] {
  if (!err || err.code !== 'records.invalid') return [];
  const fields = (err.params as unknown as { fields?: Array<{ field: string; code: string }> } | undefined)?.fields ?? [];
  return fields.map((f) => ({ field: f.field.replace(/\[\d+\].*$/, ''), key: `validation.${f.code.replace(/\./g, '_')}` }));
}

/** The errors that mean "you may not see this person's number". */
export function isNoAccess(err: AppError | undefined): boolean {
  return !!err && (err.code === 'vault.no_access' || err.code.startsWith('access.'));
}

/** numberTarget is the vault target of a person's number record, as erasures name it. */
export function numberTarget(client: string, person: string): string {
  return `mynumber/${client}/${person}`;
}

/** parseTarget splits "mynumber/<client>/<person>". */
export function parseTarget(target: string): { client: string; person: string } | undefined {
  const m = /^mynumber\/([^/]+)\/([^/]+)$/.exec(target);
  return m ? { client: m[1], person: m[2] } : undefined;
}

interface ClientsStore {
  query: string;
  hits: SearchHit[];
  /** The query the hits answer (may lag behind query while typing). */
  hitsFor: string;
  searchError?: AppError;

  list: Client[];
  listLoaded: boolean;
  listError?: AppError;
  /** Client codes several clients share (two PCs registered them before they synced). */
  codeConflicts: CodeConflict[];

  current?: OpenClient;
  currentError?: AppError;
  people: Person[];
  peopleError?: AppError;
  /** Per person id of the open client. */
  numbers: Record<string, NumberState>;

  choices?: Choices;
  erasures: Erasure[];
  erasuresLoaded: boolean;
  erasuresError?: AppError;
  /** People of other clients, loaded to name the targets of erasures. */
  peopleByClient: Record<string, Person[]>;

  /** How long a revealed number stays on screen, and the clipboard holds a copy. */
  revealSeconds: number;
  clipboardSeconds: number;

  setQuery: (q: string) => void;
  loadList: () => Promise<void>;
  /** loadCodeConflicts asks which client codes several clients share; an error shows none (the list shows it). */
  loadCodeConflicts: () => Promise<void>;
  open: (id: string) => Promise<void>;
  close: () => void;
  /** create adds a client and opens it; ownerOnly makes it 所長のみ, hidden (user ids) are 開示不能 on it from its creation. */
  create: (c: Client, ownerOnly: boolean, hidden?: string[]) => Promise<AppError | undefined>;
  update: (c: Client) => Promise<AppError | undefined>;
  loadPeople: () => Promise<void>;
  /** person reads one person with the versions an edit names. */
  person: (client: string, id: string) => Promise<PersonView | AppError>;
  savePerson: (p: Person, versions: string[]) => Promise<AppError | undefined>;
  /** deletePerson deletes a person; one with a My Number on file must have it erased first (mynumber.must_erase_first). */
  deletePerson: (client: string, id: string, versions: string[]) => Promise<AppError | undefined>;

  loadNumbers: () => Promise<void>;
  loadChoices: () => Promise<void>;
  /** acquire stores a number; the result is the 本人確認 warnings or the error. */
  acquire: (req: AcquireRequest) => Promise<{ warnings: string[] } | { error: AppError }>;
  /**
   * reveal returns the 12 digits for one recorded purpose. The digits are
   * never kept here: the caller holds them in component state and drops them.
   */
  reveal: (client: string, person: string, purpose: string) => Promise<{ digits: string } | { error: AppError }>;
  /** conceal: a revealed number was masked again (lifts the capture protection once none is shown). */
  conceal: () => void;
  /** copied records a copy of a revealed number in the access log; an error means the copy must not stay. */
  copied: (client: string, person: string, purpose: string) => Promise<AppError | undefined>;
  proposeErasure: (client: string, person: string, reason: string, docs: string[]) => Promise<AppError | undefined>;
  approveErasure: (id: string) => Promise<AppError | undefined>;
  loadErasures: () => Promise<void>;
  /** nameTargets loads the people needed to name the erasures' targets. */
  nameTargets: () => Promise<void>;
  setTimeouts: (revealSeconds: number, clipboardSeconds: number) => void;
  /**
   * importPreview parses a CSV file or an Excel workbook (name: the chosen
   * file's name) as kind (nothing is written); mapping null lets Go guess
   * the columns from their titles. Whole-file problems (csv.undecodable,
   * import.xlsx_broken, import.too_large…) come back as the error.
   */
  importPreview: (
    kind: ImportKind,
    name: string,
    data: ArrayBuffer,
    encoding: ImportEncoding,
    mapping: string[] | null,
  ) => Promise<{ preview: ImportPreview } | { error: AppError }>;
  /**
   * importCommit writes a previewed file (every row or none) and reloads the
   * list; imported clients are created 所長のみ (ownerOnly) and 開示不能 for hidden (user ids).
   */
  importCommit: (token: string, ownerOnly?: boolean, hidden?: string[]) => Promise<{ count: number } | { error: AppError }>;
  /**
   * saveExport saves the client or people list where the user picks, as CSV
   * or Excel; path undefined when cancelled. mapped lists the characters a
   * Shift_JIS CSV holds in their Windows form (〜 as ～).
   */
  saveExport: (
    kind: ImportKind,
    format: ExportFormat,
    encoding: SaveEncoding | '',
    lang: string,
  ) => Promise<{ path?: string; mapped?: MappedChar[]; error?: AppError }>;
}

let searchTimer: ReturnType<typeof setTimeout> | undefined;
/** Each search gets a number; only the latest may set the hits. */
let searchSeq = 0;

const empty = {
  query: '',
  hits: [] as SearchHit[],
  hitsFor: '',
  searchError: undefined,
  list: [] as Client[],
  listLoaded: false,
  listError: undefined,
  codeConflicts: [] as CodeConflict[],
  current: undefined,
  currentError: undefined,
  people: [] as Person[],
  peopleError: undefined,
  numbers: {} as Record<string, NumberState>,
  erasures: [] as Erasure[],
  erasuresLoaded: false,
  erasuresError: undefined,
  peopleByClient: {} as Record<string, Person[]>,
};

/** useClients is the clients area (search, list, client and people forms) and the My Number records of people. */
export const useClients = create<ClientsStore>((set, get) => {
  async function search(q: string) {
    const n = ++searchSeq;
    try {
      const hits = await bridge.clients.search(q, searchLimit);
      if (n === searchSeq) set({ hits, hitsFor: q, searchError: undefined });
    } catch (e) {
      if (n === searchSeq) set({ hits: [], hitsFor: q, searchError: e as AppError });
    }
  }

  async function refreshSearch() {
    const q = get().query;
    if (q.trim() !== '') await search(q);
  }

  return {
    ...empty,
    revealSeconds: 30,
    clipboardSeconds: 10,

    setQuery: (q) => {
      set({ query: q });
      clearTimeout(searchTimer);
      if (q.trim() === '') {
        searchSeq++; // an answer still on its way is stale now
        set({ hits: [], hitsFor: '', searchError: undefined });
        return;
      }
      searchTimer = setTimeout(() => void search(q), searchDelay);
    },

    loadList: async () => {
      try {
        const list = await bridge.clients.list();
        list.sort((a, b) => (a.code || '\uffff').localeCompare(b.code || '\uffff', 'ja') || (a.kana || a.name).localeCompare(b.kana || b.name, 'ja'));
        set({ list, listLoaded: true, listError: undefined });
      } catch (e) {
        set({ listLoaded: true, listError: e as AppError });
      }
    },

    loadCodeConflicts: async () => {
      try {
        set({ codeConflicts: (await bridge.clients.codeConflicts()) ?? [] });
      } catch {
        set({ codeConflicts: [] });
      }
    },

    open: async (id) => {
      set({ current: undefined, currentError: undefined, people: [], peopleError: undefined, numbers: {} });
      try {
        const v = await bridge.clients.get(id);
        set({ current: { client: v.client as Client, versions: v.versions ?? [], conflict: v.conflict } });
      } catch (e) {
        set({ currentError: e as AppError });
        return;
      }
      await get().loadPeople();
    },

    close: () => set({ current: undefined, currentError: undefined, people: [], peopleError: undefined, numbers: {} }),

    create: async (c, ownerOnly, hidden = []) => {
      let id: string;
      try {
        id = await bridge.clients.create(c, ownerOnly, hidden);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([get().loadList(), get().open(id), refreshSearch()]);
      return undefined;
    },

    update: async (c) => {
      const cur = get().current;
      try {
        await bridge.clients.update(c, cur?.versions ?? []);
      } catch (e) {
        return e as AppError;
      }
      try {
        const v = await bridge.clients.get(c.id);
        set({ current: { client: v.client as Client, versions: v.versions ?? [], conflict: v.conflict } });
      } catch {
        // saved; the drawer keeps what was typed
      }
      await Promise.all([get().loadList(), refreshSearch()]);
      return undefined;
    },

    loadPeople: async () => {
      const id = get().current?.client.id;
      if (!id) return;
      try {
        const people = (await bridge.clients.people(id)) as Person[];
        people.sort((a, b) => (a.kana || a.name).localeCompare(b.kana || b.name, 'ja'));
        if (get().current?.client.id !== id) return;
        set({ people, peopleError: undefined, peopleByClient: { ...get().peopleByClient, [id]: people } });
      } catch (e) {
        set({ peopleError: e as AppError });
        return;
      }
      await get().loadNumbers();
    },

    person: async (client, id) => {
      try {
        return await bridge.clients.person(client, id);
      } catch (e) {
        return e as AppError;
      }
    },

    savePerson: async (p, versions) => {
      try {
        await bridge.clients.savePerson(p, versions);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([get().loadPeople(), refreshSearch()]);
      return undefined;
    },

    deletePerson: async (client, id, versions) => {
      try {
        await bridge.clients.deletePerson(client, id, versions);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([get().loadPeople(), refreshSearch()]);
      return undefined;
    },

    loadNumbers: async () => {
      const client = get().current?.client.id;
      if (!client) return;
      const people = get().people;
      set({ numbers: Object.fromEntries(people.map((p) => [p.id, { ...get().numbers[p.id], loading: true }])) });
      const results = await Promise.all(
        people.map(async (p): Promise<[string, NumberState]> => {
          try {
            return [p.id, { view: await bridge.numbers.info(client, p.id) }];
          } catch (e) {
            return [p.id, { error: e as AppError }];
          }
        }),
      );
      if (get().current?.client.id !== client) return;
      set({ numbers: Object.fromEntries(results) });
    },

    loadChoices: async () => {
      if (get().choices) return;
      try {
        set({ choices: await bridge.numbers.choices() });
      } catch {
        // the forms show no choices; the next open tries again
      }
    },

    acquire: async (req) => {
      let warnings: string[];
      try {
        warnings = await bridge.numbers.acquire(req);
      } catch (e) {
        return { error: e as AppError };
      }
      await get().loadNumbers();
      return { warnings: warnings ?? [] };
    },

    conceal: () => {
      void bridge.numbers.conceal().catch(() => undefined);
    },

    copied: async (client, person, purpose) => {
      try {
        await bridge.numbers.copied(client, person, purpose);
        return undefined;
      } catch (e) {
        return e as AppError;
      }
    },

    reveal: async (client, person, purpose) => {
      try {
        return { digits: await bridge.numbers.reveal(client, person, purpose) };
      } catch (e) {
        return { error: e as AppError };
      }
    },

    proposeErasure: async (client, person, reason, docs) => {
      try {
        await bridge.numbers.proposeErasure(client, person, reason, docs);
      } catch (e) {
        return e as AppError;
      }
      await get().loadErasures();
      return undefined;
    },

    approveErasure: async (id) => {
      try {
        await bridge.numbers.approveErasure(id);
      } catch (e) {
        return e as AppError;
      }
      await Promise.all([get().loadErasures(), get().loadNumbers()]);
      return undefined;
    },

    loadErasures: async () => {
      try {
        set({ erasures: await bridge.numbers.erasures(), erasuresLoaded: true, erasuresError: undefined });
      } catch (e) {
        set({ erasuresLoaded: true, erasuresError: e as AppError });
      }
    },

    nameTargets: async () => {
      if (!get().listLoaded) await get().loadList();
      const known = get().peopleByClient;
      const missing = [...new Set(get().erasures.map((e) => parseTarget(e.target)?.client).filter((c): c is string => !!c && !known[c]))];
      const loaded = await Promise.all(
        missing.map(async (c): Promise<[string, Person[]]> => {
          try {
            return [c, (await bridge.clients.people(c)) as Person[]];
          } catch {
            return [c, []];
          }
        }),
      );
      if (loaded.length) set({ peopleByClient: { ...get().peopleByClient, ...Object.fromEntries(loaded) } });
    },

    setTimeouts: (revealSeconds, clipboardSeconds) => set({ revealSeconds, clipboardSeconds }),

    importPreview: async (kind, name, data, encoding, mapping) => {
      try {
        const preview = await bridge.clients.importPreview(kind, name, data, encoding, mapping);
        return { preview: { ...preview, errors: preview.errors ?? [], clients: preview.clients ?? [], people: preview.people ?? [] } };
      } catch (e) {
        return { error: e as AppError };
      }
    },

    importCommit: async (token, ownerOnly = false, hidden = []) => {
      // The write is a job (progress and cancel in the jobs panel); wait for
      // its end.
      let done: JobDoneEvent;
      try {
        done = await runJob(() => bridge.clients.importCommit(token, ownerOnly, hidden));
      } catch (e) {
        return { error: e as AppError };
      }
      const failed = jobError(done);
      if (failed) {
        // A stopped import keeps what it committed: show it.
        if (failed.code === 'import.partial') await Promise.all([get().loadList(), refreshSearch(), get().loadPeople()]);
        return { error: failed };
      }
      await Promise.all([get().loadList(), refreshSearch(), get().loadPeople()]);
      return { count: Number(done.result) };
    },

    saveExport: async (kind, format, encoding, lang) => {
      try {
        const saved = await bridge.clients.saveExport(kind, format, encoding, lang);
        return { path: saved.path || undefined, mapped: saved.mapped?.length ? saved.mapped : undefined };
      } catch (e) {
        return { error: toAppError(e) };
      }
    },
  };
});

/** resetClientsForTests empties the store and forgets pending searches. Only tests call it. */
export function resetClientsForTests() {
  clearTimeout(searchTimer);
  searchSeq = 0;
  useClients.setState(useClients.getInitialState(), true);
}

// A session's records go with the session: nothing of them stays on screen
// or in memory after a lock.
useVault.subscribe((s, prev) => {
  if (prev.state?.phase === 'open' && s.state?.phase !== 'open') {
    clearTimeout(searchTimer);
    searchSeq++;
    useClients.setState({ ...empty });
  }
});
