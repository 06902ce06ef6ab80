import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import App from '../App';
import { initI18n } from '../i18n';
import { useSettings } from '../stores/settings';
import { useNav } from '../stores/nav';
import { resetVaultForTests } from '../stores/vault';
import { fakeVault, installFakeGo, info, type FakeGo } from '../testing';

describe('the shell', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    localStorage.clear();
    resetVaultForTests();
    useSettings.getState().setLang('ja');
    useNav.getState().go('clients');
    go = installFakeGo({ System: { Info: () => info }, Jobs: { ListJobs: () => [], CancelJob: () => undefined }, VaultService: fakeVault() });
  });
  afterEach(() => {
    cleanup();
    go.restore();
  });

  it('shows every area in the side menu in Japanese', async () => {
    render(<App />);
    await screen.findByTestId('side-menu');
    for (const label of ['顧客', 'マイナンバー', 'バックアップ', '共有パッケージ', 'アクセスログ', 'ユーザーと権限', '同期と検証', '設定']) {
      expect(screen.getByRole('menuitem', { name: new RegExp(label) })).toBeTruthy();
    }
    expect(await screen.findByText(`データ: ${info.dataDir}`)).toBeTruthy();
  });

  it('opens settings with the installation facts', async () => {
    render(<App />);
    fireEvent.click(await screen.findByRole('menuitem', { name: /設定/ }));
    expect(await screen.findByText('表示言語')).toBeTruthy();
    expect(await screen.findByText('9.9.9')).toBeTruthy();
    expect(location.hash).toBe('#/settings');
  });

  it('switches to English and remembers the choice', async () => {
    render(<App />);
    await screen.findByTestId('side-menu');
    await act(async () => {
      fireEvent.click(screen.getAllByText('English')[0]);
    });
    expect(screen.getByRole('menuitem', { name: /Clients/ })).toBeTruthy();
    expect(localStorage.getItem('kinko.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('says so when the app is not connected', async () => {
    go.restore();
    render(<App />);
    expect(await screen.findByText(/アプリ本体に接続できません/)).toBeTruthy();
  });
});
