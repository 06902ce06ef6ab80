import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../i18n';
import { resetVaultForTests, useVault } from '../stores/vault';
import { accounts, fakeVault, installFakeGo, openState, type FakeGo } from '../testing';
import { HeldCard } from './HeldChanges';

const held = {
  op: 'dev1.7',
  target: 'client/c1',
  kind: 'client',
  label: '株式会社あおば',
  author: '田中 次郎',
  authorId: 'u4',
  device: '受付の PC',
  time: Date.parse('2026-04-01T09:30:00+09:00'),
  reason: 'concurrent',
  open: true,
};
const content = JSON.stringify({ id: 'c1', kind: 'corporation', name: '株式会社あおば', notes: '田中のメモ', tags: ['月次', '年末調整'] });

// A 責任者 opens a change held because it was written concurrently with a
// revocation, reads who wrote it, where, when and what, and enters it
// again under their own name after a confirmation.
describe('held changes', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(() => {
    cleanup();
    go.restore();
    resetVaultForTests();
  });

  function mount(user: (typeof accounts)[number], list: unknown[]) {
    go = installFakeGo({
      VaultService: fakeVault(openState, {
        HeldChanges: () => list,
        HeldChange: () => ({ ...held, text: content }),
        Reapply: () => 'a1.42',
      }),
    });
    useVault.setState({ state: { ...openState, user } as never });
    render(
      <App>
        <HeldCard quarantined={list.length} />
      </App>,
    );
  }
  const called = (name: string) => go.calls.filter(([s, n]) => s === 'VaultService' && n === name).map(([, , a]) => a);

  it('shows the content and re-applies it under the 責任者', async () => {
    mount(accounts[0], [held, { ...held, op: 'dev1.8', reason: 'denied' }]);
    const card = await screen.findByTestId('sync-held');
    expect(card.textContent).toContain('株式会社あおば');
    expect(card.textContent).toContain('田中 次郎');
    expect(card.textContent).toContain('権限の取り消しと同時に');
    // Only the one written concurrently with a revocation can be opened.
    expect(screen.queryByTestId('held-check-dev1.8')).toBeNull();

    fireEvent.click(screen.getByTestId('held-check-dev1.7'));
    const modal = await screen.findByTestId('held-modal');
    await waitFor(() => expect(within(modal).getByTestId('held-content')).toBeTruthy());
    expect(called('HeldChange')).toEqual([['dev1.7']]);
    const text = modal.textContent ?? '';
    for (const want of ['田中 次郎', '受付の PC', '令和8年4月1日 09:30', '顧問先「株式会社あおば」', '名称', 'メモ', '田中のメモ', '法人', '月次、年末調整']) {
      expect(text).toContain(want);
    }
    expect(within(modal).getByTestId('held-content').textContent).not.toContain('c1');

    fireEvent.click(screen.getByTestId('held-reapply'));
    const ok = await screen.findByTestId('held-confirm-ok');
    const confirm = document.querySelector('.ant-modal-confirm')?.textContent ?? '';
    expect(confirm).toContain('あなたの名前で');
    expect(confirm).toContain('新しい版');
    expect(confirm).toContain('田中 次郎 さんの元の変更は保留のまま');
    expect(called('Reapply')).toEqual([]);
    await act(async () => {
      fireEvent.click(ok);
    });
    await waitFor(() => expect(called('Reapply')).toEqual([['dev1.7']]));
    await waitFor(() => expect(screen.queryByTestId('held-modal')).toBeNull());
  });

  it('is not shown to staff, who cannot list held changes', async () => {
    mount(accounts[1], [held]);
    await act(async () => {});
    expect(screen.queryByTestId('sync-held')).toBeNull();
    expect(called('HeldChanges')).toEqual([]);
  });

  it('draws only a screenful of thousands of held changes, and scrolls to the last', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ ...held, op: `dev1.${i}`, label: `顧問先 ${i}` }));
    mount(accounts[0], many);
    const list = await screen.findByTestId('held-list');
    expect(list.querySelectorAll('[role="listitem"]').length).toBeLessThan(40);
    Object.defineProperty(list, 'clientHeight', { value: 552, configurable: true });
    await act(async () => {
      list.scrollTop = 4999 * 92;
      list.dispatchEvent(new Event('scroll'));
    });
    expect(screen.getByTestId('held-dev1.4999').textContent).toContain('顧問先 4999');
    expect(list.querySelectorAll('[role="listitem"]').length).toBeLessThan(40);
  });
});
