// The typed face of the Go services. Only stores import this module; views
// and components go through stores, so every call site handles AppError and
// nothing else builds error text.
import * as System from './wailsjs/go/app/System';
import * as Jobs from './wailsjs/go/app/Jobs';
import * as Vault from './wailsjs/go/app/VaultService';
import * as Clients from './wailsjs/go/app/ClientsService';
import * as Numbers from './wailsjs/go/app/MyNumberService';
import * as Reports from './wailsjs/go/app/ReportsService';
import * as Logs from './wailsjs/go/app/LogService';
import * as Backup from './wailsjs/go/app/BackupService';
import * as Share from './wailsjs/go/app/ShareService';
import { EventsOn, OnFileDrop, OnFileDropOff } from './wailsjs/runtime/runtime';
import type { app, audit, office, records, share, vault } from './wailsjs/go/models';

export type Info = app.Info;
export type JobInfo = app.JobInfo;
export type VaultState = app.VaultState;
export type RecoverySheet = app.RecoverySheet;
export type MatrixView = app.MatrixView;
export type MatrixClient = app.MatrixClientView;
export type BulkResult = app.BulkResult;
export type ConflictView = app.ConflictView;
export type ConflictVersion = app.ConflictVersion;
export type CodeConflict = office.CodeConflict;
/** A record edit held for its author's rights (app.HeldView); text only once opened. */
export type HeldView = app.HeldView;
export type SyncStatus = vault.Status;
export type DeviceStatus = vault.DeviceStatus;
export type Account = vault.Account;
export type VaultSummary = vault.Summary;
/** A client record (records.Client) as plain data. */
export type Client = Omit<records.Client, 'convertValues' | 'contacts'> & { contacts?: records.Contact[] };
/** A person record (records.Person) as plain data. */
export type Person = Omit<records.Person, 'convertValues' | 'relation'> & { relation?: { to: string; kind: string } };
export type SearchHit = app.SearchHit;
export type ClientView = app.ClientView;
export type PersonView = app.PersonView;
export type NumberView = app.NumberView;
export type Choices = app.Choices;
export type Erasure = vault.Erasure;
export type RetentionItem = office.RetentionItem;
/** The generated 管理台帳 (office.Ledger). */
export type Ledger = office.Ledger;
/** A person the government-form export can include, with a masked number (office.FilingCandidate). */
export type FilingCandidate = office.FilingCandidate;
/** A saved government-form export: path "" when the user cancelled the dialog. */
export type FilingResult = app.FilingResult;
/** What the government-form export writes (office.FilingRequest). */
export interface FilingRequest {
  client: string;
  purpose: string;
  people: string[];
}
/** Encodings of the files Kinko saves. */
export type SaveEncoding = 'utf-8-bom' | 'shift_jis';
/** What the import dialog shows before anything is written (app.ImportPreview). */
export type ImportPreview = Omit<app.ImportPreview, 'convertValues' | 'clients' | 'people' | 'errors'> & {
  errors: ImportRowError[];
  clients: Client[];
  people: Person[];
};
/** One problem of an imported file's row (office.RowError). */
export type ImportRowError = Omit<office.RowError, never>;
/** What an imported file holds (office.ImportKind). */
export type ImportKind = 'clients' | 'people';
/** The formats the clients area exports: CSV (with a SaveEncoding) or an Excel workbook. */
export type ExportFormat = 'csv' | 'xlsx';
/** A character a Shift_JIS export wrote in its Windows (CP932) form, and how often (app.MappedChar). */
export type MappedChar = Omit<app.MappedChar, never>;
/** The encodings an imported file may be read in ("auto": detected from its first bytes). */
export type ImportEncoding = 'auto' | 'utf-8' | 'utf-8-bom' | 'shift_jis';

