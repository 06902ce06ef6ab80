// Fixtures of the 共有 area as the Go side reports them. Only tests import this file.
import { fakeVault } from '../testing';

/** A test passphrase: not a real one, never printed. */
export const testPassphrase = 'sakura-mikan-tokei-yama-kawa-hoshi';

export const recipientsFixture = [
  { id: 'p1', name: '青葉 一郎', kana: 'アオバ イチロウ', roles: ['officer'], email: 'ichiro@aoba.example.jp', phone: '03-1234-5678' },
  { id: 'p2', name: '青葉 花子', kana: 'アオバ ハナコ', roles: ['employee'], email: '', phone: '' },
];

export const selectionFixture = {
  items: [
    { path: 'C:\\送付\\申告書.pdf', name: '申告書.pdf', size: 2048 },
    { path: 'C:\\送付\\名簿.csv', name: '名簿.csv', size: 512 },
  ],
  total: 2560,
};

export function scanFixture(over: Record<string, unknown> = {}) {
  return { files: 2, bytes: 2560, individual: 0, corporate: 0, findings: [], unscanned: [], canOverride: false, token: 'tok-1', ...over };
}

export const blockedScan = scanFixture({
  individual: 2,
  corporate: 1,
  canOverride: true,
  findings: [
    { file: '名簿.csv', kind: 'individual', line: 3, column: 5 },
    { file: '給与.xlsx', kind: 'individual', sheet: '1月', cell: 'B12' },
    { file: '会社.txt', kind: 'corporate', line: 1, column: 1 },
  ],
  unscanned: [{ file: '写真.jpg', reason: 'binary' }],
});

export const createdFixture = {
  id: '0123456789abcdef',
  files: ['C:\\Users\\taro\\Documents\\Kinko 共有\\株式会社あおば_申告書.html'],
  passphrase: testPassphrase,
  kana: ['さくら', 'みかん', 'とけい', 'やま', 'かわ', 'ほし'],
  expires: '2026-12-19T23:59:59+09:00',
  bytes: 4096,
};

export const registerFixture = [
  {
    id: 'a1',
    direction: 'out',
    client: 'c1',
    clientName: '株式会社あおば',
    person: 'p1',
    personName: '青葉 一郎',
    user: 'u1',
    userName: '山田 太郎',
    device: 'd1',
    purpose: '申告書控えの送付',
    message: 'ご確認ください。',
    created: '2026-12-05T10:00:00+09:00',
    expires: '2026-12-19T23:59:59+09:00',
    files: [{ path: '申告書.pdf', size: 2048, sha256: 'ab'.repeat(32) }],
    bytes: 4096,
    copy: 'C:\\copy.age',
    expired: false,
  },
  {
    id: 'b2',
    direction: 'in',
    client: 'c1',
    clientName: '株式会社あおば',
    person: '',
    personName: '',
    user: 'u1',
    userName: '山田 太郎',
    device: 'd1',
    purpose: '',
    message: '',
    created: '2026-12-04T10:00:00+09:00',
    expires: '0001-01-01T00:00:00Z',
    files: [{ path: '源泉徴収票.pdf', size: 100, sha256: 'cd'.repeat(32) }],
    bytes: 100,
    envelope: 'e1',
    expired: false,
  },
  {
    id: 'c3',
    direction: 'out',
    client: 'c2',
    clientName: 'さくら商事',
    person: 'p9',
    personName: '桜 次郎',
    user: 'u1',
    userName: '山田 太郎',
    device: 'd1',
    purpose: '年末調整書類の送付',
    message: '',
    created: '2026-10-01T10:00:00+09:00',
    expires: '2026-10-15T23:59:59+09:00',
    files: [{ path: '扶養控除.xlsx', size: 100, sha256: 'ef'.repeat(32) }],
    bytes: 100,
    override: { purpose: 'salary_report', reason: '依頼により返送' },
    deleted: '2026-10-16T09:00:00+09:00',
    expired: true,
  },
];

export const envelopesFixture = [
  { id: 'e1', client: 'c1', person: 'p1', created: '2026-12-01T09:00:00+09:00', expires: '2026-12-31T23:59:59+09:00', path: 'C:\\封筒.html', received: 1, revoked: false },
  { id: 'e2', client: 'c1', person: '', created: '2026-11-01T09:00:00+09:00', expires: '2026-11-30T23:59:59+09:00', path: '', received: 0, revoked: true },
];

/** fakeShare is a ShareService answering from the fixtures; override any method. */
export function fakeShare(overrides: Record<string, (...args: unknown[]) => unknown> = {}) {
  return {
    Recipients: () => recipientsFixture,
    ChooseFiles: () => ['C:\\送付\\申告書.pdf', 'C:\\送付\\名簿.csv'],
    ChooseFolder: (purpose: unknown) => (purpose === 'send' ? 'C:\\送付' : 'D:\\出力'),
    ChoosePackage: () => 'C:\\受信\\株式会社あおば_申告書.html',
    Collect: () => selectionFixture,
    Scan: () => 'job-scan',
    Create: () => 'job-create',
    Open: () => 'job-open',
    CreateEnvelope: () => ({ ...envelopesFixture[0], id: 'e9', path: 'C:\\saved\\封筒.html' }),
    Envelopes: () => envelopesFixture,
    RevokeEnvelope: () => undefined,
    Register: () => registerFixture,
    SaveCopy: () => 'C:\\saved\\copy.age',
    PassphraseShown: () => undefined,
    PassphraseHidden: () => undefined,
    ...overrides,
  };
}

export const clientsFixture = [
  { id: 'c1', code: 'A001', name: '株式会社あおば', kind: 'corporation' },
  { id: 'c2', code: 'S002', name: 'さくら商事', kind: 'corporation' },
];

export { fakeVault };
