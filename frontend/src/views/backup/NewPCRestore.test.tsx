import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { initI18n } from '../../i18n';
import { SetupWizard } from '../setup/SetupWizard';
import { resetBackupForTests, useBackup } from '../../stores/backup';
import { resetVaultForTests, useVault } from '../../stores/vault';
import { useJobs } from '../../stores/jobs';
import { installFakeGo, lockedState, setupState, type FakeGo } from '../../testing';
import { backupTimes, fakeBackup, fakeVault, snapshotsFixture } from '../../stores/backup.fixtures';

// The first-run wizard's "restore from a backup": a new PC with only the
// installer, the destination and the recovery sheet.
describe('restore from a backup on a new PC', () => {
  let go: FakeGo;
  let stop: () => void;
  const key = 'AGE-SECRET-KEY-1QQQQQTESTKEY';
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

  function mount(overrides: Record<string, (...args: unknown[]) => unknown> = {}, vault: Record<string, (...args: unknown[]) => unknown> = {}) {
    go = installFakeGo({
      BackupService: fakeBackup({
        InspectDestination: (path) =>
          path === 'E:\\KinkoBackup'
            ? { id: 'dest1', label: 'USB（BUFFALO）', vault: 'v1', created: backupTimes.iso(backupTimes.now), latest: snapshotsFixture.slice(0, 1) }
            : (() => {
                throw '{"code":"backup.no_repository"}';
              })(),
        ...overrides,
      }),
      VaultService: fakeVault(setupState, vault),
      Jobs: { ListJobs: () => [], CancelJob: () => undefined },
    });
    useVault.setState({ state: setupState as never });
    stop = useBackup.getState().start();
    render(
      <AntApp>
        <SetupWizard />
      </AntApp>,
    );
  }

  async function toKeyStep() {
    fireEvent.click(await screen.findByTestId('setup-restore'));
    fireEvent.change(await screen.findByTestId('newpc-dest'), { target: { value: 'E:\\KinkoBackup' } });
    fireEvent.click(screen.getByTestId('newpc-inspect'));
    return screen.findByTestId('newpc-found');
  }

  it('says clearly when the folder holds no backup', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('setup-restore'));
    fireEvent.change(await screen.findByTestId('newpc-dest'), { target: { value: 'E:\\' } });
    fireEvent.click(screen.getByTestId('newpc-inspect'));
    expect((await screen.findByTestId('newpc-inspect-error')).textContent).toContain('金庫のバックアップがありません');
  });

  it('shows the marker, takes the key in a password field, restores as a job, then goes to the login', async () => {
    mount({}, { State: () => lockedState });
    const found = await toKeyStep();
    expect(found.textContent).toContain('USB（BUFFALO）');
    expect(found.textContent).toContain('v1');
    const keyField = screen.getByTestId('newpc-key') as HTMLInputElement;
    expect(keyField.type).toBe('password');
    expect(keyField.autocomplete).toBe('off');
    fireEvent.change(keyField, { target: { value: key } });
    fireEvent.change(screen.getByTestId('newpc-vault-target'), { target: { value: 'C:\\Kinko\\Vault' } });
    fireEvent.change(screen.getByTestId('newpc-folder-0'), { target: { value: 'C:\\復元\\会計データ' } });
    fireEvent.click(screen.getByTestId('newpc-start'));
    await waitFor(() =>
      expect(go.calls).toContainEqual(['BackupService', 'RestoreNewPC', ['E:\\KinkoBackup', key, 'C:\\Kinko\\Vault', { [snapshotsFixture[0].source]: 'C:\\復元\\会計データ' }]]),
    );
    // The key is nowhere in the app's state once it went to Go.
    expect(JSON.stringify(useBackup.getState())).not.toContain('TESTKEY');
    act(() => useJobs.setState({ jobs: { 'job-newpc': { id: 'job-newpc', kind: 'backup.restore', stage: 'backup.restore', done: 1, total: 4, cancelling: false } } }));
    expect((await screen.findByTestId('newpc-progress')).textContent).toContain('復元中');
    fireEvent.click(screen.getByTestId('newpc-cancel'));
    await waitFor(() => expect(go.calls).toContainEqual(['Jobs', 'CancelJob', ['job-newpc']]));
    act(() => go.emit('job:done', { id: 'job-newpc', kind: 'backup.restore', status: 'ok' }));
    fireEvent.click(await screen.findByTestId('newpc-login'));
    await waitFor(() => expect(useVault.getState().state?.phase).toBe('locked'));
  });

  it('tells a wrong recovery key in the sheet’s words and empties the field', async () => {
    mount({
      RestoreNewPC: () => {
        throw '{"code":"backup.wrong_password"}';
      },
    });
    await toKeyStep();
    fireEvent.change(screen.getByTestId('newpc-key'), { target: { value: 'AGE-SECRET-KEY-1WRONG' } });
    fireEvent.click(screen.getByTestId('newpc-start'));
    expect((await screen.findByTestId('newpc-error')).textContent).toContain('復旧キーが違います');
    await waitFor(() => expect((screen.getByTestId('newpc-key') as HTMLInputElement).value).toBe(''));
  });
});

vi.setConfig({ testTimeout: 20_000 });
