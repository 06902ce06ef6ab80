import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import App from '../App';
import { initI18n } from '../i18n';
import { useSettings } from '../stores/settings';
import { useNav } from '../stores/nav';
import { resetVaultForTests } from '../stores/vault';
import { fakeVault, info, installFakeGo, lockedState, openState, recoverySheet, setupState, type FakeGo } from '../testing';

describe('the gate', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    localStorage.clear();
    resetVaultForTests();
    useSettings.getState().setLang('ja');
    useNav.getState().go('clients');
  });
  afterEach(() => {
    cleanup();
    go.restore();
  });

  function mount(vault: Record<string, (...args: unknown[]) => unknown>) {
    go = installFakeGo({ System: { Info: () => info }, Jobs: { ListJobs: () => [], CancelJob: () => undefined }, VaultService: vault });
    render(<App />);
  }

  it('shows the first-run wizard when this PC has no vault', async () => {
    mount(fakeVault(setupState));
    expect(await screen.findByText('この PC に新しい金庫を作る')).toBeTruthy();
    expect(screen.getByText('NAS などにある金庫に参加する')).toBeTruthy();
    expect(screen.queryByTestId('side-menu')).toBeNull();
  });

  it('walks through create to the recovery sheet, which must be confirmed', async () => {
    let state: unknown = setupState;
    mount(
      fakeVault(setupState, {
        State: () => state,
        Create: () => {
          state = openState;
          go.emit('vault:state', openState);
          return recoverySheet;
        },
      }),
    );
    fireEvent.click(await screen.findByTestId('setup-create'));
    expect((screen.getByTestId('create-folder') as HTMLInputElement).value).toBe(setupState.suggestedFolder);
    const type = (id: string, v: string) => fireEvent.change(screen.getByTestId(id), { target: { value: v } });
    type('create-name', '山田税理士事務所');
    type('create-username', '山田 太郎');
    type('create-login', 'yamada');
    type('create-password', 'x7Kp-m2Qz-9wLe');
    type('create-password2', 'x7Kp-m2Qz-9wLe');
    await waitFor(() => expect(screen.getByTestId('password-strength').textContent).toContain('強い'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('create-submit'));
    });
    expect(await screen.findByTestId('recovery-sheet')).toBeTruthy();
    expect(screen.getAllByTestId('recovery-group').map((e) => e.textContent)).toEqual(recoverySheet.groups);
    expect(screen.getByTestId('recovery-date').textContent).toBe('令和7年5月3日');
    expect(screen.getByTestId('recovery-qr').querySelector('svg')).toBeTruthy();
    const done = screen.getByTestId('sheet-done') as HTMLButtonElement;
    expect(done.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('sheet-stored'));
    expect(done.disabled).toBe(false);
    fireEvent.click(done);
    expect(await screen.findByTestId('side-menu')).toBeTruthy();
    expect(go.calls.find(([, m]) => m === 'Create')?.[2][0]).toMatchObject({ name: '山田税理士事務所', login: 'yamada', handler: false });
  });

  it('opens the demo vault from the first-run screen and shows its public password at login', async () => {
    let state: unknown = setupState;
    const demoLocked = { ...lockedState, demoPassword: 'kinko-demo-2026' };
    mount({
      ...fakeVault(setupState),
      State: () => state,
      CreateDemo: () => {
        state = openState;
        return openState;
      },
    });
    fireEvent.click(await screen.findByTestId('setup-demo'));
    expect(await screen.findByTestId('side-menu')).toBeTruthy();
    cleanup();
    go.restore();
    mount(fakeVault(demoLocked));
    expect((await screen.findByTestId('login-demo-hint')).textContent).toContain('kinko-demo-2026');
  });

  it('labels the demo and always offers the way out to the office vault', async () => {
    const demoOpen = { ...openState, demoPassword: 'kinko-demo-2026', demoId: openState.vault?.id };
    const afterLeave = { ...setupState, known: demoOpen.known, demoId: demoOpen.demoId };
    let state: unknown = demoOpen;
    mount({
      ...fakeVault(demoOpen),
      State: () => state,
      LeaveDemo: () => {
        state = afterLeave;
        return afterLeave;
      },
    });
    expect((await screen.findByTestId('demo-banner')).textContent).toContain('デモ用の金庫');
    fireEvent.click(screen.getByTestId('demo-leave'));
    // The first-run choices again: create or join the office's vault.
    expect(await screen.findByTestId('setup-create')).toBeTruthy();
    expect(screen.getByTestId('setup-join')).toBeTruthy();
    expect(screen.queryByText('金庫の一覧に戻る')).toBeNull();
    expect(go.calls.some(([, m]) => m === 'LeaveDemo')).toBe(true);
  });

  it('marks the demo in the list of vaults', async () => {
    const office = { id: 'office1', name: '山田税理士事務所', folder: '/nas/kinko' };
    const demo = { id: 'demo1', name: '【デモ】サンプル税理士事務所', folder: '/home/demo-vault' };
    mount(fakeVault({ ...setupState, phase: 'choose', known: [office, demo], demoId: 'demo1' }));
    await screen.findByTestId('vault-picker');
    const tags = screen.getAllByTestId('picker-demo');
    expect(tags).toHaveLength(1);
    expect(tags[0].closest('li')?.textContent).toContain('【デモ】');
  });

  it('shows the login screen when the vault is locked', async () => {
    mount(fakeVault(lockedState));
    expect(await screen.findByTestId('login-screen')).toBeTruthy();
    expect(screen.getByTestId('login-vault-name').textContent).toBe('山田税理士事務所');
    expect(screen.getByTestId('login-user-yamada')).toBeTruthy();
    expect(screen.getByTestId('login-user-sato')).toBeTruthy();
  });

  it('shows the shell with the user and a lock button when open', async () => {
    mount(fakeVault(openState));
    expect(await screen.findByTestId('side-menu')).toBeTruthy();
    expect(screen.getByTestId('header-user').textContent).toContain('山田 太郎');
    expect(screen.getByTestId('header-lock').textContent).toContain('ロック');
  });

  it('shows login errors in Japanese, with the seconds to wait', async () => {
    let n = 0;
    mount(
      fakeVault(lockedState, {
        Login: () => {
          throw ++n === 1 ? '{"code":"vault.wrong_password"}' : '{"code":"vault.throttled","params":{"seconds":8}}';
        },
      }),
    );
    fireEvent.click(await screen.findByTestId('login-user-sato'));
    const submit = async () => {
      fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'wrong' } });
      await act(async () => {
        fireEvent.click(screen.getByTestId('login-submit'));
      });
    };
    await submit();
    expect((await screen.findByTestId('login-error')).textContent).toBe('ログイン名またはパスワードが違います。');
    await submit();
    await screen.findByText('ログインの失敗が続いたため、8 秒お待ちください。');
    expect(go.calls.find(([, m]) => m === 'Login')?.[2]).toEqual(['sato', 'wrong', false]);
  });

  it('shows how far a long login has read the office, and cancels it back to the form', async () => {
    let fail: (e: unknown) => void = () => undefined;
    let canceled = 0;
    mount(
      fakeVault(lockedState, {
        Login: () =>
          new Promise((_, reject) => {
            fail = reject;
          }),
        CancelLogin: () => {
          canceled++;
          fail('{"code":"job.canceled"}');
        },
      }),
    );
    fireEvent.click(await screen.findByTestId('login-user-sato'));
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'sato-pw' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('login-submit'));
    });
    act(() => go.emit('vault:login', { stage: 'keys', done: 2500, total: 10000 }));
    expect((await screen.findByTestId('login-progress')).textContent).toContain('顧問先の鍵を開いています（2,500 / 10,000）');
    await act(async () => {
      fireEvent.click(screen.getByTestId('login-cancel'));
    });
    expect(canceled).toBe(1);
    expect((await screen.findByTestId('login-error')).textContent).toBe('ログインを取り消しました。もう一度ログインできます。');
    expect(screen.queryByTestId('login-progress')).toBeNull();
    expect(screen.getByTestId('login-form')).toBeTruthy();
  });

  it('goes back to the login screen on an idle lock, with the user preselected and a note', async () => {
    mount(fakeVault(openState));
    await screen.findByTestId('side-menu');
    await act(async () => {
      go.emit('vault:state', lockedState);
    });
    expect(await screen.findByTestId('login-idle-note')).toBeTruthy();
    expect(screen.getByText('一定時間操作がなかったため、ロックしました。もう一度ログインしてください。')).toBeTruthy();
    expect(screen.getByTestId('login-user-yamada').getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText('山田 太郎 さんのパスワード')).toBeTruthy();
  });

  it('offers "remember me" only where the keychain works', async () => {
    mount(fakeVault({ ...lockedState, keychain: false }));
    fireEvent.click(await screen.findByTestId('login-user-yamada'));
    expect((screen.getByTestId('login-remember') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText('この PC では資格情報ストアが使えないため、記憶できません。')).toBeTruthy();
  });
});