/** One access-log entry (audit.Entry): never a My Number or a password. */
export type LogEntry = Omit<audit.Entry, never>;
/** What a signature confirms of an entry (audit.Trust): only a verified entry is its user's. */
export type LogTrust = 'verified' | 'pending' | 'unsigned' | 'unverifiable';
/** What the access log's list, charts and exports select (audit.Filter); an empty field matches all. */
export interface LogFilter {
  users?: string[];
  devices?: string[];
  actions?: string[];
  purposes?: string[];
  clients?: string[];
  persons?: string[];
  targets?: string[];
  results?: string[];
  /** unix ms, included */
  from?: number;
  /** unix ms, excluded */
  to?: number;
  text?: string;
  sensitive?: boolean;
  trust?: LogTrust[];
}
/** The names of the ids entries hold (app.LogNamesView). */
export type LogNames = Omit<app.LogNamesView, never>;
/** What the アクセスログ area shows on opening (app.LogSummary). */
export type LogSummary = Omit<app.LogSummary, 'convertValues' | 'names' | 'values'> & { names: LogNames; values: audit.Values };
/** A page of the list (app.LogPage). */
export interface LogPage {
  entries: LogEntry[];
  total: number;
}
/** A count under a key (audit.Count). */
export type LogCount = Omit<audit.Count, never>;
/** A piece of unusual activity (audit.Finding). */
export type LogFinding = Omit<audit.Finding, never>;
/** The charts' sums (audit.Stats); Go's empty lists may arrive as null. */
export type LogStats = Omit<audit.Stats, 'convertValues'>;
/** One user's dealings with a record (audit.Toucher). */
export type LogToucher = Omit<audit.Toucher, 'convertValues'>;
/** A confirmed monthly review (app.LogReview). */
export type LogReview = Omit<app.LogReview, never>;
/** What an incident report is about (audit.Subject). */
export interface LogSubject {
  kind: 'client' | 'person' | 'user';
  id: string;
  client?: string;
}
/** One problem the log check found (audit.Problem). */
export interface LogProblem {
  kind: 'chain' | 'checkpoint' | 'signature' | 'unsigned' | 'rollback' | 'witness' | string;
  device: string;
  seq?: number;
  segment?: number;
  op?: string;
  author?: string;
  signer?: string;
  witness?: string;
  held?: number;
  seen?: number;
}
/** The outcome of the log check (audit.Report, in the job:done result with names). */
export interface LogVerifyView {
  report: {
    devices: number;
    ops: number;
    entries: number;
    checkpoints: number;
    problems: LogProblem[] | null;
    torn: Array<{ device: string; segment: number; after: number }> | null;
    tails: Array<{ device: string; from: number; to: number; unsigned: number }> | null;
  };
  names: LogNames;
}

/** A generated model as plain data: the same fields, no convertValues. */
export type Plain<T> = T extends Array<infer U> ? Array<Plain<U>> : T extends object ? { [K in keyof T as K extends 'convertValues' ? never : K]: Plain<T[K]> } : T;
/** The バックアップ area (app.Backup*): plans, their state and the restore browser. */
export type BackupOverview = Plain<app.BackupOverview>;
export type BackupPlan = Plain<app.BackupPlan>;
export type BackupSource = Plain<app.BackupSource>;
export type BackupSchedule = Plain<app.BackupSchedule>;
export type BackupPlanState = Plain<app.BackupPlanState>;
export type BackupFlag = Plain<app.BackupFlag>;
export type BackupRun = Plain<app.BackupRun>;
export type BackupSnapshot = Plain<app.BackupSnapshot>;
export type BackupEntry = Plain<app.BackupEntry>;
export type BackupPurge = Plain<app.BackupPurge>;
export type BackupDestInfo = Plain<app.BackupDestInfo>;
/** Warning levels of a plan, of this PC and of the office (app.Backup{None,OK,Notice,Warning,Alert}). */
export type BackupLevel = 'none' | 'ok' | 'notice' | 'warning' | 'alert';
/** What the OS folder dialog is asked for (its title). */
export type FolderPurpose = 'source' | 'destination' | 'restore';
/** One damaged file a verify found (backup.Damage). */
export interface BackupDamage {
  snapshot: string;
  source: string;
  path: string;
  reason: string;
}
/** The outcome of a verify (backup.VerifyReport, in the job:done result). */
export interface BackupVerifyReport {
  snapshots: number;
  files: number;
  bytes: number;
  damaged: BackupDamage[] | null;
}
/** The outcome of a restore (backup.RestoreResult, in the job:done result). */
export interface BackupRestoreResult {
  files: number;
  dirs: number;
  bytes: number;
}

