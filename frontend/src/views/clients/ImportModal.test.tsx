import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import { resetClientsForTests } from '../../stores/clients';
import { resetVaultForTests, useVault } from '../../stores/vault';
import { accounts, installFakeGo, openState, pickOption, type FakeGo } from '../../testing';
import { ImportModal } from './ImportModal';

const csv = '顧問先コード,名称,連絡先\nB001,さくら商事,03-1111-2222\nB002,みどり工業,123\n';
const header = ['顧問先コード', '名称', '連絡先'];
const fields = ['code', 'kind', 'name', 'kana', 'corporate_number', 'postal', 'address', 'phone', 'email', 'fiscal_month', 'engaged_from', 'engaged_until', 'notes', 'tags'];
const rows = [
  { id: '', code: 'B001', name: 'さくら商事', kind: 'corporation', fiscal_month: 3 },
  { id: '', code: 'B002', name: 'みどり工業' },
];

/** preview answers like Go: the guessed mapping ignores 連絡先; mapped to phone, row 2's "123" is wrong. */
function preview(_kind: unknown, _name: unknown, _data: unknown, encoding: unknown, mapping: unknown) {
  const m = (mapping as string[] | null) ?? ['code', 'name', ''];
  const phone = m[2] === 'phone';
  return {
    token: phone ? 'tok-2' : 'tok-1',
    format: 'csv',
    encoding: encoding === 'auto' ? 'utf-8' : encoding,
    header,
    mapping: m,
    fields,
    rows: 2,
    errors: phone ? [{ row: 2, column: '連絡先', field: 'phone', code: 'phone.format' }] : [],
    clients: rows,
    people: [],
  };
}

