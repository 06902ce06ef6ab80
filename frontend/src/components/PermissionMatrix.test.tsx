import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { initI18n } from '../i18n';
import { PermissionMatrix } from './PermissionMatrix';
import { buildRows, explicitAt, filterRows, levelAt, noFilter, searchKey, willChange, withoutSetting } from './matrixModel';
import { rowRange } from './useVirtualRows';
import { UsersView } from '../views/UsersView';
import { resetVaultForTests, useVault } from '../stores/vault';
import { useUsers } from '../stores/users';
import { useJobs } from '../stores/jobs';
import { accounts, fakeVault, installFakeGo, matrixFixture, openState, pickOption, type FakeGo } from '../testing';
import type { MatrixView } from '../bridge';

const fixture = matrixFixture as unknown as MatrixView;

let go: FakeGo;

/** startsJob answers a Start method with the job id id, and ends that job (job:done) a moment later with done's status and result or error. */
function startsJob(id: string, kind: string, done: Record<string, unknown>) {
  return () => {
    setTimeout(() => go.emit('job:done', { id, kind, ...done }), 0);
    return id;
  };
}

/** bigMatrix is an office of n clients and the fixture's users: every third client hidden from sato by a setting, every tenth 所長のみ. */
function bigMatrix(n: number): MatrixView {
  const clients = Array.from({ length: n }, (_, i) => ({
    id: `c${String(i).padStart(5, '0')}`,
    name: i % 1000 === 999 ? '' : `${['株式会社', '有限会社', ''][i % 3]}テスト${i}商事`,
    ownerOnly: i % 10 === 0,
    handlers: i % 2 ? ['u1'] : [],
  }));
  const sato = clients.map((c, i) => (c.ownerOnly || i % 3 === 0 ? 'h' : 'r')).join('');
  return {
    users: accounts,
    clients,
    levels: { u1: 'e'.repeat(n), u2: sato },
    explicit: { u1: '-'.repeat(n), u2: clients.map((_, i) => (i % 3 === 0 ? 'h' : '-')).join('') },
  } as unknown as MatrixView;
}

describe('the matrix model', () => {
  it('reads the compact levels and sorts clients by name, unreadable names last', () => {
    const rows = buildRows(fixture, 'ja');
    expect(rows.map((r) => r.name)).toEqual(['さくら商事', '株式会社あおば']); // kana before kanji
    expect(levelAt(fixture, 'u2', 0)).toBe('read');
    expect(levelAt(fixture, 'u2', 1)).toBe('hidden');
    expect(explicitAt(fixture, 'u2', 0)).toBe('read');
    expect(explicitAt(fixture, 'u2', 1)).toBeUndefined();
    const big = buildRows(bigMatrix(2000), 'ja');
    expect(big.at(-1)?.name).toBe('');
    expect(big[0].name).not.toBe('');
  });

  it('searches names across width, case and kana', () => {
    expect(searchKey('ＡＢＣ　サクラ')).toBe(searchKey('abc さくら'));
    const rows = buildRows(fixture, 'ja');
    expect(filterRows(rows, fixture, { ...noFilter, q: 'サクラ' }).map((r) => r.id)).toEqual(['c2']);
    expect(filterRows(rows, fixture, { ...noFilter, q: 'c1' }).map((r) => r.id)).toEqual(['c1']); // by id too
  });

  it('filters by a user’s level, by handler and by 所長のみ, together', () => {
    const m = bigMatrix(300);
    const rows = buildRows(m, 'ja');
    const ids = (f: Partial<typeof noFilter>) => filterRows(rows, m, { ...noFilter, ...f }).map((r) => Number(r.id.slice(1)));
    expect(ids({ levelUser: 'u2', level: 'read' }).every((i) => i % 3 !== 0 && i % 10 !== 0)).toBe(true);
    expect(ids({ levelUser: 'u2', level: 'read' })).toHaveLength(300 - 100 - 30 + 10);
    expect(ids({ levelUser: 'u2', level: 'explicit' })).toHaveLength(100);
    expect(ids({ levelUser: 'u2', level: 'default' })).toHaveLength(200);
    expect(ids({ level: 'read' })).toHaveLength(300); // a level without a user filters nothing
    expect(ids({ handler: 'u1' }).every((i) => i % 2 === 1)).toBe(true);
    expect(ids({ handler: 'none' })).toHaveLength(150);
    expect(ids({ owner: 'only' })).toHaveLength(30);
    expect(ids({ owner: 'exclude', handler: 'u1', levelUser: 'u2', level: 'hidden' }).every((i) => i % 2 === 1 && i % 3 === 0 && i % 10 !== 0)).toBe(true);
  });

  it('counts what a bulk change changes as the vault does', () => {
    const m = bigMatrix(30);
    const all = Array.from({ length: 30 }, (_, i) => i);
    expect(willChange(m, 'u2', all, 'hidden')).toBe(20); // 10 already set to hidden
    expect(willChange(m, 'u2', all, '')).toBe(10); // only those with a setting
    expect(willChange(m, 'u2', all, 'read')).toBe(30);
    expect(withoutSetting(m, 'u2')).toBe(20);
  });

  it('renders only the rows in view, plus overscan', () => {
    expect(rowRange(0, 500, 58, 46, 10_000, 8)).toEqual({ start: 0, end: 18 });
    const r = rowRange(46 * 5000, 500, 58, 46, 10_000, 8);
    expect(r.start).toBe(4998 - 8); // row 4998 is at the top, under the header
    expect(r.end - r.start).toBeLessThan(40);
    expect(rowRange(46 * 5000 + 46, 500, 58, 46, 10_000, 8, r)).toBe(r); // a small scroll keeps what is drawn
    expect(rowRange(46 * 9990, 500, 58, 46, 10_000, 8).end).toBe(10_000);
  });
});

