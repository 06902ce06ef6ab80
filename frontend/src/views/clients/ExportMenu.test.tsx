import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import { resetClientsForTests } from '../../stores/clients';
import { installFakeGo, type FakeGo } from '../../testing';
import { ExportMenu } from './ExportMenu';

describe('ExportMenu', () => {
  let go: FakeGo;
  let answer: () => unknown;

  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    resetClientsForTests();
    answer = () => ({ path: '/home/taro/顧問先一覧_20261122.xlsx' });
    go = installFakeGo({ ClientsService: { SaveExport: () => answer() } });
    render(
      <App>
        <ExportMenu />
      </App>,
    );
  });
  afterEach(() => {
    cleanup();
    go.restore();
  });

  const saves = () => go.calls.filter(([s, m]) => s === 'ClientsService' && m === 'SaveExport').map(([, , a]) => a);

  async function choose(testId: string) {
    await act(async () => {
      fireEvent.click(screen.getByTestId('clients-export'));
    });
    const item = await screen.findByTestId(testId);
    await act(async () => {
      fireEvent.click(item);
    });
  }

  it('offers both lists as CSV (UTF-8 BOM, Shift_JIS) or Excel, and says no My Number is exported', async () => {
    await act(async () => {
      fireEvent.click(screen.getByTestId('clients-export'));
    });
    const menu = await waitFor(() => {
      const m = document.querySelector('.ant-dropdown-menu');
      expect(m).toBeTruthy();
      return m as HTMLElement;
    });
    for (const label of ['顧問先一覧', '関係者一覧', 'CSV（UTF-8 BOM 付き）', 'CSV（Shift_JIS）', 'Excel（.xlsx）', '個人番号は書き出しません']) {
      expect(menu.textContent).toContain(label);
    }
    for (const id of ['export-clients-xlsx', 'export-clients-csv-utf-8-bom', 'export-clients-csv-shift_jis', 'export-people-xlsx', 'export-people-csv-utf-8-bom', 'export-people-csv-shift_jis']) {
      expect(screen.getByTestId(id)).toBeTruthy();
    }
  });

  it('has Go save the chosen list where the user picks and shows the path', async () => {
    await choose('export-people-xlsx');
    await waitFor(() => expect(saves()).toEqual([['people', 'xlsx', '', 'ja']]));
    expect((await screen.findByText(/書き出しました/)).textContent).toContain('顧問先一覧_20261122.xlsx');
  });

  it('tells which characters a Shift_JIS export wrote in their Windows form', async () => {
    answer = () => ({
      path: '/home/taro/顧問先一覧_20261122.csv',
      mapped: [{ from: '〜', fromCode: 'U+301C', to: '～', toCode: 'U+FF5E', count: 3 }],
    });
    await choose('export-clients-csv-shift_jis');
    await waitFor(() => expect(saves()).toEqual([['clients', 'csv', 'shift_jis', 'ja']]));
    expect((await screen.findByText(/Windows と同じ文字/)).textContent).toContain('〜（U+301C）→ ～（U+FF5E）3 件');
  });

  it('passes the CSV encoding and shows an error in words', async () => {
    answer = () => Promise.reject(JSON.stringify({ code: 'export.unencodable', params: { client: 'A-0012', column: '名称', char: 'U+20BB7' } }));
    await choose('export-clients-csv-shift_jis');
    await waitFor(() => expect(saves()).toEqual([['clients', 'csv', 'shift_jis', 'ja']]));
    expect((await screen.findByText(/Shift_JIS で表せない文字/)).textContent).toContain('顧問先 A-0012 の「名称」に Shift_JIS で表せない文字（U+20BB7）');
  });

  it('says nothing when the user closes the save dialog', async () => {
    answer = () => ({ path: '' });
    await choose('export-clients-xlsx');
    await waitFor(() => expect(saves()).toHaveLength(1));
    await waitFor(() => expect((screen.getByTestId('clients-export') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByText(/書き出しました/)).toBeNull();
  });
});