describe('ImportModal', () => {
  let go: FakeGo;
  let closed: number;

  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    resetClientsForTests();
    resetVaultForTests();
    closed = 0;
    go = installFakeGo({
      ClientsService: {
        ImportPreview: preview,
        // The commit is a job: it returns the job id, the count comes in job:done.
        ImportCommit: () => {
          setTimeout(() => go.emit('job:done', { id: 'job-1', kind: 'clients.import', status: 'ok', result: 2 }), 0);
          return 'job-1';
        },
        Clients: () => rows.map((r, i) => ({ ...r, id: `c${i}` })),
        Search: () => [],
      },
    });
  });
  afterEach(() => {
    cleanup();
    go.restore();
  });

  const calls = (m: string) => go.calls.filter(([s, n]) => s === 'ClientsService' && n === m).map(([, , a]) => a);

  async function toMapping() {
    render(
      <App>
        <ImportModal open onClose={() => closed++} />
      </App>,
    );
    const file = new File([csv], 'clients.csv', { type: 'text/csv' });
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
    });
    await waitFor(() => expect(screen.getByTestId('import-file-name').textContent).toBe('clients.csv'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await screen.findByTestId('import-mapping');
  }

  it('sends the file as base64 with the guessed mapping, then re-previews with a changed mapping', async () => {
    await toMapping();
    const first = calls('ImportPreview')[0];
    expect(first).toEqual(['clients', 'clients.csv', Buffer.from(csv).toString('base64'), 'auto', null]);
    expect(screen.getByTestId('import-summary').textContent).toContain('UTF-8');
    expect(screen.getByTestId('import-summary').textContent).toContain('データ 2 行');
    expect(screen.getByTestId('import-map-2').textContent).toContain('取り込まない');

    await pickOption('import-map-2', '電話番号');
    await waitFor(() => expect(calls('ImportPreview')).toHaveLength(2));
    expect(calls('ImportPreview')[1]).toEqual(['clients', 'clients.csv', Buffer.from(csv).toString('base64'), 'auto', ['code', 'name', 'phone']]);
  });

  it('lists row errors and keeps 取り込む disabled while there are any', async () => {
    await toMapping();
    await pickOption('import-map-2', '電話番号');
    await waitFor(() => expect(calls('ImportPreview')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('import-next').hasAttribute('disabled')).toBe(false));
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await screen.findByTestId('import-confirm');
    expect(screen.getByTestId('import-preview').textContent).toContain('さくら商事');
    expect(screen.getByTestId('import-preview').textContent).toContain('法人');
    expect(screen.getByTestId('import-row-error').textContent).toBe('2 行目「連絡先」: 電話番号の形式が正しくありません。');
    expect(screen.getByTestId('import-blocked').textContent).toContain('何も取り込みません');
    expect((screen.getByTestId('import-commit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('import-commit'));
    expect(calls('ImportCommit')).toHaveLength(0);
  });

  it('commits the previewed token, reports the count and reloads the list', async () => {
    await toMapping();
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await screen.findByTestId('import-confirm');
    expect(screen.getByTestId('import-ready').textContent).toContain('2 件を取り込みます');
    expect(screen.queryByTestId('import-access')).toBeNull(); // not a 責任者: no 所長のみ, no 開示不能
    const commit = screen.getByTestId('import-commit') as HTMLButtonElement;
    expect(commit.disabled).toBe(false);
    await act(async () => {
      fireEvent.click(commit);
    });
    await screen.findByTestId('import-done');
    expect(calls('ImportCommit')).toEqual([['tok-1', false, []]]);
    expect(screen.getByTestId('import-done').textContent).toContain('2 件を取り込みました');
    expect(calls('Clients')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('import-close'));
    expect(closed).toBe(1);
  });

  it('lets a 責任者 import the clients 所長のみ and hidden from chosen users, set with their creation', async () => {
    const kato = { ...accounts[0], id: 'u3', login: 'kato', name: '加藤 一郎' };
    useVault.setState({ state: { ...openState, accounts: [...accounts, kato] } as never });
    await toMapping();
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await screen.findByTestId('import-confirm');
    expect(screen.getByTestId('import-access').textContent).toContain('取り込む顧問先を見せないユーザー（開示不能）');
    expect(screen.getByTestId('import-access').textContent).toContain('最初の鍵からこの人たちには渡りません');
    fireEvent.click(screen.getByTestId('import-owner-only'));
    await pickOption('import-hidden', '佐藤 花子（sato）');
    const offered = [...document.querySelectorAll('.ant-select-item-option')].map((el) => el.textContent);
    expect(offered).toEqual(['佐藤 花子（sato）']); // neither the user nor another 責任者
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-commit'));
    });
    await screen.findByTestId('import-done');
    expect(calls('ImportCommit')).toEqual([['tok-1', true, ['u2']]]);
  });

  it('takes an Excel workbook: sends its name, needs no encoding, and names the cell of each row error', async () => {
    go.restore();
    go = installFakeGo({
      ClientsService: {
        ImportPreview: () => ({
          token: 'tok-x',
          format: 'xlsx',
          encoding: '',
          header,
          mapping: ['code', 'name', 'phone'],
          fields,
          rows: 2,
          errors: [{ row: 3, column: '連絡先', field: 'phone', code: 'phone.format', cell: 'C3' }],
          clients: rows,
          people: [],
        }),
      },
    });
    render(
      <App>
        <ImportModal open onClose={() => closed++} />
      </App>,
    );
    expect(screen.getByTestId('import-file').getAttribute('accept')).toContain('.xlsx');
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File([bytes], '顧問先.xlsx')] } });
    });
    await waitFor(() => expect(screen.getByTestId('import-file-name').textContent).toBe('顧問先.xlsx'));
    expect(screen.getByTestId('import-encoding').className).toContain('disabled');
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await screen.findByTestId('import-mapping');
    expect(calls('ImportPreview')[0]).toEqual(['clients', '顧問先.xlsx', Buffer.from(bytes).toString('base64'), 'auto', null]);
    expect(screen.getByTestId('import-summary').textContent).toContain('Excel');
    expect(screen.getByTestId('import-summary').textContent).not.toContain('文字コード');
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await screen.findByTestId('import-confirm');
    expect(screen.getByTestId('import-row-error').textContent).toBe('3 行目「連絡先」（セル C3）: 電話番号の形式が正しくありません。');
  });

  it('shows a broken workbook as a whole-file error', async () => {
    go.restore();
    go = installFakeGo({ ClientsService: { ImportPreview: () => Promise.reject(JSON.stringify({ code: 'import.xlsx_broken' })) } });
    render(
      <App>
        <ImportModal open onClose={() => closed++} />
      </App>,
    );
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File(['a,b\n'], 'renamed.xlsx')] } });
    });
    await waitFor(() => expect(screen.getByTestId('import-file-name').textContent).toBe('renamed.xlsx'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    expect((await screen.findByTestId('import-error')).textContent).toContain('Excel ファイル（.xlsx）として読めません');
  });

  it('refuses a file over 64 MB without reading it or calling Go', async () => {
    render(
      <App>
        <ImportModal open onClose={() => closed++} />
      </App>,
    );
    const big = new File(['x'], 'big.csv');
    Object.defineProperty(big, 'size', { value: 100 << 20 });
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-file'), { target: { files: [big] } });
    });
    expect((await screen.findByTestId('import-error')).textContent).toContain('64 MB まで');
    expect((screen.getByTestId('import-next') as HTMLButtonElement).disabled).toBe(true);
    expect(calls('ImportPreview')).toHaveLength(0);
  });

  it('clears the last import\'s success toast when the next file is refused', async () => {
    let refuse = false;
    go.restore();
    go = installFakeGo({
      ClientsService: {
        ImportPreview: (...a: unknown[]) =>
          refuse ? Promise.reject(JSON.stringify({ code: 'import.no_name_column', params: {} })) : preview(a[0], a[1], a[2], a[3], a[4]),
        ImportCommit: () => {
          setTimeout(() => go.emit('job:done', { id: 'job-1', kind: 'clients.import', status: 'ok', result: 2 }), 0);
          return 'job-1';
        },
        Clients: () => rows.map((r, i) => ({ ...r, id: `c${i}` })),
        Search: () => [],
      },
    });
    const r = render(
      <App>
        <ImportModal key="first" open onClose={() => closed++} />
      </App>,
    );
    const choose = async (name: string, text: string) => {
      await act(async () => {
        fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File([text], name, { type: 'text/csv' })] } });
      });
      await waitFor(() => expect(screen.getByTestId('import-file-name').textContent).toBe(name));
      await act(async () => {
        fireEvent.click(screen.getByTestId('import-next'));
      });
    };
    await choose('clients.csv', csv);
    await screen.findByTestId('import-mapping');
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    await act(async () => {
      fireEvent.click(await screen.findByTestId('import-commit'));
    });
    await screen.findByTestId('import-done');
    await waitFor(() => expect(document.querySelector('.ant-message-notice')?.textContent).toContain('2 件を取り込みました'));
    // The next file: nothing is imported, and no success toast says otherwise.
    refuse = true;
    r.rerender(
      <App>
        <ImportModal key="second" open onClose={() => closed++} />
      </App>,
    );
    await choose('x.csv', 'a,b\n1,2\n');
    expect((await screen.findByTestId('import-error')).textContent).toContain('名称（氏名）の列が見つかりません');
    // (A closed toast may stay in the DOM while it fades out.)
    expect(document.querySelectorAll('.ant-message-notice:not([class*="leave"])')).toHaveLength(0);
  });

  it('shows a whole-file error in words and stays on the first step', async () => {
    go.restore();
    go = installFakeGo({ ClientsService: { ImportPreview: () => Promise.reject(JSON.stringify({ code: 'import.no_name_column', params: {} })) } });
    render(
      <App>
        <ImportModal open onClose={() => closed++} />
      </App>,
    );
    await act(async () => {
      fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File(['a,b\n1,2\n'], 'x.csv')] } });
    });
    await waitFor(() => expect(screen.getByTestId('import-file-name').textContent).toBe('x.csv'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-next'));
    });
    expect((await screen.findByTestId('import-error')).textContent).toContain('名称（氏名）の列が見つかりません');
    expect(screen.queryByTestId('import-mapping')).toBeNull();
  });
});
