import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import { useJobs } from '../../stores/jobs';
import { resetVaultForTests, useVault } from '../../stores/vault';
import { installFakeGo, type FakeGo } from '../../testing';
import { JoinStep } from './SetupWizard';

// Joining a vault is a job: the form shows its progress and a cancel
// button; a cancelled join says that joining again carries on.
describe('JoinStep', () => {
  let go: FakeGo;
  let stopJobs: () => void;

  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    resetVaultForTests();
    go = installFakeGo({
      VaultService: { JoinStart: () => 'job-9' },
      Jobs: {
        ListJobs: () => [],
        CancelJob: (id) => {
          setTimeout(() => go.emit('job:done', { id, kind: 'vault.join', status: 'canceled', error: { code: 'job.canceled' } }), 0);
          return null;
        },
      },
    });
    stopJobs = useJobs.getState().start();
  });
  afterEach(() => {
    stopJobs();
    cleanup();
    go.restore();
  });

  it('shows the progress, cancels, and says the next join carries on', async () => {
    render(
      <App>
        <JoinStep onBack={() => {}} />
      </App>,
    );
    fireEvent.change(screen.getByTestId('join-folder'), { target: { value: '\\\\NAS\\share\\金庫' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('join-submit'));
    });
    await waitFor(() => expect(useVault.getState().joinJob).toBe('job-9'));
    act(() => go.emit('job:progress', { id: 'job-9', kind: 'vault.join', stage: 'import', done: 3, total: 10 }));
    await waitFor(() => expect(screen.getByTestId('join-progress').textContent).toContain('30%'));
    expect(screen.getByTestId('join-progress').textContent).toContain('金庫フォルダから取り込み中');
    expect(go.calls.find(([s, m]) => s === 'VaultService' && m === 'JoinStart')?.[2]).toEqual(['\\\\NAS\\share\\金庫']);

    await act(async () => {
      fireEvent.click(screen.getByTestId('join-cancel'));
    });
    await waitFor(() => expect(screen.getByTestId('join-canceled')).toBeTruthy());
    expect(go.calls.some(([s, m, a]) => s === 'Jobs' && m === 'CancelJob' && a[0] === 'job-9')).toBe(true);
    expect(screen.queryByTestId('join-progress')).toBeNull();
    expect(screen.queryByTestId('join-error')).toBeNull();
    expect(useVault.getState().joinJob).toBeUndefined();
  });
});