/** The 共有 area (app.Share*): recipients, the chosen files, envelopes and the register. */
export type ShareRecipient = Plain<app.ShareRecipient>;
export type ShareItem = Plain<app.ShareItem>;
export type ShareSelection = Plain<app.ShareSelection>;
export type ShareEnvelope = Plain<app.ShareEnvelope>;
export type ShareRecord = Plain<app.ShareRecord>;
export type ShareFile = Plain<share.File>;
export type ShareOverride = Plain<app.ShareOverride>;
/** What the OS folder dialog of the area is asked for (its title). */
export type ShareFolderPurpose = 'send' | 'output' | 'open';
/** The package formats: one self-opening HTML file when small enough, or the .age file and the opener page. */
export type ShareFormat = 'auto' | 'html' | 'age';
/** What opening does with files that are already in the target folder. */
export type ShareConflict = '' | 'overwrite' | 'keep_both' | 'skip';
/** The create form (app.ShareCreateRequest). */
export interface ShareCreateRequest {
  client: string;
  person: string;
  paths: string[];
  purpose: string;
  message: string;
  /** YYYY-MM-DD, Japan time, inclusive */
  expires: string;
  output: string;
  format: ShareFormat;
  token: string;
  override?: ShareOverride;
  lang: string;
}
/** Opening a package or a return package (app.ShareOpenRequest). */
export interface ShareOpenRequest {
  path: string;
  passphrase: string;
  target: string;
  conflict: ShareConflict;
}
/** A return envelope to make (app.ShareEnvelopeRequest). */
export interface ShareEnvelopeRequest {
  client: string;
  person: string;
  message: string;
  expires: string;
  lang: string;
}
/** Where the scan found a number (app.ShareFinding); never the number itself. */
export interface ShareFinding {
  file: string;
  inner?: string;
  kind: 'individual' | 'corporate' | string;
  line?: number;
  column?: number;
  sheet?: string;
  cell?: string;
  page?: number;
  paragraph?: number;
}
/** A file the scan could not search (app.ShareUnscanned). */
export interface ShareUnscanned {
  file: string;
  inner?: string;
  reason: string;
}
/** The outcome of a share.scan job (app.ShareScan, in the job:done result). */
export interface ShareScan {
  files: number;
  bytes: number;
  individual: number;
  corporate: number;
  findings: ShareFinding[] | null;
  unscanned: ShareUnscanned[] | null;
  canOverride: boolean;
  token: string;
}
/** The outcome of a share.create job (app.ShareCreated): the passphrase is shown once. */
export interface ShareCreated {
  id: string;
  files: string[] | null;
  passphrase: string;
  kana: string[] | null;
  expires: string;
  bytes: number;
}
/** The manifest of a package (share.Manifest). */
export interface ShareManifest {
  format: string;
  version: number;
  kind: 'package' | 'return' | string;
  id: string;
  office: string;
  client?: string;
  recipient?: string;
  sender?: string;
  message?: string;
  created: string;
  expires: string;
  envelope?: string;
  files: ShareFile[] | null;
}
/** The outcome of a share.open or share.receive job (app.ShareOpened). */
export interface ShareOpened {
  manifest: ShareManifest;
  target: string;
  written: string[] | null;
  skipped: string[] | null;
  client?: string;
  record?: string;
}

/** records.ClientKind values. */
export type ClientKind = 'corporation' | 'sole_proprietor' | 'individual';
/** records.PersonRole values. */
export type PersonRole = 'officer' | 'employee' | 'dependent' | 'payee';
/** records.RelationKind values. */
export type RelationKind = 'spouse' | 'child' | 'parent' | 'other';

/** A 本人確認 as the acquisition form sends it (mynumber.Verification). */
export interface Verification {
  number_doc: string;
  identity_docs: string[];
  method: string;
  verified_by: string;
  /** YYYY-MM-DD */
  verified_at: string;
}

/** The acquisition form (app.AcquireRequest). number and confirm are the two typed entries. */
export interface AcquireRequest {
  client: string;
  person: string;
  number: string;
  confirm: string;
  role: string;
  purposes: string[];
  verification: Verification;
  scans: number[][];
  versions: string[];
}

