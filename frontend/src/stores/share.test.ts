import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clipboardSeconds, existing, resetShareForTests, underRoot, useShare } from './share';
import { resetVaultForTests, useVault } from './vault';
import { installFakeGo, lockedState, openState, type FakeGo } from '../testing';
import { blockedScan, createdFixture, fakeShare, fakeVault, registerFixture, scanFixture, selectionFixture, testPassphrase } from './share.fixtures';

describe('useShare', () => {
  let go: FakeGo | undefined;
  let stop: (() => void) | undefined;
  let clipboard: string[];

  function install(overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
    stop?.();
    go?.restore();
    go = installFakeGo({ ShareService: fakeShare(overrides), VaultService: fakeVault() });
    stop = useShare.getState().start();
  }

  beforeEach(() => {
    resetShareForTests();
    useVault.setState({ state: openState as never });
    clipboard = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (s: string) => void clipboard.push(s) },
    });
    install();
  });

  afterEach(() => {
    vi.useRealTimers();
    stop?.();
    stop = undefined;
    go?.restore();
    go = undefined;
    resetShareForTests();
    resetVaultForTests();
  });

  /** ready picks a client and files, as the send form does. */
  async function ready() {
    await useShare.getState().selectClient('c1');
    await useShare.getState().chooseFiles('ja');
  }

  const form = { client: 'c1', person: 'p1', purpose: '申告書控えの送付', message: '', expires: '2026-12-19', output: '', format: 'auto' as const, lang: 'ja' };

  it('lists the client’s registered people and the chosen files with their total', async () => {
    await ready();
    const s = useShare.getState();
    expect(s.recipients.map((r) => r.name)).toEqual(['青葉 一郎', '青葉 花子']);
    expect(s.selection.items).toEqual(selectionFixture.items);
    expect(s.selection.total).toBe(2560);
    expect(go!.calls).toContainEqual(['ShareService', 'Collect', [['C:\\送付\\申告書.pdf', 'C:\\送付\\名簿.csv']]]);
  });

  it('removes a file of a chosen folder by choosing the folder’s other files', async () => {
    await useShare.getState().selectClient('c1');
    await useShare.getState().chooseFolder('send', 'ja');
    expect(useShare.getState().selection.paths).toEqual(['C:\\送付']);
    await useShare.getState().removeItem('C:\\送付\\名簿.csv');
    expect(go!.calls.filter((c) => c[1] === 'Collect').pop()![2]).toEqual([['C:\\送付\\申告書.pdf']]);
    expect(underRoot('C:\\送付2\\a', 'C:\\送付')).toBe(false);
  });

  it('runs the scan as a job, then create with the scan’s token; the passphrase is kept only until the dialog closes', async () => {
    await ready();
    expect(await useShare.getState().startScan()).toBeUndefined();
    expect(useShare.getState().scan).toEqual({ job: 'job-scan' });
    go!.emit('job:done', { id: 'job-scan', kind: 'share.scan', status: 'ok', result: scanFixture({ findings: null, unscanned: null }) });
    expect(useShare.getState().scan?.status).toBe('ok');
    expect(useShare.getState().scan?.result?.findings).toEqual([]);

    expect(await useShare.getState().startCreate(form)).toBeUndefined();
    const req = go!.calls.find((c) => c[1] === 'Create')![2][0] as Record<string, unknown>;
    expect(req).toMatchObject({ client: 'c1', person: 'p1', token: 'tok-1', paths: ['C:\\送付\\申告書.pdf', 'C:\\送付\\名簿.csv'], expires: '2026-12-19' });
    expect(req.override).toBeUndefined();
    go!.emit('job:done', { id: 'job-create', kind: 'share.create', status: 'ok', result: createdFixture });
    expect(useShare.getState().created?.passphrase).toBe(testPassphrase);
    // The job state keeps no copy of the passphrase.
    expect(JSON.stringify(useShare.getState().create)).not.toContain(testPassphrase);

    useShare.getState().passphraseShown();
    useShare.getState().passphraseShown();
    expect(go!.calls.filter((c) => c[1] === 'PassphraseShown')).toHaveLength(1);
    useShare.getState().closePassphrase();
    expect(useShare.getState().created).toBeUndefined();
    expect(JSON.stringify(useShare.getState())).not.toContain(testPassphrase);
    await vi.waitFor(() => expect(go!.calls.filter((c) => c[1] === 'PassphraseHidden')).toHaveLength(1));
  });

  it('takes a job’s end that arrives before its start call answers', async () => {
    await ready();
    install({
      Scan: () => {
        go!.emit('job:done', { id: 'job-scan', kind: 'share.scan', status: 'ok', result: blockedScan });
        return 'job-scan';
      },
    });
    await useShare.getState().startScan();
    expect(useShare.getState().scan?.status).toBe('ok');
    expect(useShare.getState().scan?.result?.individual).toBe(2);
  });

  it('passes the handler’s override to create; a failed create shows its code', async () => {
    await ready();
    await useShare.getState().startScan();
    go!.emit('job:done', { id: 'job-scan', kind: 'share.scan', status: 'ok', result: blockedScan });
    await useShare.getState().startCreate({ ...form, override: { purpose: 'salary_report', reason: '依頼により' } });
    const req = go!.calls.find((c) => c[1] === 'Create')![2][0] as Record<string, unknown>;
    expect(req.override).toEqual({ purpose: 'salary_report', reason: '依頼により' });
    go!.emit('job:done', { id: 'job-create', kind: 'share.create', status: 'failed', error: { code: 'share.changed' } });
    expect(useShare.getState().create).toEqual({ status: 'failed', error: { code: 'share.changed' } });
    expect(useShare.getState().created).toBeUndefined();
  });

  it('a change of the files drops the scan: what is sent is what was checked', async () => {
    await ready();
    await useShare.getState().startScan();
    go!.emit('job:done', { id: 'job-scan', kind: 'share.scan', status: 'ok', result: scanFixture() });
    await useShare.getState().addPaths(['C:\\他\\追加.pdf']);
    expect(useShare.getState().scan).toBeUndefined();
    expect(await useShare.getState().startCreate(form)).toEqual({ code: 'share.changed' });
  });

  it('wipes the copied passphrase from the clipboard after the countdown, even after the dialog closed', async () => {
    vi.useFakeTimers();
    useShare.setState({ created: { ...createdFixture } });
    expect(await useShare.getState().copyPassphrase()).toBe(true);
    expect(clipboard).toEqual([testPassphrase]);
    expect(useShare.getState().clipboardLeft).toBe(clipboardSeconds);
    useShare.getState().closePassphrase();
    await vi.advanceTimersByTimeAsync(5000);
    expect(useShare.getState().clipboardLeft).toBe(clipboardSeconds - 5);
    expect(clipboard).toEqual([testPassphrase]);
    await vi.advanceTimersByTimeAsync(clipboardSeconds * 1000);
    expect(clipboard).toEqual([testPassphrase, '']);
    expect(useShare.getState().clipboardLeft).toBe(0);
  });

  it('opens a package; share.exists lists the files and the open is asked again with the choice', async () => {
    useShare.getState().setPackage('C:\\受信\\a.html');
    await useShare.getState().startOpen('sakura mikan', '', '');
    expect(go!.calls.find((c) => c[1] === 'Open')![2][0]).toEqual({ path: 'C:\\受信\\a.html', passphrase: 'sakura mikan', target: '', conflict: '' });
    go!.emit('job:done', { id: 'job-open', kind: 'share.open', status: 'failed', error: { code: 'share.exists', params: { files: '申告書.pdf、名簿.csv', count: 2 } } });
    expect(useShare.getState().open.exists).toEqual(['申告書.pdf', '名簿.csv']);
    await useShare.getState().startOpen('sakura mikan', '', 'keep_both');
    const manifest = { kind: 'package', office: '山田税理士事務所', files: null, created: '', expires: '' };
    go!.emit('job:done', { id: 'job-open', kind: 'share.open', status: 'ok', result: { manifest, target: 'D:\\受信', written: null, skipped: null } });
    const o = useShare.getState().open;
    expect(o.status).toBe('ok');
    expect(o.result?.written).toEqual([]);
    expect(o.result?.manifest.files).toEqual([]);
    expect(existing(undefined)).toEqual([]);
  });

  it('a received return reloads the envelopes (their count) and the register', async () => {
    await useShare.getState().loadEnvelopes();
    await useShare.getState().loadRegister();
    useShare.getState().setPackage('C:\\受信\\事務所_返送_20261205-1030.age');
    await useShare.getState().startOpen('', '', '');
    const manifest = { kind: 'return', office: '山田税理士事務所', files: [], created: '', expires: '' };
    go!.emit('job:done', { id: 'job-open', kind: 'share.open', status: 'ok', result: { manifest, target: 'D:\\受信', written: [], skipped: [], client: 'c1' } });
    await vi.waitFor(() => expect(go!.calls.filter((c) => c[1] === 'Envelopes')).toHaveLength(2));
    expect(go!.calls.filter((c) => c[1] === 'Register')).toHaveLength(2);
  });

  it('loads the register and the envelopes; revoking reloads them', async () => {
    await useShare.getState().loadRegister();
    expect(useShare.getState().register).toHaveLength(registerFixture.length);
    await useShare.getState().loadEnvelopes();
    expect(useShare.getState().envelopes).toHaveLength(2);
    expect(await useShare.getState().revokeEnvelope('c1', 'e1')).toBeUndefined();
    expect(go!.calls).toContainEqual(['ShareService', 'RevokeEnvelope', ['c1', 'e1']]);
    expect(go!.calls.filter((c) => c[1] === 'Envelopes')).toHaveLength(2);
    install({ Register: () => { throw '{"code":"vault.locked"}'; } });
    await useShare.getState().loadRegister();
    expect(useShare.getState().registerError).toEqual({ code: 'vault.locked', params: {} });
  });

  it('forgets everything, the passphrase first, when the vault locks', async () => {
    await ready();
    useShare.setState({ created: { ...createdFixture } });
    useShare.getState().passphraseShown();
    useVault.setState({ state: lockedState as never });
    expect(useShare.getState().created).toBeUndefined();
    expect(useShare.getState().selection.items).toEqual([]);
    await vi.waitFor(() => expect(go!.calls.some((c) => c[1] === 'PassphraseHidden')).toBe(true));
  });
});
