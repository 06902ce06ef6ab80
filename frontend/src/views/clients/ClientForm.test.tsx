import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import { resetClientsForTests } from '../../stores/clients';
import { resetVaultForTests, useVault } from '../../stores/vault';
import { accounts, installFakeGo, openState, type FakeGo } from '../../testing';
import { ClientForm } from './ClientForm';

/** An office of five: the logged-in 責任者, another 責任者, two staff (one disabled) and a 監査. */
const office = [
  ...accounts,
  { ...accounts[0], id: 'u3', login: 'kato', name: '加藤 一郎', handler: false },
  { ...accounts[1], id: 'u4', login: 'tanaka', name: '田中 次郎', disabled: true },
  { ...accounts[1], id: 'u5', login: 'kansa', name: '監査 花子', role: 'auditor', default: 'hidden' },
];

describe('ClientForm', () => {
  let go: FakeGo;

  beforeAll(() => {
    initI18n('ja');
  });
  beforeEach(() => {
    resetClientsForTests();
    resetVaultForTests();
    go = installFakeGo({
      ClientsService: {
        CreateClient: () => 'c9',
        Clients: () => [],
        Client: () => ({ client: { id: 'c9', kind: 'corporation', name: '株式会社ひみつ' }, versions: ['v1'], conflict: false }),
        People: () => [],
        Search: () => [],
      },
    });
  });
  afterEach(() => {
    cleanup();
    go.restore();
  });

  const created = () => go.calls.filter(([s, n]) => s === 'ClientsService' && n === 'CreateClient').map(([, , a]) => a);
  const options = () => [...document.querySelectorAll('.ant-select-item-option')].map((el) => el.textContent);

  function renderAs(user: (typeof office)[number]) {
    useVault.setState({ state: { ...openState, accounts: office, user } as never });
    render(
      <App>
        <ClientForm />
      </App>,
    );
  }

  async function save(name: string) {
    fireEvent.change(screen.getByTestId('client-form-name'), { target: { value: name } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('client-save'));
    });
    await waitFor(() => expect(created()).toHaveLength(1));
  }

  it('lets a 責任者 hide other users (not 責任者) from the new client, and sends their ids with the creation', async () => {
    renderAs(office[0]);
    expect(screen.getByText('この顧問先を見せないユーザー（開示不能）')).toBeTruthy();
    expect(screen.getByText(/最初の鍵からこの人たちには渡りません/)).toBeTruthy();
    const select = screen.getByTestId('client-hidden');
    await act(async () => {
      fireEvent.mouseDown(select.querySelector('.ant-select-selector, .ant-select-content, input') ?? select);
    });
    await waitFor(() => expect(options().length).toBeGreaterThan(0));
    expect(options()).toEqual(['佐藤 花子（sato）', '田中 次郎（tanaka・無効）', '監査 花子（kansa）']);
    const sato = [...document.querySelectorAll('.ant-select-item-option')].find((el) => el.textContent === '佐藤 花子（sato）') as HTMLElement;
    await act(async () => {
      fireEvent.click(sato);
    });
    await save('株式会社ひみつ');
    expect(created()[0]).toEqual([expect.objectContaining({ name: '株式会社ひみつ' }), false, ['u2']]);
  });

  it('shows staff no choice and sends no one', async () => {
    renderAs(office[1]);
    expect(screen.queryByTestId('client-hidden')).toBeNull();
    expect(screen.queryByText('この顧問先を見せないユーザー（開示不能）')).toBeNull();
    await save('株式会社みんな');
    expect(created()[0]).toEqual([expect.objectContaining({ name: '株式会社みんな' }), false, []]);
  });
});
