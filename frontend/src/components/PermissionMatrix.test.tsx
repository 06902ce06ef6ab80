import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { initI18n } from '../i18n';
import { PermissionMatrix } from './PermissionMatrix';
import { UsersView } from '../views/UsersView';
import { resetVaultForTests, useVault } from '../stores/vault';
import { useUsers } from '../stores/users';
import { fakeVault, installFakeGo, matrixFixture, openState, type FakeGo } from '../testing';
import type { MatrixView } from '../bridge';

describe('the permission matrix', () => {
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(cleanup);

  it('shows clients by name, effective levels, explicit settings, 所長のみ and handlers', () => {
    const calls: unknown[][] = [];
    render(
      <PermissionMatrix
        matrix={matrixFixture as unknown as MatrixView}
        pending={{}}
        onLevel={(...a) => calls.push(['level', ...a])}
        onOwnerOnly={(...a) => calls.push(['owner', ...a])}
        onMyNumber={(...a) => calls.push(['mn', ...a])}
      />,
    );
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers[0]).toBe('ユーザー');
    expect(headers.slice(1).map((h) => h?.replace('所長のみ', ''))).toEqual(['さくら商事', '株式会社あおば']); // in Japanese order: kana before kanji
    const owner = (id: string) => within(screen.getAllByTestId(`matrix-client-${id}`)[0]).getByRole('checkbox') as HTMLInputElement;
    expect(owner('c2').checked).toBe(true);
    expect(owner('c1').checked).toBe(false);

    const cell = (login: string, c: string) => screen.getByTestId(`matrix-cell-${login}-${c}`);
    expect(cell('sato', 'c1').textContent).toContain('閲覧のみ');
    expect(within(cell('sato', 'c1')).getByTestId('matrix-origin').textContent).toBe('個別設定');
    expect(cell('sato', 'c2').textContent).toContain('開示不能');
    expect(within(cell('sato', 'c2')).getByTestId('matrix-origin').textContent).toBe('所長のみのため開示不能');
    expect(within(cell('yamada', 'c2')).getByTestId('matrix-origin').textContent).toBe('既定');
    expect(within(cell('yamada', 'c1')).getByTestId('matrix-handler').getAttribute('aria-pressed')).toBe('true');
    expect(within(cell('yamada', 'c2')).getByTestId('matrix-handler').getAttribute('aria-pressed')).toBe('false');
    expect(within(cell('sato', 'c1')).queryByTestId('matrix-handler')).toBeNull(); // staff cannot handle My Numbers

    fireEvent.click(owner('c1'));
    fireEvent.click(within(cell('yamada', 'c2')).getByTestId('matrix-handler'));
    expect(calls).toEqual([
      ['owner', 'c1', true],
      ['mn', 'u1', 'c2'],
    ]);
  });

  it('says there are no clients yet instead of an empty table', () => {
    render(<PermissionMatrix matrix={{ ...matrixFixture, clients: [] } as unknown as MatrixView} pending={{}} onLevel={() => {}} onOwnerOnly={() => {}} onMyNumber={() => {}} />);
    expect(screen.getByTestId('matrix-empty').textContent).toContain('まだ顧問先がありません');
  });
});

describe('the users area', () => {
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

  it('lists users with roles, levels and fingerprints, and loads the matrix', async () => {
    go = installFakeGo({ VaultService: fakeVault(openState) });
    useVault.setState({ state: openState as never });
    render(<UsersView />);
    const table = screen.getByTestId('users-table');
    expect(within(table).getByText('佐藤 花子')).toBeTruthy();
    expect(within(table).getByText('一般職員')).toBeTruthy();
    expect(within(table).getByText('責任者')).toBeTruthy();
    expect(screen.getByTestId('user-fp-sato').textContent).toBe('U2-1234-ABCD');
    expect(await screen.findByTestId('matrix')).toBeTruthy();
  });

  it('explains instead of failing when a staff member opens it', async () => {
    go = installFakeGo({ VaultService: fakeVault(openState, { Matrix: () => { throw '{"code":"access.not_admin"}'; } }) });
    useVault.setState({ state: { ...openState, user: openState.accounts[1] } as never });
    render(<UsersView />);
    expect((await screen.findByTestId('matrix-unavailable')).textContent).toContain('責任者だけが見られます');
    expect(screen.getByTestId('users-read-only')).toBeTruthy();
    expect(screen.queryByTestId('users-add')).toBeNull();
  });

  it('shows a refused change as a clear message', async () => {
    go = installFakeGo({ VaultService: fakeVault(openState, { GrantMyNumber: () => { throw '{"code":"access.not_handler"}'; } }) });
    useVault.setState({ state: openState as never });
    render(<UsersView />);
    await screen.findByTestId('matrix');
    await act(async () => {
      await useUsers.getState().toggleMyNumber('u1', 'c2');
    });
    expect((await screen.findByTestId('matrix-error')).textContent).toContain('事務取扱担当者ではありません');
  });
});
