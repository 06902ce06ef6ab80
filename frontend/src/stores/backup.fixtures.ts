// Fixtures of the バックアップ area as the Go side reports them. Only tests import this file.
import { fakeVault } from '../testing';

const day = 24 * 3600e3;
const now = Date.parse('2026-12-05T18:30:00+09:00');
const iso = (ms: number) => new Date(ms).toISOString();

export const backupTimes = { now, day, iso };

export function planFixture(over: Record<string, unknown> = {}) {
  return {
    id: 'p1',
    name: '事務所 USB',
    device: 'd1',
    deviceName: 'JIMUSHO-PC1',
    mine: true,
    vault: true,
    sources: [{ path: 'C:\\Users\\taro\\Documents\\会計データ', excludes: ['*.tmp'] }],
    excludes: ['Thumbs.db'],
    dest: { id: 'dest1', path: 'E:\\KinkoBackup', label: 'USB（BUFFALO）', volumeId: 'ABCD-1234', present: true },
    schedule: { watch: true, quietSeconds: 60, daily: '18:30' },
    state: {
      lastRun: iso(now - 3 * day),
      lastSuccess: iso(now - 3 * day),
      nextRun: iso(now + 3600e3),
      daysSince: 3,
      level: 'notice',
      result: 'incomplete',
      running: '',
    },
    ...over,
  };
}

export const otherPlan = planFixture({
  id: 'p2',
  name: '受付 PC の NAS',
  device: 'd2',
  deviceName: 'UKETSUKE-PC',
  mine: false,
  vault: false,
  sources: [{ path: 'D:\\スキャン', excludes: [] }],
  dest: { id: 'dest2', path: '\\\\NAS\\backup', label: 'NAS 共有フォルダ', volumeId: '', present: false },
  state: { lastRun: '0001-01-01T00:00:00Z', lastSuccess: '0001-01-01T00:00:00Z', nextRun: '0001-01-01T00:00:00Z', daysSince: -1, level: 'alert', result: '' },
});

export function overviewFixture(over: Record<string, unknown> = {}) {
  return { plans: [planFixture(), otherPlan], device: 'd1', deviceName: 'JIMUSHO-PC1', canManage: true, level: 'notice', daysSince: 3, office: 'alert', ...over };
}

export const runsFixture = [
  {
    at: iso(now - 3 * day),
    millis: 12_500,
    result: 'incomplete',
    files: 1234,
    bytes: 5 * 1024 * 1024 * 1024,
    written: 12 * 1024 * 1024,
    errors: [{ path: '会計データ/弥生会計.db', reason: 'locked' }],
    snapshot: 's2',
  },
  { at: iso(now - 4 * day), millis: 65_000, result: 'ok', files: 1200, bytes: 5 * 1024 * 1024 * 1024, written: 3 * 1024 * 1024 * 1024, snapshot: 's1' },
];

export const snapshotsFixture = [
  { id: 's2', source: 'C:\\Users\\taro\\Documents\\会計データ', host: 'JIMUSHO-PC1', at: iso(now - 3 * day), files: 1234, bytes: 5e9, partial: true, flagged: false },
  { id: 's1', source: 'C:\\Users\\taro\\Documents\\会計データ', host: 'JIMUSHO-PC1', at: iso(now - 4 * day), files: 1200, bytes: 5e9, partial: false, flagged: false },
];

export const entriesFixture = [
  { name: '申告書.pdf', dir: false, size: 2048, modified: iso(now - 5 * day) },
  { name: '2026年度', dir: true, size: 0, modified: iso(now - 5 * day) },
];

/** fakeBackup is a BackupService answering from the fixtures; override any method. */
export function fakeBackup(overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
  return {
    Overview: () => overviewFixture(),
    ChooseFolder: () => 'F:\\復元先',
    SavePlan: (p: unknown) => ({ ...(p as object), id: (p as { id?: string }).id || 'p9' }),
    DeletePlan: () => undefined,
    RunNow: () => 'job-run',
    History: () => runsFixture,
    Snapshots: () => snapshotsFixture,
    Browse: () => entriesFixture,
    Restore: () => 'job-restore',
    Verify: () => 'job-verify',
    ClearFlag: () => undefined,
    Purges: () => [],
    InspectDestination: () => ({ id: 'dest1', label: 'USB（BUFFALO）', vault: 'v1', created: iso(now - 100 * day), latest: [] }),
    RestoreNewPC: () => 'job-newpc',
    ...overrides,
  };
}

export { fakeVault };
