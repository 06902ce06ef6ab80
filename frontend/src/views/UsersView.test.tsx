import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { initI18n } from '../i18n';
import { UsersView } from './UsersView';
import { PermissionMatrix } from '../components/PermissionMatrix';
import { resetVaultForTests, useVault } from '../stores/vault';
import { useUsers } from '../stores/users';
import { accounts, fakeVault, installFakeGo, matrixFixture, openState, pickOption, type FakeGo } from '../testing';
import type { MatrixView } from '../bridge';

// The user form: a 監査 gets 開示不能 and no choice of level, and a password
// the vault would refuse is refused in the form, with the reason.
// Opening antd Selects in happy-dom takes seconds on a busy machine: a
// generous timeout, so that only a hang fails.
describe('the user form', { timeout: 30_000 }, () => {
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

  function mount(overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
    go = installFakeGo({ VaultService: fakeVault(openState, { AddUser: () => 'u9', UpdateUser: () => undefined, ...overrides }) });
    useVault.setState({ state: openState as never });
    render(<UsersView />);
  }

  const pick = pickOption;

  const type = (id: string, v: string) => fireEvent.change(screen.getByTestId(id), { target: { value: v } });
  const selected = (testId: string) => screen.getByTestId(testId).closest('.ant-select')?.textContent ?? screen.getByTestId(testId).textContent;
  const disabled = (testId: string) => !!screen.getByTestId(testId).closest('.ant-select-disabled');

  async function openAdd() {
    fireEvent.click(screen.getByTestId('users-add'));
    await screen.findByTestId('user-add-form');
  }

  it('gives a 監査 開示不能, locks the level with an explanation, and sends hidden', async () => {
    mount();
    await openAdd();
    expect(selected('user-default')).toContain('閲覧のみ'); // staff by default
    expect(disabled('user-default')).toBe(false);

    await pick('user-role', '監査');
    await waitFor(() => expect(selected('user-default')).toContain('開示不能'));
    expect(disabled('user-default')).toBe(true);
    expect(screen.getByTestId('user-default-help').textContent).toContain('アクセスログを見るだけ');

    type('user-name', '監査 花子');
    type('user-login', 'kansa');
    type('user-password', 'x7Kp-m2Qz-9wLe');
    type('user-password2', 'x7Kp-m2Qz-9wLe');
    await act(async () => {
      fireEvent.click(screen.getByTestId('user-add-ok'));
    });
    await waitFor(() => expect(go.calls.some(([, m]) => m === 'AddUser')).toBe(true));
    const [, , [req]] = go.calls.find(([, m]) => m === 'AddUser')!;
    expect(req).toMatchObject({ login: 'kansa', role: 'auditor', default: 'hidden' });
  });

  it('offers the level again when the role changes back', async () => {
    mount();
    await openAdd();
    await pick('user-role', '監査');
    await waitFor(() => expect(disabled('user-default')).toBe(true));
    await pick('user-role', '事務取扱担当者');
    await waitFor(() => expect(disabled('user-default')).toBe(false));
    expect(selected('user-default')).toContain('編集');
  });

  it('sets 開示不能 when a user is made a 監査', async () => {
    mount();
    fireEvent.click(screen.getByTestId('user-edit-sato'));
    await screen.findByTestId('user-edit-name');
    expect(selected('user-default')).toContain('閲覧のみ');
    await pick('user-role', '監査');
    await waitFor(() => expect(selected('user-default')).toContain('開示不能'));
    expect(disabled('user-default')).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByTestId('user-edit-ok'));
    });
    await waitFor(() => expect(go.calls.some(([, m]) => m === 'UpdateUser')).toBe(true));
    const [, , [id, change]] = go.calls.find(([, m]) => m === 'UpdateUser')!;
    expect(id).toBe('u2');
    expect(change).toMatchObject({ role: 'auditor', default: 'hidden' });
  });

  it('refuses a weak initial password with the reason, before sending it', async () => {
    mount();
    await openAdd();
    type('user-name', '鈴木 一郎');
    type('user-login', 'suzuki');
    const field = () => screen.getByTestId('user-password').closest('.ant-form-item') as HTMLElement;

    type('user-password', 'password1234');
    await waitFor(() => expect(field().textContent).toContain('よく使われるパスワードです'));
    type('user-password', 'qwertyuiop');
    await waitFor(() => expect(field().textContent).toContain('キーボードの並びです'));
    type('user-password', 'abcabcabcabc');
    await waitFor(() => expect(field().textContent).toContain('単純な並び'));
    type('user-password', 'suzuki-19850412');
    await waitFor(() => expect(field().textContent).toContain('ログイン名・氏名・事務所名が含まれています'));
    type('user-password', 'short');
    await waitFor(() => expect(field().textContent).toContain('10 文字以上'));

    type('user-password2', 'short');
    await act(async () => {
      fireEvent.click(screen.getByTestId('user-add-ok'));
    });
    expect(go.calls.some(([, m]) => m === 'AddUser')).toBe(false);

    type('user-password', 'x7Kp-m2Qz-9wLe');
    await waitFor(() => expect(within(field()).queryByRole('alert')).toBeNull());
  });

  it('shows an auditor as hidden in the matrix, without a choice', () => {
    const kansa = { ...accounts[1], id: 'u3', login: 'kansa', name: '監査 花子', role: 'auditor', default: 'hidden' };
    const matrix = { ...matrixFixture, users: [...accounts, kansa], levels: { ...matrixFixture.levels, u3: 'hh' }, explicit: { ...matrixFixture.explicit, u3: '--' } };
    go = installFakeGo({});
    render(<PermissionMatrix matrix={matrix as unknown as MatrixView} pending={{}} onLevel={() => {}} onOwnerOnly={() => {}} onMyNumber={() => {}} />);
    const cell = screen.getByTestId('matrix-cell-kansa-c1');
    expect(cell.textContent).toContain('開示不能');
    expect(within(cell).getByTestId('matrix-origin').textContent).toBe('監査のため開示不能');
    expect((within(cell).getByTestId('matrix-level') as HTMLSelectElement).disabled).toBe(true);
    expect((within(screen.getByTestId('matrix-cell-sato-c1')).getByTestId('matrix-level') as HTMLSelectElement).disabled).toBe(false);
  });
});