/** The phases of VaultState (app.Phase*): which screen the window shows. */
export type VaultPhase = 'setup' | 'choose' | 'locked' | 'open';
/** access.Role values as the journal stores them. */
export type Role = 'admin' | 'handler' | 'staff' | 'auditor';
/** access.Level values as the journal stores them. */
export type Level = 'edit' | 'read' | 'hidden';

/** The first-run wizard's "create a vault here" (app.CreateRequest). */
export interface CreateRequest {
  folder: string;
  name: string;
  login: string;
  userName: string;
  password: string;
  handler: boolean;
}

/** The form of "ユーザーを追加" (app.NewUserRequest). */
export interface NewUserRequest {
  login: string;
  name: string;
  password: string;
  role: Role;
  default: Level;
  handler: boolean;
}

/** An edit of a user (app.UserChangeRequest). */
export interface UserChangeRequest {
  name: string;
  role: Role;
  default: Level;
  handler: boolean;
  disabled: boolean;
}

/** One finding of the vault check (vault.Problem, in the job:done result). */
export interface VerifyProblem {
  kind: 'chain' | 'quarantine' | 'replica' | 'blob' | string;
  device?: string;
  segment?: number;
  op?: string;
  author?: string;
  reason: string;
  /** The file in the vault folder, relative to it ("blobs/<id>", "journal/<device>/<n>.seg"). */
  file?: string;
}

/** The outcome of the vault check (vault.Report). */
export interface VerifyReport {
  devices: number;
  segments: number;
  ops: number;
  problems: VerifyProblem[] | null;
}

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

/**
 * onFileDrop follows files dropped on an element styled
 * --wails-drop-target: drop (Wails gives their paths on this PC); returns
 * the unsubscribe. Without the Wails runtime (the browser test server)
 * nothing is dropped: the area's buttons pick files instead.
 */
export function onFileDrop(cb: (paths: string[]) => void): () => void {
  const rt = typeof window === 'undefined' ? undefined : (window.runtime as { OnFileDrop?: unknown } | undefined);
  if (!rt || typeof rt.OnFileDrop !== 'function') return () => {};
  OnFileDrop((_x, _y, paths) => cb(paths), true);
  return () => OnFileDropOff();
}

