import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../i18n';
import { installFakeGo, type FakeGo } from '../testing';
import { RetentionCard } from './RetentionCard';

describe('the deletion queue', () => {
  let go: FakeGo;
  beforeAll(() => initI18n('ja'));
  afterEach(() => {
    cleanup();
    go.restore();
  });

  it('lists numbers past their retention first, with names and 和暦 dates', async () => {
    go = installFakeGo({
      MyNumberService: {
        Retention: () => [
          { client: 'c1', person: 'p1', due: '2033-01-11', past: true, trigger: 'retired', purposes: ['dependents_declaration'] },
          { client: 'c1', person: 'p2', due: '', past: false, trigger: '', purposes: ['withholding_slip'] },
        ],
      },
      ClientsService: {
        Clients: () => [{ id: 'c1', name: '株式会社サンプル', kind: 'corporation' }],
        People: () => [
          { id: 'p1', client_id: 'c1', name: '退職 太郎', roles: ['employee'] },
          { id: 'p2', client_id: 'c1', name: '在職 花子', roles: ['employee'] },
        ],
      },
    });
    render(
      <App>
        <RetentionCard />
      </App>,
    );
    expect(await screen.findByText('退職 太郎')).toBeTruthy();
    expect(screen.getByText('在職 花子')).toBeTruthy();
    expect(screen.getByTestId('retention-due').textContent).toContain('令和15年1月11日');
    expect(screen.getByText('期限経過')).toBeTruthy();
    expect(screen.getByText('在職中・契約中（保存が必要）')).toBeTruthy();
  });
});
