import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { initI18n } from '../i18n';
import { BackupView } from './BackupView';
import { resetBackupForTests, useBackup } from '../stores/backup';
import { resetVaultForTests, useVault } from '../stores/vault';
import { useJobs } from '../stores/jobs';
import { installFakeGo, openState, type FakeGo } from '../testing';
import { fakeBackup, fakeVault, overviewFixture, planFixture, backupTimes } from '../stores/backup.fixtures';
import { BackupIndicator, OfficeBackupBanner } from './backup/BackupIndicator';
import { ErasurePurges } from './backup/ErasurePurges';

describe('the バックアップ area', () => {
  let go: FakeGo;
  let stop: () => void;
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(() => {
    cleanup();
    stop?.();
    go.restore();
    resetBackupForTests();
    resetVaultForTests();
    useJobs.setState({ jobs: {} });
  });

  function mount(overrides: Record<string, (...args: unknown[]) => unknown> = {}, ui: React.ReactNode = <BackupView />) {
    go = installFakeGo({ BackupService: fakeBackup(overrides), VaultService: fakeVault(), Jobs: { ListJobs: () => [], CancelJob: () => undefined } });
    useVault.setState({ state: openState as never });
    stop = useBackup.getState().start();
    return render(<AntApp>{ui}</AntApp>);
  }

  it('shows each plan’s state: days since in its level, destination, the unreadable files by name', async () => {
    mount();
    const card = await screen.findByTestId('backup-plan-status');
    expect(within(card).getByTestId('backup-level').textContent).toBe('注意');
    expect(within(card).getByTestId('backup-days').textContent).toBe('3 日前');
    expect(within(card).getByTestId('backup-last-success').textContent).toBe('2026年12月2日 18:30');
    expect(within(card).getByTestId('backup-dest-present').textContent).toBe('接続中');
    const unread = await within(card).findByTestId('backup-unread');
    expect(unread.textContent).toContain('読めなかったファイル 1 件');
    expect(unread.textContent).toContain('会計データ/弥生会計.db');
    expect(unread.textContent).toContain('ほかのプログラムが使用中');
    // The other PC's plan is listed, read-only.
    expect(screen.getByTestId('backup-others').textContent).toContain('UKETSUKE-PC');
    expect(screen.getByTestId('backup-office-level').textContent).toContain('2 週間以上');
  });

  it('runs a plan with a progress bar and a cancel button', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('backup-run-now'));
    await waitFor(() => expect(go.calls).toContainEqual(['BackupService', 'RunNow', ['p1']]));
    act(() => go.emit('job:progress', { id: 'job-run', kind: 'backup.run', stage: 'backup.upload', done: 5, total: 10 }));
    useJobs.setState({ jobs: { 'job-run': { id: 'job-run', kind: 'backup.run', stage: 'backup.upload', done: 5, total: 10, cancelling: false } } });
    const progress = await screen.findByTestId('backup-run-progress');
    expect(progress.textContent).toContain('保存先へ書き込み中');
    expect(progress.textContent).toContain('50%');
    fireEvent.click(screen.getByTestId('backup-run-cancel'));
    await waitFor(() => expect(go.calls).toContainEqual(['Jobs', 'CancelJob', ['job-run']]));
  });

  it('names the last good snapshot of a flagged run; only an administrator may clear the flag', async () => {
    const flag = { snapshot: 's3', at: backupTimes.iso(backupTimes.now), changed: 300, total: 1000, highEntropy: 280, renamed: 0, lastGood: 's2', lastGoodTime: backupTimes.iso(backupTimes.now - backupTimes.day) };
    const flagged = overviewFixture({ plans: [planFixture({ state: { ...planFixture().state, flag, result: 'flagged' } })] });
    mount({ Overview: () => flagged });
    const alert = await screen.findByTestId('backup-flag');
    expect(alert.textContent).toContain('1000 ファイル中 300 ファイル');
    expect(screen.getByTestId('backup-flag-last-good').textContent).toBe('最後の正常なバックアップ：2026年12月4日 18:30（復元タブから復元できます）');
    fireEvent.click(screen.getByTestId('backup-flag-clear'));
    fireEvent.click(await screen.findByTestId('backup-flag-clear-ok'));
    await waitFor(() => expect(go.calls).toContainEqual(['BackupService', 'ClearFlag', ['p1']]));

    cleanup();
    stop();
    go.restore();
    resetBackupForTests();
    mount({ Overview: () => ({ ...flagged, canManage: false }) });
    await screen.findByTestId('backup-flag');
    expect(screen.queryByTestId('backup-flag-clear')).toBeNull();
  });

  it('lets an administrator add a plan: folders with excludes, destination, schedule', async () => {
    mount({ Overview: () => overviewFixture({ plans: [] }) });
    fireEvent.click(await screen.findByTestId('backup-go-plans'));
    fireEvent.click(await screen.findByTestId('backup-plan-add'));
    const form = await screen.findByTestId('backup-plan-form');
    fireEvent.change(within(form).getByTestId('backup-plan-name'), { target: { value: '事務所 USB' } });
    fireEvent.click(within(form).getByTestId('backup-plan-add-source'));
    fireEvent.change(await within(form).findByTestId('backup-plan-source-0'), { target: { value: 'C:\\会計データ' } });
    fireEvent.click(within(form).getByTestId('backup-plan-dest-choose'));
    await waitFor(() => expect((within(form).getByTestId('backup-plan-dest') as HTMLInputElement).value).toBe('F:\\復元先'));
    fireEvent.change(within(form).getByTestId('backup-plan-daily'), { target: { value: '19:00' } });
    fireEvent.click(within(form).getByTestId('backup-plan-save'));
    await waitFor(() => expect(go.calls.some((c) => c[1] === 'SavePlan')).toBe(true));
    const saved = go.calls.find((c) => c[1] === 'SavePlan')![2][0] as ReturnType<typeof planFixture>;
    expect(saved).toMatchObject({
      name: '事務所 USB',
      mine: true,
      vault: true,
      device: 'd1',
      sources: [{ path: 'C:\\会計データ', excludes: [] }],
      excludes: ['~$*', '*.tmp', 'Thumbs.db'],
      dest: { path: 'F:\\復元先' },
      schedule: { watch: true, quietSeconds: 60, daily: '19:00' },
    });
    expect(go.calls.find((c) => c[1] === 'ChooseFolder')![2]).toEqual(['destination', 'ja']);
  });

  it('refuses a malformed daily time without calling Go', async () => {
    mount({ Overview: () => overviewFixture({ plans: [] }) });
    fireEvent.click(await screen.findByTestId('backup-go-plans'));
    fireEvent.click(await screen.findByTestId('backup-plan-add'));
    const form = await screen.findByTestId('backup-plan-form');
    fireEvent.change(within(form).getByTestId('backup-plan-name'), { target: { value: 'x' } });
    fireEvent.change(within(form).getByTestId('backup-plan-dest'), { target: { value: 'E:\\b' } });
    fireEvent.change(within(form).getByTestId('backup-plan-daily'), { target: { value: '25:00' } });
    fireEvent.click(within(form).getByTestId('backup-plan-save'));
    expect(await within(form).findByText('時刻は 18:30 の形で入力してください。')).toBeTruthy();
    expect(go.calls.some((c) => c[1] === 'SavePlan')).toBe(false);
  });

  it('shows plans read-only to staff', async () => {
    mount({ Overview: () => overviewFixture({ canManage: false }) });
    await screen.findByTestId('backup-plan-status');
    act(() => useBackup.getState().setTab('plans'));
    await screen.findByTestId('backup-plans');
    expect(screen.queryByTestId('backup-plan-add')).toBeNull();
    expect(screen.queryByTestId('backup-plan-edit')).toBeNull();
    expect(screen.getByTestId('backup-plans').textContent).toContain('計画の追加と変更は責任者だけができます。');
  });

  it('lists the history with durations and sizes', async () => {
    mount();
    await screen.findByTestId('backup-plan-status');
    act(() => useBackup.getState().setTab('history'));
    const table = await screen.findByTestId('backup-history');
    await waitFor(() => expect(within(table).getAllByTestId('backup-history-at').length).toBe(2));
    expect(table.textContent).toContain('12.5 秒');
    expect(table.textContent).toContain('1 分 05 秒');
    expect(table.textContent).toContain('1,234');
    expect(table.textContent).toContain('5 GB');
    expect(table.textContent).toContain('12 MB');
    expect(table.textContent).toContain('一部読めないファイルあり');
  });

  it('browses a snapshot, restores one file, and shows the refusal of an existing target', async () => {
    mount({ Restore: () => { throw '{"code":"backup.target_exists"}'; } });
    await screen.findByTestId('backup-plan-status');
    act(() => useBackup.getState().setTab('restore'));
    const opens = await screen.findAllByTestId('backup-snapshot-open');
    fireEvent.click(opens[0]);
    const browser = await screen.findByTestId('backup-browser');
    await waitFor(() => expect(within(browser).getAllByTestId('backup-entry-restore').length).toBe(2));
    // Folders first.
    expect(within(browser).getByTestId('backup-entry-dir').textContent).toContain('2026年度');
    const rows = within(browser).getAllByTestId('backup-entry-restore');
    fireEvent.click(rows[1]);
    const target = await screen.findByTestId('backup-restore-target');
    fireEvent.click(screen.getByTestId('backup-restore-target-choose'));
    // The dialog gives a folder; the restored file's name is added.
    await waitFor(() => expect((target as HTMLInputElement).value).toBe('F:\\復元先\\申告書.pdf'));
    fireEvent.click(screen.getByTestId('backup-restore-ok'));
    await waitFor(() => expect(go.calls).toContainEqual(['BackupService', 'Restore', ['p1', 's2', '申告書.pdf', 'F:\\復元先\\申告書.pdf']]));
    const refused = await screen.findByTestId('backup-restore-exists');
    expect(refused.textContent).toContain('F:\\復元先\\申告書.pdf はすでに存在するため、復元しませんでした。');
    expect(refused.textContent).toContain('上書きはしません');
  });

  it('verifies and names the damaged files', async () => {
    mount();
    await screen.findByTestId('backup-plan-status');
    act(() => useBackup.getState().setTab('verify'));
    fireEvent.click(await screen.findByTestId('backup-verify-full'));
    await waitFor(() => expect(go.calls).toContainEqual(['BackupService', 'Verify', ['p1', true]]));
    act(() =>
      go.emit('job:done', {
        id: 'job-verify',
        kind: 'backup.verify',
        status: 'failed',
        error: { code: 'backup.damaged' },
        result: { snapshots: 2, files: 10, bytes: 100, damaged: [{ snapshot: 's1', source: 'C:\\会計', path: '台帳.xlsx', reason: 'damaged' }] },
      }),
    );
    expect((await screen.findByTestId('backup-verify-bad')).textContent).toContain('壊れたファイルが 1 件見つかりました');
    expect(screen.getByTestId('backup-damaged-path').textContent).toBe('台帳.xlsx');
  });
});