describe('the permission matrix', { timeout: 30_000 }, () => {
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(cleanup);

  it('shows clients by name, effective levels, explicit settings, 所長のみ and handlers', () => {
    const calls: unknown[][] = [];
    render(
      <PermissionMatrix
        matrix={fixture}
        pending={{}}
        onLevel={(...a) => calls.push(['level', ...a])}
        onOwnerOnly={(...a) => calls.push(['owner', ...a])}
        onMyNumber={(...a) => calls.push(['mn', ...a])}
      />,
    );
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers[1]).toBe('顧問先');
    expect(headers.slice(3)).toHaveLength(2);
    expect(screen.getByTestId('matrix-user-yamada').textContent).toBe('山田 太郎責任者責任者は常に編集');
    expect(screen.getByTestId('matrix-user-sato').textContent).toBe('佐藤 花子一般職員既定：閲覧のみ（変更）');
    const rows = screen.getAllByTestId(/^matrix-client-/).map((c) => c.textContent);
    expect(rows).toEqual(['さくら商事', '株式会社あおば']);
    const owner = (id: string) => screen.getByTestId(`matrix-owner-only-${id}`) as HTMLInputElement;
    expect(owner('c2').checked).toBe(true);
    expect(owner('c1').checked).toBe(false);

    const cell = (login: string, c: string) => screen.getByTestId(`matrix-cell-${login}-${c}`);
    const select = (login: string, c: string) => within(cell(login, c)).getByTestId('matrix-level') as HTMLSelectElement;
    expect(select('sato', 'c1').value).toBe('read');
    expect(within(cell('sato', 'c1')).getByTestId('matrix-origin').textContent).toBe('個別設定');
    expect(select('sato', 'c2').value).toBe('default');
    expect(select('sato', 'c2').selectedOptions[0].textContent).toBe('既定（閲覧のみ）');
    expect(within(cell('sato', 'c2')).getByTestId('matrix-origin').textContent).toBe('所長のみのため開示不能');
    expect(select('yamada', 'c2').disabled).toBe(true); // a 責任者 always edits
    expect(within(cell('yamada', 'c2')).getByTestId('matrix-origin').textContent).toBe('責任者は常に編集');
    const handler = (login: string, c: string) => cell(login, c).parentElement!.querySelector('[data-testid="matrix-handler"]');
    expect(handler('yamada', 'c1')?.getAttribute('aria-pressed')).toBe('true');
    expect(handler('yamada', 'c2')?.getAttribute('aria-pressed')).toBe('false');
    expect(handler('sato', 'c1')).toBeNull(); // staff cannot handle My Numbers

    fireEvent.click(owner('c1'));
    fireEvent.click(handler('yamada', 'c2')!);
    fireEvent.change(select('sato', 'c1'), { target: { value: 'default' } });
    fireEvent.change(select('sato', 'c2'), { target: { value: 'edit' } });
    expect(calls).toEqual([
      ['owner', 'c1', true],
      ['mn', 'u1', 'c2'],
      ['level', 'u2', 'c1', ''],
      ['level', 'u2', 'c2', 'edit'],
    ]);
  });

  it('says there are no clients yet instead of an empty table', () => {
    render(<PermissionMatrix matrix={{ ...fixture, clients: [] } as unknown as MatrixView} pending={{}} onLevel={() => {}} onOwnerOnly={() => {}} onMyNumber={() => {}} />);
    expect(screen.getByTestId('matrix-empty').textContent).toContain('まだ顧問先がありません');
  });

  it('draws a few dozen rows of 10,000 clients, and finds one by name', async () => {
    const m = bigMatrix(10_000);
    render(<PermissionMatrix matrix={m} pending={{}} onLevel={() => {}} onOwnerOnly={() => {}} onMyNumber={() => {}} />);
    expect(screen.getAllByRole('row').length).toBeLessThan(60);
    expect(screen.getByTestId('matrix-count').textContent).toBe('10000 件を表示（全 10000 件）');
    fireEvent.change(screen.getByTestId('matrix-search').querySelector('input') ?? screen.getByTestId('matrix-search'), { target: { value: 'テスト4242商事' } });
    await waitFor(() => expect(screen.getByTestId('matrix-count').textContent).toBe('1 件を表示（全 10000 件）'));
    expect(screen.getByTestId('matrix-client-c04242').textContent).toBe('株式会社テスト4242商事');
  });

  it('selects the clients shown and sets a level on all of them in one change', async () => {
    const m = bigMatrix(300);
    const calls: unknown[][] = [];
    render(
      <PermissionMatrix
        matrix={m}
        pending={{}}
        onLevel={() => {}}
        onOwnerOnly={() => {}}
        onMyNumber={() => {}}
        onLevels={async (...a) => {
          calls.push(a);
          return undefined;
        }}
      />,
    );
    fireEvent.change(screen.getByTestId('matrix-search').querySelector('input') ?? screen.getByTestId('matrix-search'), { target: { value: 'テスト1' } });
    await waitFor(() => expect(screen.getByTestId('matrix-count').textContent).toMatch(/^111 件/)); // 1, 10–19, 100–199
    fireEvent.click(screen.getByTestId('matrix-select-all'));
    expect(screen.getByTestId('matrix-selected-count').textContent).toBe('111 件を選択中');
    const first = screen.getAllByTestId(/^matrix-select-c/)[0];
    const off = first.getAttribute('data-testid')!.slice('matrix-select-'.length);
    fireEvent.click(first); // one off again
    expect(screen.getByTestId('matrix-selected-count').textContent).toBe('110 件を選択中');
    expect((screen.getByTestId('matrix-select-all') as HTMLInputElement).indeterminate).toBe(true);

    await pick('matrix-bulk-user', '佐藤 花子（sato）');
    await pick('matrix-bulk-level', '開示不能');
    await act(async () => {
      fireEvent.click(screen.getByTestId('matrix-bulk-apply'));
    });
    const confirm = await screen.findByTestId('matrix-bulk-confirm');
    const chosen = filterRows(buildRows(m, 'ja'), m, { ...noFilter, q: 'テスト1' }).filter((r) => r.id !== off);
    const already = chosen.filter((r) => Number(r.id.slice(1)) % 3 === 0).length;
    expect(confirm.textContent).toContain(`選択した 110 件の顧問先で「開示不能」にします。変わるのは ${110 - already} 件です。`);
    await act(async () => {
      fireEvent.click(screen.getByTestId('matrix-bulk-ok'));
    });
    await waitFor(() => expect(calls).toHaveLength(1));
    const [user, ids, level] = calls[0] as [string, string[], string];
    expect(user).toBe('u2');
    expect(level).toBe('hidden');
    expect([...ids].sort()).toEqual(chosen.map((r) => r.id).sort());
  });
});