/** toBase64 encodes bytes the way Go's encoding/json expects a []byte. */
export function toBase64(data: ArrayBuffer): string {
  const bytes = new Uint8Array(data);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export const bridge = {
  system: {
    info: () => call(() => System.Info()),
  },
  jobs: {
    list: () => call(() => Jobs.ListJobs()),
    cancel: (id: string) => call(() => Jobs.CancelJob(id)),
  },
  vault: {
    state: () => call(() => Vault.State()),
    open: (id: string) => call(() => Vault.Open(id)),
    // The request types are structurally the generated classes; the casts
    // avoid constructing them (their constructors are only for decoding).
    create: (req: CreateRequest) => call(() => Vault.Create(req as app.CreateRequest)),
    join: (folder: string) => call(() => Vault.Join(folder)),
    joinStart: (folder: string) => call(() => Vault.JoinStart(folder)),
    createDemo: () => call(() => Vault.CreateDemo()),
    leaveDemo: () => call(() => Vault.LeaveDemo()),
    login: (login: string, password: string, remember: boolean) => call(() => Vault.Login(login, password, remember)),
    loginRemembered: (userId: string) => call(() => Vault.LoginRemembered(userId)),
    /** cancelLogin stops a login still reading the office (the first on a PC that joined); the login form comes back. */
    cancelLogin: () => call(() => Vault.CancelLogin()),
    forget: (userId: string) => call(() => Vault.Forget(userId)),
    lock: () => call(() => Vault.Lock()),
    touch: () => call(() => Vault.Touch()),
    changePassword: (oldPassword: string, newPassword: string) => call(() => Vault.ChangePassword(oldPassword, newPassword)),
    resetPassword: (login: string, recoveryKey: string, newPassword: string) =>
      call(() => Vault.ResetPassword(login, recoveryKey, newPassword)),
    status: () => call(() => Vault.Status()),
    syncNow: () => call(() => Vault.SyncNow()),
    verify: () => call(() => Vault.Verify()),
    addUser: (req: NewUserRequest) => call(() => Vault.AddUser(req as app.NewUserRequest)),
    updateUser: (id: string, change: UserChangeRequest) => call(() => Vault.UpdateUser(id, change as app.UserChangeRequest)),
    matrix: () => call(() => Vault.Matrix()),
    setLevel: (userId: string, clientId: string, level: Level | '') => call(() => Vault.SetLevel(userId, clientId, level)),
    /** setLevelsStart sets one user's level on many clients in one change, as a job ("access.levels": progress, cancel); its result is the BulkResult. */
    setLevelsStart: (userId: string, clientIds: string[], level: Level | '') => call(() => Vault.SetLevelsStart(userId, clientIds, level)),
    /** setDefaultLevelStart sets what new clients give a user, as a job ("access.default"); keep leaves existing clients at their present level. */
    setDefaultLevelStart: (userId: string, level: Level, keep: boolean) => call(() => Vault.SetDefaultLevelStart(userId, level, keep)),
    setOwnerOnly: (clientId: string, ownerOnly: boolean) => call(() => Vault.SetOwnerOnly(clientId, ownerOnly)),
    grantMyNumber: (userId: string, clientId: string) => call(() => Vault.GrantMyNumber(userId, clientId)),
    revokeMyNumber: (userId: string, clientId: string) => call(() => Vault.RevokeMyNumber(userId, clientId)),
    createClient: (name: string, ownerOnly: boolean) => call(() => Vault.CreateClient(name, ownerOnly)),
    conflicts: () => call(() => Vault.Conflicts()),
    resolveConflict: (target: string, keepOp: string) => call(() => Vault.ResolveConflict(target, keepOp)),
    /** heldChanges lists the held record edits, without content (責任者 only). */
    heldChanges: () => call(() => Vault.HeldChanges()),
    /** heldChange opens one held edit, content included (logged as opening the record). */
    heldChange: (op: string) => call(() => Vault.HeldChange(op)),
    /** reapply writes a held edit's content as a new version under the user's own name; returns its id. */
    reapply: (op: string) => call(() => Vault.Reapply(op)),
    /** rotateRecovery issues a new recovery key (責任者, who gives their password again) and returns its sheet, shown once. */
    rotateRecovery: (password: string) => call(() => Vault.RotateRecovery(password)),
  },
  clients: {
    search: (q: string, limit: number) => call(() => Clients.Search(q, limit)),
    list: () => call(() => Clients.Clients()),
    /** codeConflicts lists the client codes several clients share (registered on two PCs before they synced). */
    codeConflicts: () => call(() => Clients.CodeConflicts()),
    get: (id: string) => call(() => Clients.Client(id)),
    /** create adds a client; ownerOnly makes it 所長のみ and hidden (user ids) are 開示不能 on it from its creation (責任者 only). */
    create: (c: Client, ownerOnly: boolean, hidden: string[]) => call(() => Clients.CreateClient(c as records.Client, ownerOnly, hidden)),
    update: (c: Client, versions: string[]) => call(() => Clients.UpdateClient(c as records.Client, versions)),
    people: (client: string) => call(() => Clients.People(client)),
    person: (client: string, id: string) => call(() => Clients.Person(client, id)),
    savePerson: (p: Person, versions: string[]) => call(() => Clients.SavePerson(p as records.Person, versions)),
    deletePerson: (client: string, id: string, versions: string[]) => call(() => Clients.DeletePerson(client, id, versions)),
    /**
     * importPreview parses a CSV file or an Excel workbook (nothing is
     * written); Go tells them apart by content, then by name's extension.
     * Go takes the bytes as []byte, which Wails decodes from a base64
     * string; mapping null lets Go guess it from the column titles.
     */
    importPreview: (kind: ImportKind, name: string, data: ArrayBuffer, encoding: ImportEncoding, mapping: string[] | null) =>
      call(() => Clients.ImportPreview(kind, name, toBase64(data) as unknown as number[], encoding, mapping as string[])),
    /** saveExport asks where to save, then Go writes the list (never a My Number); it resolves to the path, or "" when cancelled. */
    saveExport: (kind: ImportKind, format: ExportFormat, encoding: SaveEncoding | '', lang: string) =>
      call(() => Clients.SaveExport(kind, format, encoding, lang)),
    /**
     * importCommit starts the job that writes the previewed file, a few
     * thousand rows per transaction (cancelled part-way, it keeps what it
     * committed and ends with import.partial); it returns the job id. Imported clients are created 所長のみ
     * (ownerOnly) and with hidden (user ids) 開示不能 on them (責任者 only).
     */
    importCommit: (token: string, ownerOnly: boolean, hidden: string[]) => call(() => Clients.ImportCommit(token, ownerOnly, hidden)),
  },
  numbers: {
    /** info is the masked record, or null when the person has no number on file. */
    info: (client: string, person: string) => call(() => Numbers.Info(client, person) as Promise<NumberView | null>),
    acquire: (req: AcquireRequest) => call(() => Numbers.Acquire(req as unknown as app.AcquireRequest)),
    reveal: (client: string, person: string, purpose: string) => call(() => Numbers.Reveal(client, person, purpose)),
    /** conceal tells Go a revealed number is masked again (screen-capture protection). */
    conceal: () => call(() => Numbers.Conceal()),
    /** copied records in the access log that a revealed number went to the clipboard. */
    copied: (client: string, person: string, purpose: string) => call(() => Numbers.Copied(client, person, purpose)),
    proposeErasure: (client: string, person: string, reason: string, docs: string[]) =>
      call(() => Numbers.ProposeErasure(client, person, reason, docs)),
    approveErasure: (id: string) => call(() => Numbers.ApproveErasure(id)),
    erasures: () => call(() => Numbers.Erasures()),
    choices: () => call(() => Numbers.Choices()),
    retention: () => call(() => Numbers.Retention()),
    filingCandidates: (client: string, purpose: string) => call(() => Numbers.FilingCandidates(client, purpose)),
    /** saveFiling asks where to save, then Go writes the numbers to the file; they never reach the page. */
    saveFiling: (req: FilingRequest, encoding: SaveEncoding, lang: string) =>
      call(() => Numbers.SaveFiling(req as unknown as office.FilingRequest, encoding, lang)),
  },
  reports: {
    ledger: () => call(() => Reports.Ledger()),
    /** saveLedger asks where to save and writes the 管理台帳; it resolves to the path, or "" when cancelled. */
    saveLedger: (format: 'pdf' | 'csv', encoding: SaveEncoding | '', lang: string) => call(() => Reports.SaveLedger(format, encoding, lang)),
    /** printed records in the access log that a report is about to be printed. */
    printed: (what: string) => call(() => Reports.Printed(what)),
  },
  logs: {
    /** open reads what arrived since the last call and returns the summary; access.not_auditor for other roles. */
    open: () => call(() => Logs.Open() as Promise<LogSummary>),
    query: (filter: LogFilter, offset: number, limit: number, newestFirst: boolean) =>
      call(() => Logs.Query({ filter, offset, limit, newestFirst } as app.LogQuery) as Promise<LogPage>),
    stats: (filter: LogFilter) => call(() => Logs.Stats(filter as audit.Filter) as Promise<LogStats>),
    touched: (filter: LogFilter) => call(() => Logs.Touched(filter as audit.Filter) as Promise<LogToucher[]>),
    reviews: () => call(() => Logs.Reviews()),
    confirmReview: (month: string, note: string) => call(() => Logs.ConfirmReview(month, note)),
    /** verify starts the "log.verify" job; its result (a LogVerifyView) arrives in job:done. */
    verify: () => call(() => Logs.Verify()),
    /** saveReport asks where to save and writes the report; it resolves to the path, or "" when cancelled. */
    saveReport: (filter: LogFilter, subject: LogSubject | null, format: 'pdf' | 'csv', encoding: SaveEncoding | '', lang: string) =>
      call(() => Logs.SaveReport(filter as audit.Filter, subject as audit.Subject, format, encoding, lang)),
  },
  backup: {
    overview: () => call(() => Backup.Overview() as Promise<BackupOverview>),
    /** chooseFolder shows the OS folder dialog; "" when cancelled. */
    chooseFolder: (purpose: FolderPurpose, lang: string) => call(() => Backup.ChooseFolder(purpose, lang)),
    savePlan: (p: BackupPlan) => call(() => Backup.SavePlan(p as app.BackupPlan) as Promise<BackupPlan>),
    deletePlan: (id: string) => call(() => Backup.DeletePlan(id)),
    /** runNow starts the "backup.run" job; it returns the job id. */
    runNow: (id: string) => call(() => Backup.RunNow(id)),
    history: (id: string) => call(() => Backup.History(id) as Promise<BackupRun[] | null>),
    snapshots: (id: string) => call(() => Backup.Snapshots(id) as Promise<BackupSnapshot[] | null>),
    browse: (id: string, snapshot: string, dir: string) => call(() => Backup.Browse(id, snapshot, dir) as Promise<BackupEntry[] | null>),
    /** restore starts the "backup.restore" job (target must not exist); it returns the job id. */
    restore: (id: string, snapshot: string, path: string, target: string) => call(() => Backup.Restore(id, snapshot, path, target)),
    /** verify starts the "backup.verify" job; its BackupVerifyReport arrives in job:done. */
    verify: (id: string, full: boolean) => call(() => Backup.Verify(id, full)),
    clearFlag: (id: string) => call(() => Backup.ClearFlag(id)),
    purges: (erasure: string) => call(() => Backup.Purges(erasure) as Promise<BackupPurge[] | null>),
    inspectDestination: (path: string) => call(() => Backup.InspectDestination(path) as Promise<BackupDestInfo>),
    /** restoreNewPC starts the guided restore (a "backup.restore" job); the key is typed from the recovery sheet and never kept. */
    restoreNewPC: (path: string, recovery: string, vaultTarget: string, folders: Record<string, string>) =>
      call(() => Backup.RestoreNewPC(path, recovery, vaultTarget, folders)),
  },
  share: {
    recipients: (client: string) => call(() => Share.Recipients(client) as Promise<ShareRecipient[] | null>),
    /** chooseFiles shows the OS dialog for files to send; [] when cancelled. */
    chooseFiles: (lang: string) => call(() => Share.ChooseFiles(lang) as Promise<string[] | null>),
    /** chooseFolder shows the OS folder dialog; "" when cancelled. */
    chooseFolder: (purpose: ShareFolderPurpose, lang: string) => call(() => Share.ChooseFolder(purpose, lang)),
    /** choosePackage shows the OS dialog for a package (.age, .html); "" when cancelled. */
    choosePackage: (lang: string) => call(() => Share.ChoosePackage(lang)),
    collect: (paths: string[]) => call(() => Share.Collect(paths) as Promise<ShareSelection>),
    /** scan starts the "share.scan" job; its ShareScan arrives in job:done. */
    scan: (client: string, paths: string[]) => call(() => Share.Scan(client, paths)),
    /** create starts the "share.create" job; its ShareCreated arrives in job:done. */
    create: (req: ShareCreateRequest) => call(() => Share.Create(req as unknown as app.ShareCreateRequest)),
    /** open starts the "share.open" (or "share.receive") job; its ShareOpened arrives in job:done. */
    open: (req: ShareOpenRequest) => call(() => Share.Open(req as app.ShareOpenRequest)),
    createEnvelope: (req: ShareEnvelopeRequest) => call(() => Share.CreateEnvelope(req as app.ShareEnvelopeRequest) as Promise<ShareEnvelope>),
    envelopes: (client: string) => call(() => Share.Envelopes(client) as Promise<ShareEnvelope[] | null>),
    revokeEnvelope: (client: string, id: string) => call(() => Share.RevokeEnvelope(client, id)),
    register: (client: string) => call(() => Share.Register(client) as Promise<ShareRecord[] | null>),
    /** saveCopy saves the outgoing copy again; it resolves to the path, or "" when cancelled. */
    saveCopy: (client: string, id: string) => call(() => Share.SaveCopy(client, id)),
    /** passphraseShown / passphraseHidden bracket the passphrase on screen (capture protection). */
    passphraseShown: () => call(() => Share.PassphraseShown()),
    passphraseHidden: () => call(() => Share.PassphraseHidden()),
  },
};
