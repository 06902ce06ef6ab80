import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { App } from 'antd';
import i18n from 'i18next';
import { initI18n } from '../i18n';
import { useJobs } from '../stores/jobs';
import { JobNotifier } from './JobNotifier';

describe('JobNotifier', () => {
  beforeAll(() => initI18n('ja'));
  afterEach(async () => {
    cleanup();
    useJobs.setState({ lastDone: undefined });
    await i18n.changeLanguage('ja');
  });

  it('announces a finished job once, and not again when the language changes', async () => {
    render(
      <App>
        <JobNotifier />
      </App>,
    );
    act(() => useJobs.setState({ lastDone: { id: 'j1', kind: 'log.verify', status: 'ok' } }));
    expect(await screen.findByText('アクセスログの検証が完了しました')).toBeTruthy();
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByText('Access log check finished')).toBeNull();
  });
});
