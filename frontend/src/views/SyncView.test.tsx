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
    const status = {
      vault: 'v',
      name: '事務所',
      folder: '/nas',
      device: 'd1',
      reachable: true,
      lastSync: 0,
      outbox: 0,
      conflicts: 0,
      quarantined: 0,
      resealed,
      ops: 10,
      devices: [],
      restored: 0,
      restoredBlobs: 0,
      unrestorable: 0,
      ...more,
    };
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
    expect(screen.queryByTestId('sync-restored')).toBeNull();
    expect(screen.queryByTestId('sync-unrestorable')).toBeNull();
  });

  // A vault folder put back to an older copy: this PC wrote its part back.
  it('says when this PC put journal files back into an older copy of the folder', async () => {
    mount(0, { restored: 3, restoredBlobs: 1 });
    const alert = await screen.findByTestId('sync-restored');
    expect(alert.textContent).toContain('金庫フォルダが以前のコピーに戻されていたため、この PC が書いた記録ファイル 3 個と保管ファイル 1 個を書き戻しました');
    expect(alert.textContent).toContain('失われた変更はありません');
  });

  // Another PC whose journal files the older copy lacks is waiting for
  // them, not damaged.
  it('shows a PC behind an older copy of the folder as waiting, not broken', async () => {
    const device = { id: 'd2', name: 'PC-2', osUser: '', os: '', addedBy: '', added: 0, self: false, segments: 7, lastOp: 0, broken: 'behind', brokenAt: 7 };
    mount(0, { devices: [device] } as never);
    await screen.findByTestId('device-behind');
    expect(screen.queryByTestId('device-broken')).toBeNull();
    const reason = await screen.findByTestId('device-broken-reason');
    expect(reason.textContent).toContain('記録ファイルを書いた PC が次の同期で書き戻します');
    expect(reason.textContent).toContain('記録ファイル 7 番から先が、その PC による書き戻し待ちです');
  });

  it('says when it could not put them back', async () => {
    mount(0, { unrestorable: 2 });
    const alert = await screen.findByTestId('sync-unrestorable');
    expect(alert.textContent).toContain('記録ファイル 2 個を書き戻せませんでした');
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