describe('the backup warning outside the area', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(() => {
    cleanup();
    go.restore();
    resetBackupForTests();
  });

  function show(over: Record<string, unknown>) {
    go = installFakeGo({ BackupService: fakeBackup() });
    useBackup.setState({ overview: overviewFixture(over) as never });
    return render(
      <AntApp>
        <BackupIndicator />
        <OfficeBackupBanner />
      </AntApp>,
    );
  }

  it.each([
    ['ok', 0, '#389e0d', 'バックアップ済み'],
    ['notice', 3, '#d48806', '最後のバックアップから 3 日'],
    ['warning', 8, '#d4380d', '最後のバックアップから 8 日'],
    ['alert', -1, '#cf1322', 'バックアップがありません'],
  ])('escalates in the status bar: %s', (level, daysSince, colour, text) => {
    show({ level, daysSince, office: 'ok' });
    const el = screen.getByTestId('status-backup');
    expect(el.dataset.level).toBe(level);
    expect(el.textContent?.trim()).toBe(text);
    expect((el.firstElementChild as HTMLElement).style.color.toLowerCase()).toBe(colour);
  });

  it('says nothing without a plan', () => {
    show({ level: 'none', office: 'none' });
    expect(screen.queryByTestId('status-backup')).toBeNull();
  });

  it('shows the office-wide level to an administrator only, from a week on', () => {
    show({ office: 'alert' });
    expect(screen.getByTestId('office-backup-banner').textContent).toContain('2 週間以上');
    cleanup();
    show({ office: 'alert', canManage: false });
    expect(screen.queryByTestId('office-backup-banner')).toBeNull();
    cleanup();
    show({ office: 'notice' });
    expect(screen.queryByTestId('office-backup-banner')).toBeNull();
  });

  it('shows per destination whether an erasure is purged or pending', async () => {
    go = installFakeGo({
      BackupService: fakeBackup({
        Purges: () => [
          { dest: 'd1', label: 'USB（BUFFALO）', purged: '2026-12-05T09:30:00Z', pending: false },
          { dest: 'd2', label: 'NAS 共有フォルダ', purged: '0001-01-01T00:00:00Z', pending: true },
        ],
      }),
    });
    render(<ErasurePurges erasure="e1" />);
    const tags = await screen.findAllByTestId('erasure-purge');
    expect(tags.map((t) => t.textContent)).toEqual(['USB（BUFFALO）：2026年12月5日 18:30 に消去済み', 'NAS 共有フォルダ：未消去（次に接続したときに消去）']);
    expect(go.calls).toContainEqual(['BackupService', 'Purges', ['e1']]);
  });
});

vi.setConfig({ testTimeout: 20_000 });