/** radio is the input of an antd Radio (the test id lands on the input or its wrapper). */
function radio(testId: string): HTMLElement {
  const el = screen.getByTestId(testId);
  return el.tagName === 'INPUT' ? el : (el.querySelector('input') as HTMLElement);
}

const pick = pickOption;

describe('the users area', { timeout: 30_000 }, () => {
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

  it('sets what new clients give a user, keeping the existing clients unless told otherwise', async () => {
    go = installFakeGo({ VaultService: fakeVault(openState, { SetDefaultLevelStart: startsJob('jd', 'access.default', { status: 'ok', result: { changed: ['c2'] } }) }) });
    useVault.setState({ state: openState as never });
    render(<UsersView />);
    await screen.findByTestId('matrix');
    expect(screen.getByTestId('matrix-default-sato').textContent).toBe('既定：閲覧のみ（変更）');
    expect((screen.getByTestId('matrix-default-yamada') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('matrix-default-sato'));
    await screen.findByTestId('matrix-default-level');
    expect(screen.getByTestId('matrix-default-keep-yes').closest('label')?.textContent).toContain('個別設定のない 1 件');
    fireEvent.click(radio('matrix-default-level-edit'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('matrix-default-ok'));
    });
    await waitFor(() => expect(go.calls.some(([, m]) => m === 'SetDefaultLevelStart')).toBe(true));
    expect(go.calls.find(([, m]) => m === 'SetDefaultLevelStart')![2]).toEqual(['u2', 'edit', true]);

    fireEvent.click(screen.getByTestId('matrix-default-sato'));
    await screen.findByTestId('matrix-default-level');
    fireEvent.click(radio('matrix-default-level-hidden'));
    fireEvent.click(radio('matrix-default-keep-no'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('matrix-default-ok'));
    });
    await waitFor(() => expect(go.calls.filter(([, m]) => m === 'SetDefaultLevelStart')).toHaveLength(2));
    expect(go.calls.filter(([, m]) => m === 'SetDefaultLevelStart')[1][2]).toEqual(['u2', 'hidden', false]);
  });

  it('shows a refused bulk change, and the matrix unchanged', async () => {
    go = installFakeGo({ VaultService: fakeVault(openState, { SetLevelsStart: startsJob('jb', 'access.levels', { status: 'failed', error: { code: 'access.not_admin' } }) }) });
    useVault.setState({ state: openState as never });
    render(<UsersView />);
    await screen.findByTestId('matrix');
    const err = await useUsers.getState().setLevels('u2', ['c1', 'c2'], 'edit');
    expect(err?.code).toBe('access.not_admin');
    expect(useUsers.getState().pending.bulk).toBeUndefined();
    expect(go.calls.filter(([, m]) => m === 'Matrix').length).toBeGreaterThanOrEqual(2); // read again
  });

  it('shows a bulk change’s progress with a cancel button; cancelled, it says nothing changed', async () => {
    go = installFakeGo({
      VaultService: fakeVault(openState, { SetLevelsStart: () => 'jb' }),
      Jobs: {
        ListJobs: () => [],
        CancelJob: () => {
          setTimeout(() => go.emit('job:done', { id: 'jb', kind: 'access.levels', status: 'canceled', error: { code: 'job.canceled' } }), 0);
        },
      },
    });
    const stop = useJobs.getState().start();
    useVault.setState({ state: openState as never });
    render(<UsersView />);
    await screen.findByTestId('matrix');
    let result: Promise<unknown> | undefined;
    act(() => {
      result = useUsers.getState().setLevels('u2', ['c1', 'c2'], 'hidden');
    });
    await waitFor(() => expect(useUsers.getState().bulkJob).toBe('jb'));
    act(() => go.emit('job:progress', { id: 'jb', kind: 'access.levels', stage: 'keys', done: 1, total: 2 }));
    const bar = await screen.findByTestId('matrix-bulk-progress');
    expect(bar.textContent).toContain('顧問先の鍵を作り直し');
    expect(bar.textContent).toContain('50%');
    await act(async () => {
      fireEvent.click(screen.getByTestId('matrix-bulk-cancel'));
    });
    expect(go.calls.some(([svc, m, args]) => svc === 'Jobs' && m === 'CancelJob' && args[0] === 'jb')).toBe(true);
    const err = (await result) as { code: string } | undefined;
    expect(err?.code).toBe('job.canceled');
    await waitFor(() => expect(screen.queryByTestId('matrix-bulk-progress')).toBeNull());
    expect(useUsers.getState().pending.bulk).toBeUndefined();
    stop();
  });
});
