import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { initI18n } from '../i18n';
import { SyncView } from './SyncView';
import { resetVaultForTests, useVault } from '../stores/vault';
import { fakeVault, installFakeGo, openState, type FakeGo } from '../testing';

// The sync view says when records another PC wrote under a replaced key
// were sealed again under the current one.
describe('the sync view', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(() => {
    cleanup();
    go.restore();
    resetVaultForTests();
  });

  function mount(resealed: number, more: Record<string, unknown> = {}) {
    const status = { vault: 'v', name: '事務所', folder: '/nas', device: 'd1', reachable: true, lastSync: 0, outbox: 0, conflicts: 0, quarantined: 0, resealed, ops: 10, devices: [], ...more };
    go = installFakeGo({ VaultService: fakeVault(openState, { Status: () => status }) });
    useVault.setState({ state: openState as never, status: status as never });
    render(<SyncView />);
  }

  it('explains re-sealed records', async () => {
    mount(2);
    const alert = await screen.findByTestId('sync-resealed');
    expect(alert.textContent).toContain('2 件を、新しい鍵で暗号化し直しました');
    expect(alert.textContent).toContain('外された人');
  });

  it('says nothing when there were none', async () => {
    mount(0);
    await screen.findByTestId('area-vault');
    expect(screen.queryByTestId('sync-resealed')).toBeNull();
  });

  // A full vault folder is not "cannot connect": the office must free space, not check the cable.
  it('says the vault folder is full', async () => {
    mount(0, { reachable: false, folderFull: true, outbox: 3 });
    const state = await screen.findByTestId('sync-reachable');
    expect(state.textContent).toBe('ディスクがいっぱいです');
    expect(document.body.textContent).toContain('空きができ次第送られます');
    expect(document.body.textContent).not.toContain('接続できません');
  });

  it('says an unreachable folder cannot be reached', async () => {
    mount(0, { reachable: false });
    expect((await screen.findByTestId('sync-reachable')).textContent).toBe('接続できません');
  });
});
