import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fieldErrors, numberTarget, parseTarget, resetClientsForTests, searchDelay, useClients } from './clients';
import { installFakeGo, type FakeGo } from '../testing';

const hit = (name: string) => ({ target: `client/${name}`, kind: 'client', clientId: name, name, kana: '', code: '', phone: '', clientName: '', match: 0 });

describe('useClients', () => {
  let go: FakeGo;

  beforeEach(() => {
    resetClientsForTests();
  });
  afterEach(() => {
    go?.restore();
    vi.useRealTimers();
  });

  it('searches once the typing pauses, not on every keystroke', async () => {
    vi.useFakeTimers();
    go = installFakeGo({ ClientsService: { Search: (q: unknown) => [hit(`hit-${String(q)}`)] } });
    const { setQuery } = useClients.getState();
    setQuery('ﾔ');
    vi.advanceTimersByTime(searchDelay / 2);
    setQuery('ﾔﾏ');
    vi.advanceTimersByTime(searchDelay / 2);
    setQuery('ﾔﾏﾀﾞ');
    expect(go.calls.filter(([, m]) => m === 'Search')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(searchDelay);
    const searches = go.calls.filter(([, m]) => m === 'Search');
    expect(searches).toHaveLength(1);
    expect(searches[0][2][0]).toBe('ﾔﾏﾀﾞ');
    await vi.waitFor(() => expect(useClients.getState().hits.map((h) => h.name)).toEqual(['hit-ﾔﾏﾀﾞ']));
    expect(useClients.getState().hitsFor).toBe('ﾔﾏﾀﾞ');
  });

  it('keeps the latest answer when an older one arrives after it', async () => {
    vi.useFakeTimers();
    const pending: Record<string, (v: unknown) => void> = {};
    go = installFakeGo({ ClientsService: { Search: (q: unknown) => new Promise((res) => (pending[String(q)] = res)) } });
    const { setQuery } = useClients.getState();
    setQuery('やま');
    await vi.advanceTimersByTimeAsync(searchDelay);
    setQuery('やまだ');
    await vi.advanceTimersByTimeAsync(searchDelay);
    expect(Object.keys(pending).sort()).toEqual(['やま', 'やまだ']);
    pending['やまだ']([hit('new')]);
    await vi.waitFor(() => expect(useClients.getState().hits.map((h) => h.name)).toEqual(['new']));
    pending['やま']([hit('old')]);
    await vi.advanceTimersByTimeAsync(10);
    expect(useClients.getState().hits.map((h) => h.name)).toEqual(['new']);
  });

  it('clears the hits at once when the box is emptied, and ignores an answer on its way', async () => {
    vi.useFakeTimers();
    let resolve: (v: unknown) => void = () => {};
    go = installFakeGo({ ClientsService: { Search: () => new Promise((res) => (resolve = res)) } });
    useClients.getState().setQuery('山田');
    await vi.advanceTimersByTimeAsync(searchDelay);
    useClients.getState().setQuery('');
    resolve([hit('late')]);
    await vi.advanceTimersByTimeAsync(10);
    expect(useClients.getState().hits).toEqual([]);
  });

  it('maps records.invalid to a message key per field', () => {
    const err = {
      code: 'records.invalid',
      params: {
        count: 3,
        fields: [
          { field: 'corporate_number', code: 'corporate_number.check_digit' },
          { field: 'tags[1]', code: 'required' },
          { field: 'relation.to', code: 'relation.self' },
        ],
      },
    } as unknown as Parameters<typeof fieldErrors>[0];
    expect(fieldErrors(err)).toEqual([
      { field: 'corporate_number', key: 'validation.corporate_number_check_digit' },
      { field: 'tags', key: 'validation.required' },
      { field: 'relation.to', key: 'validation.relation_self' },
    ]);
    expect(fieldErrors({ code: 'vault.stale' })).toEqual([]);
    expect(fieldErrors(undefined)).toEqual([]);
  });

  it('returns a refused client with its field errors and opens a created one', async () => {
    const client = { id: 'c1', kind: 'corporation', name: '株式会社あおば' };
    go = installFakeGo({
      ClientsService: {
        CreateClient: (c: unknown) => {
          if ((c as { corporate_number?: string }).corporate_number === '7000012050003')
            throw JSON.stringify({ code: 'records.invalid', params: { count: 1, fields: [{ field: 'corporate_number', code: 'corporate_number.check_digit' }] } });
          return 'c1';
        },
        Clients: () => [client],
        Client: () => ({ client, versions: ['v1'], conflict: false }),
        People: () => [],
      },
    });
    const err = await useClients.getState().create({ ...client, id: '', corporate_number: '7000012050003' }, false);
    expect(fieldErrors(err)).toEqual([{ field: 'corporate_number', key: 'validation.corporate_number_check_digit' }]);
    expect(await useClients.getState().create({ ...client, id: '', corporate_number: '7000012050002' }, true)).toBeUndefined();
    expect(go.calls.find(([, m]) => m === 'CreateClient')?.[2][1]).toBe(false);
    expect(useClients.getState().current).toEqual({ client, versions: ['v1'], conflict: false });
    expect(useClients.getState().list).toEqual([client]);
  });

  it('saves an edit with the versions read, and reports vault.stale', async () => {
    const client = { id: 'c1', kind: 'corporation', name: 'あおば' };
    go = installFakeGo({
      ClientsService: {
        Client: () => ({ client, versions: ['v7'], conflict: false }),
        People: () => [],
        UpdateClient: () => {
          throw JSON.stringify({ code: 'vault.stale' });
        },
      },
    });
    await useClients.getState().open('c1');
    const err = await useClients.getState().update({ ...client, name: '株式会社あおば' });
    expect(err).toEqual({ code: 'vault.stale', params: {} });
    expect(go.calls.find(([, m]) => m === 'UpdateClient')?.[2][1]).toEqual(['v7']);
  });

  it('loads each person’s number record: masked, none, or no access', async () => {
    go = installFakeGo({
      ClientsService: {
        Client: () => ({ client: { id: 'c1', kind: 'individual', name: 'x' }, versions: [], conflict: false }),
        People: () => [
          { id: 'p1', client_id: 'c1', roles: ['employee'], name: 'A' },
          { id: 'p2', client_id: 'c1', roles: ['employee'], name: 'B' },
        ],
      },
      MyNumberService: {
        Info: (_c: unknown, p: unknown) => {
          if (p === 'p1') return { masked: '**** **** 9018', purposes: ['withholding_slip'] };
          return null;
        },
      },
    });
    await useClients.getState().open('c1');
    const n = useClients.getState().numbers;
    expect(n.p1.view?.masked).toBe('**** **** 9018');
    expect(n.p2.view).toBeNull();
  });

  it('never keeps a revealed number in the store', async () => {
    go = installFakeGo({ MyNumberService: { Reveal: () => '123456789018' } });
    const r = await useClients.getState().reveal('c1', 'p1', 'withholding_slip');
    expect(r).toEqual({ digits: '123456789018' });
    expect(JSON.stringify(useClients.getState())).not.toContain('123456789018');
  });

  it('shows the rows a stopped import kept: the error says how many, and the list is reloaded', async () => {
    go = installFakeGo({ ClientsService: { ImportCommit: () => 'job-imp', Clients: () => [] } });
    const done = useClients.getState().importCommit('tok');
    await vi.waitFor(() => expect(go.calls.some(([, m]) => m === 'ImportCommit')).toBe(true));
    const before = go.calls.filter(([, m]) => m === 'Clients').length;
    go.emit('job:done', { id: 'job-imp', kind: 'clients.import', status: 'canceled', error: { code: 'import.partial', params: { done: 4096, total: 10000 } } });
    expect(await done).toEqual({ error: { code: 'import.partial', params: { done: 4096, total: 10000 } } });
    expect(go.calls.filter(([, m]) => m === 'Clients').length).toBe(before + 1);
  });

  it('names number targets', () => {
    expect(parseTarget(numberTarget('c1', 'p1'))).toEqual({ client: 'c1', person: 'p1' });
    expect(parseTarget('client/c1')).toBeUndefined();
  });
});
