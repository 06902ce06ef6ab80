import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import { installFakeGo, type FakeGo } from '../../testing';
import { resetAuditForTests, useAudit } from '../../stores/audit';
import { VerifyTab } from './VerifyTab';

const names = {
  users: { u1: '山田 太郎', u2: '佐藤 花子' },
  devices: { d1: 'JIMU-PC01（yamada）', d2: 'JIMU-PC02（sato）' },
  clients: {},
  persons: {},
  personClient: {},
};

/** startCheck shows the tab and starts a check, as its button does; it returns the store's unsubscribe. */
async function startCheck(): Promise<() => void> {
  const stop = useAudit.getState().start();
  render(
    <App>
      <VerifyTab />
    </App>,
  );
  await act(async () => {
    await useAudit.getState().verify();
  });
  return stop;
}

describe('the 改ざん検証 tab', () => {
  let go: FakeGo;
  beforeAll(() => initI18n('ja'));
  beforeEach(() => resetAuditForTests());
  afterEach(() => {
    cleanup();
    go.restore();
  });

  it('names the first bad entry, the user it claims and who signed over it; a torn tail is not tampering', async () => {
    go = installFakeGo({ LogService: { Verify: () => 'job-7' } });
    const stop = await startCheck();
    expect(screen.getByTestId('audit-verify-progress')).toBeTruthy();
    act(() =>
      go.emit('job:done', {
        id: 'job-7',
        kind: 'log.verify',
        status: 'ok',
        result: {
          report: {
            devices: 2,
            ops: 20_000,
            entries: 10_000,
            checkpoints: 40,
            problems: [{ kind: 'checkpoint', device: 'd2', seq: 4097, op: 'd2.4097', author: 'u2', signer: 'u1' }],
            torn: [{ device: 'd1', segment: 12, after: 9_000 }],
            tails: [{ device: 'd1', from: 9_001, to: 9_003, unsigned: 2 }],
          },
          names,
        },
      }),
    );
    expect(screen.getByTestId('audit-verify-bad').textContent).toContain('改ざんの疑いが 1 か所見つかりました');
    const problem = screen.getByTestId('audit-verify-problem').textContent ?? '';
    expect(problem).toContain('JIMU-PC02（sato）');
    expect(problem).toContain('4097 件目');
    expect(problem).toContain('山田 太郎'); // the signer
    expect(problem).toContain('佐藤 花子'); // the user the bad entry claims
    expect(screen.getByText('最初に疑わしい記録の ID: d2.4097')).toBeTruthy();
    expect(screen.getByTestId('audit-verify-torn').textContent).toContain('改ざんではありません');
    expect(screen.getByText(/ロック中に記録された 2 件/)).toBeTruthy();
    expect(screen.queryByTestId('audit-verify-ok')).toBeNull();
    stop();
  });

  it('can be cancelled, and then shows no result', async () => {
    go = installFakeGo({ LogService: { Verify: () => 'job-9' }, Jobs: { CancelJob: () => undefined } });
    const stop = await startCheck();
    act(() => screen.getByTestId('audit-verify-cancel').click());
    expect(go.calls.some(([svc, m, [id]]) => svc === 'Jobs' && m === 'CancelJob' && id === 'job-9')).toBe(true);
    act(() => go.emit('job:done', { id: 'job-9', kind: 'log.verify', status: 'canceled' }));
    expect(screen.queryByTestId('audit-verify-progress')).toBeNull();
    expect(screen.queryByTestId('audit-verify-report')).toBeNull();
    stop();
  });

  it('says when the folder cannot be read', async () => {
    go = installFakeGo({ LogService: { Verify: () => 'job-8' } });
    const stop = await startCheck();
    act(() => go.emit('job:done', { id: 'job-8', kind: 'log.verify', status: 'failed', error: { code: 'journal.unavailable' } }));
    expect(screen.getByTestId('audit-verify-error')).toBeTruthy();
    expect(screen.queryByTestId('audit-verify-progress')).toBeNull();
    stop();
  });
});
