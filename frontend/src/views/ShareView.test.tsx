import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { initI18n } from '../i18n';
import { ShareView } from './ShareView';
import { resetShareForTests, useShare } from '../stores/share';
import { resetVaultForTests, useVault } from '../stores/vault';
import { resetClientsForTests } from '../stores/clients';
import { useJobs } from '../stores/jobs';
import { installFakeGo, openState, type FakeGo } from '../testing';
import { blockedScan, clientsFixture, createdFixture, fakeShare, fakeVault, scanFixture, testPassphrase } from '../stores/share.fixtures';

const choices = { purposes: ['withholding_slip', 'salary_report'], docs: [], methods: [], reasons: [] };

describe('the 共有 area', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(() => {
    cleanup();
    go.restore();
    resetShareForTests();
    resetClientsForTests();
    resetVaultForTests();
    useJobs.setState({ jobs: {} });
  });

  function mount(overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
    go = installFakeGo({
      ShareService: fakeShare(overrides),
      VaultService: fakeVault(),
      ClientsService: { Clients: () => clientsFixture },
      MyNumberService: { Choices: () => choices },
      Jobs: { ListJobs: () => [], CancelJob: () => undefined },
    });
    useVault.setState({ state: openState as never });
    return render(
      <AntApp>
        <ShareView />
      </AntApp>,
    );
  }

  /** scanned brings the send form to a finished scan with result. */
  async function scanned(result: unknown) {
    await act(async () => {
      await useShare.getState().selectClient('c1');
      await useShare.getState().chooseFiles('ja');
      await useShare.getState().startScan();
    });
    act(() => go.emit('job:done', { id: 'job-scan', kind: 'share.scan', status: 'ok', result }));
  }

  it('lists the chosen files with sizes and the total, and removes one', async () => {
    mount();
    fireEvent.click(await screen.findByTestId('share-add-files'));
    const items = await screen.findByTestId('share-items');
    await waitFor(() => expect(within(items).getAllByTestId('share-item-name').map((e) => e.textContent)).toEqual(['申告書.pdf', '名簿.csv']));
    expect(screen.getByTestId('share-total').textContent).toBe('2.5 KB');
    expect(go.calls).toContainEqual(['ShareService', 'ChooseFiles', ['ja']]);
    fireEvent.click(within(items).getAllByTestId('share-item-remove')[1]);
    await waitFor(() => expect(go.calls.filter((c) => c[1] === 'Collect').pop()![2]).toEqual([['C:\\送付\\申告書.pdf']]));
  });

  it('refuses an expiry in the past or beyond a year without scanning', async () => {
    mount();
    await act(async () => {
      await useShare.getState().chooseFiles('ja');
    });
    const expires = await screen.findByTestId('share-expires');
    expect((expires as HTMLInputElement).value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(screen.getByTestId('share-expires-read').textContent).toMatch(/^令和\d+年\d+月\d+日/);
    fireEvent.change(expires, { target: { value: '令和2年1月1日' } });
    fireEvent.click(screen.getByTestId('share-scan'));
    expect(await screen.findByText('有効期限は今日以降の日付にしてください。')).toBeTruthy();
    fireEvent.change(expires, { target: { value: '2999-01-01' } });
    expect(await screen.findByText('有効期限は今日から 366 日以内にしてください。')).toBeTruthy();
    expect(go.calls.some((c) => c[1] === 'Scan')).toBe(false);
  });

  it('offers only the client’s registered people, with kana, role and e-mail', async () => {
    mount();
    await act(async () => {
      await useShare.getState().selectClient('c1');
    });
    const select = await screen.findByTestId('share-person');
    fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
    const options = await screen.findAllByTestId('share-recipient-option');
    expect(options.map((o) => o.textContent)).toEqual(['青葉 一郎（アオバ イチロウ）役員ichiro@aoba.example.jp', '青葉 花子（アオバ ハナコ）従業員メール未登録']);
    expect(go.calls).toContainEqual(['ShareService', 'Recipients', ['c1']]);
  });

  it('blocks a scan with My Numbers, naming each place; a handler gets the override form', async () => {
    mount();
    await scanned(blockedScan);
    const blocked = await screen.findByTestId('share-scan-blocked');
    const places = within(blocked).getAllByTestId('share-finding').map((e) => e.textContent);
    expect(places).toEqual(['名簿.csv：3 行目 5 文字目', '給与.xlsx：シート「1月」のセル B12']);
    expect(screen.getByTestId('share-scan-corporate').textContent).toContain('会社.txt：1 行目 1 文字目');
    expect(screen.getByTestId('share-unscanned').textContent).toContain('写真.jpg');
    expect(screen.getByTestId('share-unscanned').textContent).toContain('未確認');
    expect(screen.getByTestId('share-override')).toBeTruthy();
    expect((screen.getByTestId('share-create') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows no override form to staff who may not send My Numbers', async () => {
    mount();
    await scanned({ ...blockedScan, canOverride: false });
    const blocked = await screen.findByTestId('share-scan-blocked');
    expect(blocked.textContent).toContain('事務取扱担当者に依頼してください');
    expect(screen.queryByTestId('share-override')).toBeNull();
    expect((screen.getByTestId('share-create') as HTMLButtonElement).disabled).toBe(true);
  });

  it('enables create only when the override has a purpose, a reason and the confirmation', async () => {
    mount();
    await scanned(blockedScan);
    const form = await screen.findByTestId('share-override');
    const create = () => (screen.getByTestId('share-create') as HTMLButtonElement).disabled;
    // Purpose first.
    fireEvent.mouseDown(within(form).getByTestId('share-override-purpose').querySelector('.ant-select-selector') ?? within(form).getByTestId('share-override-purpose'));
    fireEvent.click(await screen.findByText('給与支払報告書'));
    expect(create()).toBe(true);
    fireEvent.change(within(form).getByTestId('share-override-reason'), { target: { value: '  ' } });
    fireEvent.click(within(form).getByTestId('share-override-confirm'));
    expect(create()).toBe(true); // a blank reason is no reason
    fireEvent.change(within(form).getByTestId('share-override-reason'), { target: { value: '顧問先の依頼により返送' } });
    await waitFor(() => expect(create()).toBe(false));
    fireEvent.click(within(form).getByTestId('share-override-confirm'));
    await waitFor(() => expect(create()).toBe(true));
    expect(await screen.findByText('確認のチェックが必要です。')).toBeTruthy();
  });

  it('shows the passphrase once, in words and kana, marked secret; closing drops it', async () => {
    mount();
    await scanned(scanFixture());
    expect((await screen.findByTestId('share-scan-clean')).textContent).toContain('マイナンバーは見つかりませんでした');
    act(() => useShare.setState({ create: { job: 'job-create' } }));
    act(() => go.emit('job:done', { id: 'job-create', kind: 'share.create', status: 'ok', result: createdFixture }));
    const words = await screen.findByTestId('share-pass-words');
    expect(words.hasAttribute('data-secret')).toBe(true);
    expect(within(words).getAllByTestId('share-pass-word').map((e) => e.textContent)).toEqual(testPassphrase.split('-'));
    expect(within(words).getAllByTestId('share-pass-kana')[0].textContent).toBe('さくら');
    expect(screen.getByTestId('share-pass-files').textContent).toContain('株式会社あおば_申告書.html');
    expect(screen.getByTestId('share-pass-sheet').querySelector('[data-secret]')).toBeTruthy();
    await waitFor(() => expect(go.calls.some((c) => c[1] === 'PassphraseShown')).toBe(true));
    fireEvent.click(screen.getByTestId('share-pass-close'));
    await waitFor(() => expect(screen.queryByTestId('share-pass-words')).toBeNull());
    expect(document.body.textContent).not.toContain('sakura');
    expect(useShare.getState().created).toBeUndefined();
    await waitFor(() => expect(go.calls.some((c) => c[1] === 'PassphraseHidden')).toBe(true));
  });

  it('renders the register: directions, expiry, the override marker, deleted copies, files with hashes', async () => {
    mount();
    act(() => useShare.getState().setTab('register'));
    const table = await screen.findByTestId('share-reg-table');
    await waitFor(() => expect(within(table).getAllByTestId('share-reg-direction').map((e) => e.textContent)).toEqual(['送信', '受信', '送信']));
    expect(within(table).getAllByTestId('share-reg-override')).toHaveLength(1);
    expect(within(table).getByTestId('share-reg-expired').textContent).toBe('期限切れ');
    expect(table.textContent).toContain('削除済み（令和8年10月16日）');
    expect(table.textContent).toContain('令和8年12月19日');
    fireEvent.click(within(table).getByTestId('share-reg-save'));
    await waitFor(() => expect(go.calls).toContainEqual(['ShareService', 'SaveCopy', ['c1', 'a1']]));
    // Filters: received only, then a search by a file name.
    fireEvent.change(screen.getByTestId('share-reg-search').querySelector('input') ?? screen.getByTestId('share-reg-search'), { target: { value: '扶養' } });
    await waitFor(() => expect(screen.getByTestId('share-reg-count').textContent).toBe('3 件中 1 件を表示'));
  });

  it('opens a package after it was chosen, and asks what to do with existing files', async () => {
    mount();
    act(() => useShare.getState().setTab('open'));
    fireEvent.click(await screen.findByTestId('share-open-choose'));
    await waitFor(() => expect((screen.getByTestId('share-open-path') as HTMLInputElement).value).toBe('C:\\受信\\株式会社あおば_申告書.html'));
    const pass = screen.getByTestId('share-open-passphrase');
    expect(pass.hasAttribute('data-secret')).toBe(true);
    fireEvent.change(pass, { target: { value: 'sakura mikan' } });
    fireEvent.click(screen.getByTestId('share-open-go'));
    await waitFor(() => expect(go.calls.some((c) => c[1] === 'Open')).toBe(true));
    act(() => go.emit('job:done', { id: 'job-open', kind: 'share.open', status: 'failed', error: { code: 'share.exists', params: { files: '申告書.pdf', count: 1 } } }));
    const exists = await screen.findByTestId('share-open-exists');
    expect(exists.textContent).toContain('申告書.pdf');
    fireEvent.click(within(exists).getByText('上書きする'));
    fireEvent.click(screen.getByTestId('share-open-continue'));
    await waitFor(() => expect(go.calls.filter((c) => c[1] === 'Open').pop()![2][0]).toMatchObject({ conflict: 'overwrite', passphrase: 'sakura mikan' }));
  });

  it('recognises a return package by its name and asks no passphrase', async () => {
    mount();
    act(() => useShare.getState().setTab('open'));
    act(() => useShare.getState().setPackage('C:\\受信\\山田税理士事務所_返送_20261205-1030.age'));
    expect(await screen.findByTestId('share-open-return')).toBeTruthy();
    expect(screen.queryByTestId('share-open-passphrase')).toBeNull();
    expect((screen.getByTestId('share-open-go') as HTMLButtonElement).disabled).toBe(false);
  });

  it('lists envelopes and revokes one after confirmation', async () => {
    mount();
    act(() => useShare.getState().setTab('envelopes'));
    const table = await screen.findByTestId('share-env-table');
    await waitFor(() => expect(within(table).getAllByTestId('share-env-received').map((e) => e.textContent)).toEqual(['1', '0']));
    expect(within(table).getByTestId('share-env-revoked').textContent).toBe('無効');
    fireEvent.click(within(table).getByTestId('share-env-revoke'));
    fireEvent.click(await screen.findByTestId('share-env-revoke-ok'));
    await waitFor(() => expect(go.calls).toContainEqual(['ShareService', 'RevokeEnvelope', ['c1', 'e1']]));
  });
});
