import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { initI18n } from '../../i18n';
import { installFakeGo, type FakeGo } from '../../testing';
import { resetClientsForTests } from '../../stores/clients';
import { CodeConflicts } from './CodeConflicts';

// A client code two PCs registered at once is shown above the list, with
// each client to open and fix.
describe('client code conflicts', () => {
  let go: FakeGo;
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(() => {
    cleanup();
    go.restore();
    resetClientsForTests();
  });

  it('lists the clients that share a code and opens one', async () => {
    const conflicts = [{ code: 'K-100', clients: [{ id: 'c1', name: '株式会社あおば' }, { id: 'c2', name: '株式会社そら' }] }];
    go = installFakeGo({ ClientsService: { CodeConflicts: () => conflicts } });
    const open = vi.fn();
    render(<CodeConflicts list={[]} onOpen={open} />);
    const alert = await screen.findByTestId('code-conflicts');
    expect(alert.textContent).toContain('同じ顧問先コードが複数の顧問先に付いています');
    expect(alert.textContent).toContain('コード「K-100」');
    const links = screen.getAllByTestId('code-conflict-client');
    expect(links.map((l) => l.textContent)).toEqual(['株式会社あおば', '株式会社そら']);
    fireEvent.click(links[1]);
    expect(open).toHaveBeenCalledWith('c2');
  });

  it('shows nothing without conflicts', async () => {
    const calls: number[] = [];
    go = installFakeGo({ ClientsService: { CodeConflicts: () => (calls.push(1), []) } });
    render(<CodeConflicts list={[]} onOpen={() => {}} />);
    await waitFor(() => expect(calls.length).toBe(1));
    expect(screen.queryByTestId('code-conflicts')).toBeNull();
  });
});
