import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { initI18n } from '../../i18n';
import { UsersView } from '../UsersView';
import { LoginView } from '../LoginView';
import { resetVaultForTests, useVault } from '../../stores/vault';
import { useUsers } from '../../stores/users';
import { accounts, fakeVault, installFakeGo, lockedState, openState, recoverySheet, type FakeGo } from '../../testing';

// 「回復キーを再発行」: a 責任者 confirms with their password, sees the new
// sheet once and the users who still need to log in once; staff never see
// the button; the sheet goes when the dialog closes.
describe('reissuing the recovery key', { timeout: 30_000 }, () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    resetVaultForTests();
    useUsers.setState(useUsers.getInitialState(), true);
  });
  afterEach(() => {
    cleanup();
    go.restore();
  });

  // After the reissue, State says sato still has keys the earlier sheet opens.
  const after = { ...openState, accounts: [accounts[0], { ...accounts[1], recoveryPending: true }] };

  function mount(state: unknown, overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
    let current = state;
    go = installFakeGo({
      VaultService: fakeVault(state, {
        State: () => current,
        RotateRecovery: () => {
          current = after;
          return recoverySheet;
        },
        ...overrides,
      }),
    });
    useVault.setState({ state: state as never });
    render(<UsersView />);
  }

  it('is offered to a 責任者 only', async () => {
    mount({ ...openState, user: accounts[1] });
    await act(async () => {}); // the matrix loads on mount
    expect(screen.queryByTestId('recovery-reissue')).toBeNull();
  });

  it('explains, asks for the password, shows the new sheet once and who must log in', async () => {
    mount(openState);
    fireEvent.click(screen.getByTestId('recovery-reissue'));
    const confirm = await screen.findByTestId('reissue-confirm');
    expect(confirm.textContent).toContain('新しい回復シートをこの一度だけ表示します');
    expect(confirm.textContent).toContain('次にパスワードでログインしたとき');
    expect(confirm.textContent).toContain('以前の回復シート');

    // No password: nothing is asked of Go.
    await act(async () => {
      fireEvent.click(screen.getByTestId('reissue-ok'));
    });
    await waitFor(() => expect(screen.getByText('入力してください。')).toBeTruthy());
    expect(go.calls.some(([, m]) => m === 'RotateRecovery')).toBe(false);

    fireEvent.change(screen.getByTestId('reissue-password'), { target: { value: 'yamada-pw-X7c9k2' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('reissue-ok'));
    });
    await screen.findByTestId('reissue-done');
    expect(go.calls.find(([, m]) => m === 'RotateRecovery')?.[2]).toEqual(['yamada-pw-X7c9k2']);
    expect(screen.getAllByTestId('recovery-group').map((g) => g.textContent)).toEqual(recoverySheet.groups);
    expect(screen.getByText('回復シートはこの一度だけ表示されます')).toBeTruthy();
    const pending = screen.getAllByTestId('recovery-pending');
    expect(pending.some((p) => p.textContent?.includes('佐藤 花子（sato）'))).toBe(true);
    expect(screen.getByTestId('user-recovery-pending-sato')).toBeTruthy();

    // Closing needs the 「印刷して保管しました」 check; then the sheet is gone.
    const close = screen.getByTestId('reissue-close');
    expect(close.closest('button')?.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('reissue-stored'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('reissue-close'));
    });
    await waitFor(() => expect(screen.queryByTestId('recovery-sheet')).toBeNull());
    expect(useUsers.getState().reissued).toBeUndefined();
    // The card keeps naming who still needs to log in once.
    expect(screen.getByTestId('recovery-pending').textContent).toContain('sato');
  });

  it('says a wrong password is wrong, and shows no sheet', async () => {
    mount(openState, {
      RotateRecovery: () => {
        throw '{"code":"vault.wrong_password"}';
      },
    });
    fireEvent.click(screen.getByTestId('recovery-reissue'));
    await screen.findByTestId('reissue-confirm');
    fireEvent.change(screen.getByTestId('reissue-password'), { target: { value: 'not-mine' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('reissue-ok'));
    });
    const err = await screen.findByTestId('reissue-error');
    expect(err.textContent).toContain('パスワードが違います');
    expect(screen.queryByTestId('recovery-sheet')).toBeNull();
  });

  it('drops the sheet when the vault locks', async () => {
    mount(openState);
    await act(async () => {
      await useUsers.getState().reissueRecovery('yamada-pw-X7c9k2');
    });
    expect(useUsers.getState().reissued).toBeTruthy();
    act(() => useVault.setState({ state: { ...openState, phase: 'locked' } as never }));
    expect(useUsers.getState().reissued).toBeUndefined();
  });

  it('sends a remembered user whose keys must change to the password', async () => {
    const state = { ...lockedState, remembered: ['u2'] };
    go = installFakeGo({
      VaultService: fakeVault(state, {
        LoginRemembered: () => {
          throw '{"code":"vault.not_found"}';
        },
      }),
    });
    useVault.setState({ state: state as never });
    render(<LoginView />);
    await act(async () => {
      fireEvent.click(screen.getByTestId('login-quick-sato'));
    });
    expect((await screen.findByTestId('login-error')).textContent).toContain('回復キーが再発行されました');
    expect(screen.getByTestId('login-password')).toBeTruthy();
  });
});
