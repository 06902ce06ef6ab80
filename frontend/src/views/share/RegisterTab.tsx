import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ShareFile, ShareRecord } from '../../bridge';
import { useShare } from '../../stores/share';
import { backupTime, sizeText } from '../backup/format';
import { expiryText, shareError } from './format';

type Direction = '' | 'out' | 'in';
type Validity = '' | 'valid' | 'expired';

/** matches is the register's search: names, purpose, message, file names and hashes. */
export function matches(r: ShareRecord, q: string): boolean {
  if (!q) return true;
  const needle = q.normalize('NFKC').toLowerCase();
  const hay = [r.clientName, r.personName, r.userName, r.purpose, r.message, r.id, ...(r.files ?? []).flatMap((f) => [f.path, f.sha256])]
    .join('\n')
    .normalize('NFKC')
    .toLowerCase();
  return hay.includes(needle);
}

/**
 * RegisterTab is 送受信台帳: what was sent, to whom, why, when, until when,
 * the files with their SHA-256; what came back. A virtual table: years of
 * packages scroll smoothly. The copy an office keeps of an outgoing package
 * can be saved again until it expires, then it is deleted.
 */
export function RegisterTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const register = useShare((s) => s.register);
  const loading = useShare((s) => s.registerLoading);
  const error = useShare((s) => s.registerError);
  const load = useShare((s) => s.loadRegister);
  const saveCopy = useShare((s) => s.saveCopy);
  const [client, setClient] = useState<string>();
  const [direction, setDirection] = useState<Direction>('');
  const [validity, setValidity] = useState<Validity>('');
  const [q, setQ] = useState('');

  useEffect(() => {
    void load();
  }, [load]);

  const rows = register ?? [];
  const clientOptions = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of rows) m.set(r.client, r.clientName || r.client);
    return [...m].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'ja'));
  }, [rows]);
  const shown = rows.filter(
    (r) =>
      (!client || r.client === client) &&
      (!direction || r.direction === direction) &&
      (!validity || (validity === 'expired') === r.expired) &&
      matches(r, q.trim()),
  );

  const onSave = async (r: ShareRecord) => {
    const res = await saveCopy(r.client, r.id);
    if (res.error) void message.error(shareError(t, res.error));
    else if (res.path) void message.success(t('share.reg.copySaved', { path: res.path }));
  };

  const columns = [
    { key: 'created', title: t('share.col.when'), width: 150, render: (_: unknown, r: ShareRecord) => <span style={{ whiteSpace: 'nowrap', fontSize: 13 }}>{backupTime(r.created, i18n.language)}</span> },
    {
      key: 'direction',
      title: t('share.col.direction'),
      width: 76,
      render: (_: unknown, r: ShareRecord) => (
        <Tag color={r.direction === 'in' ? 'blue' : 'gold'} data-testid="share-reg-direction" data-direction={r.direction}>
          {t(`share.direction.${r.direction === 'in' ? 'in' : 'out'}`)}
        </Tag>
      ),
    },
    { key: 'client', title: t('share.col.client'), width: 110, ellipsis: true, render: (_: unknown, r: ShareRecord) => r.clientName || r.client },
    { key: 'person', title: t('share.col.person'), width: 90, ellipsis: true, render: (_: unknown, r: ShareRecord) => r.personName || '—' },
    { key: 'user', title: t('share.col.user'), width: 80, ellipsis: true, render: (_: unknown, r: ShareRecord) => r.userName || r.user },
    {
      key: 'purpose',
      title: t('share.col.purpose'),
      width: 160,
      render: (_: unknown, r: ShareRecord) => (
        <Space size={2} orientation="vertical">
          <span>{r.purpose || (r.direction === 'in' ? t('share.reg.returned') : '')}</span>
          {r.override && (
            <Tooltip title={t('share.reg.overrideHelp', { purpose: t(`purpose.${r.override.purpose}`, { defaultValue: r.override.purpose }), reason: r.override.reason })}>
              <Tag color="red" icon={<WarningOutlined />} style={{ fontSize: 11, marginInlineEnd: 0, whiteSpace: 'normal' }} data-testid="share-reg-override">
                {t('share.reg.override')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'files',
      title: t('share.col.files'),
      width: 80,
      render: (_: unknown, r: ShareRecord) => (
        <span data-testid="share-reg-files">
          {t('share.reg.files', { count: (r.files ?? []).length })}
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {sizeText(r.bytes)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'expires',
      title: t('share.col.expires'),
      width: 130,
      render: (_: unknown, r: ShareRecord) =>
        r.direction === 'in' ? (
          '—'
        ) : (
          <Space size={4} wrap>
            <span>{expiryText(r.expires, i18n.language)}</span>
            {r.expired && <Tag data-testid="share-reg-expired">{t('share.expired')}</Tag>}
          </Space>
        ),
    },
    {
      key: 'copy',
      title: t('share.col.copy'),
      width: 110,
      render: (_: unknown, r: ShareRecord) => {
        if (r.direction === 'in') return '—';
        if (r.deleted) return <Typography.Text type="secondary">{t('share.reg.deleted', { date: expiryText(r.deleted, i18n.language) })}</Typography.Text>;
        if (r.copy && !r.expired)
          return (
            <Button size="small" icon={<DownloadOutlined />} onClick={() => void onSave(r)} data-testid="share-reg-save">
              {t('share.reg.save')}
            </Button>
          );
        return <Typography.Text type="secondary">{t('share.reg.noCopy')}</Typography.Text>;
      },
    },
  ];

  return (
    <div data-testid="share-register">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('share.reg.allClients')}
          value={client}
          onChange={setClient}
          options={clientOptions}
          style={{ width: 220 }}
          aria-label={t('share.col.client')}
          data-testid="share-reg-client"
        />
        <Select<Direction>
          value={direction}
          onChange={setDirection}
          style={{ width: 150 }}
          aria-label={t('share.col.direction')}
          options={[
            { value: '', label: t('share.reg.bothDirections') },
            { value: 'out', label: t('share.direction.out') },
            { value: 'in', label: t('share.direction.in') },
          ]}
          data-testid="share-reg-direction-filter"
        />
        <Select<Validity>
          value={validity}
          onChange={setValidity}
          style={{ width: 150 }}
          aria-label={t('share.col.expires')}
          options={[
            { value: '', label: t('share.reg.anyValidity') },
            { value: 'valid', label: t('share.reg.valid') },
            { value: 'expired', label: t('share.expired') },
          ]}
          data-testid="share-reg-validity"
        />
        <Input.Search allowClear placeholder={t('share.reg.search')} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 260 }} data-testid="share-reg-search" />
        <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="share-reg-refresh">
          {t('share.refresh')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={shareError(t, error)} style={{ marginBottom: 12 }} data-testid="share-reg-error" />}
      <Table<ShareRecord>
        size="small"
        rowKey={(r) => `${r.direction}-${r.id}`}
        loading={loading && !register}
        columns={columns}
        dataSource={shown}
        pagination={false}
        virtual
        scroll={{ x: 1022, y: 460 }}
        expandable={{ columnWidth: 32, expandedRowRender: (r) => <FileList files={r.files ?? []} message={r.message} />, rowExpandable: (r) => (r.files ?? []).length > 0 || !!r.message }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={rows.length ? t('share.reg.noMatch') : t('share.reg.empty')} /> }}
        data-testid="share-reg-table"
      />
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} data-testid="share-reg-count">
        {t('share.reg.count', { shown: shown.length, total: rows.length })}
      </Typography.Text>
    </div>
  );
}

/** FileList is a register row's files: path, size and SHA-256 (to compare with what the client received). */
function FileList({ files, message }: { files: ShareFile[]; message?: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid="share-reg-filelist" style={{ padding: '4px 0' }}>
      {message && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
          <Typography.Text type="secondary">{t('share.send.message')}：</Typography.Text>
          {message}
        </Typography.Paragraph>
      )}
      <table style={{ width: '100%', fontSize: 12, borderCollapse: 'collapse' }}>
        <thead>
          <tr style={{ textAlign: 'left', color: '#6b5a45' }}>
            <th style={{ padding: '2px 8px 2px 0' }}>{t('share.send.col.name')}</th>
            <th style={{ padding: '2px 8px', textAlign: 'right' }}>{t('share.send.col.size')}</th>
            <th style={{ padding: '2px 0 2px 8px' }}>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.path}>
              <td style={{ padding: '2px 8px 2px 0', wordBreak: 'break-all' }}>{f.path}</td>
              <td style={{ padding: '2px 8px', textAlign: 'right', whiteSpace: 'nowrap' }}>{sizeText(f.size)}</td>
              <td style={{ padding: '2px 0 2px 8px', fontFamily: 'Consolas, monospace', wordBreak: 'break-all' }}>
                <Typography.Text copyable={{ text: f.sha256 }} style={{ fontSize: 12, fontFamily: 'inherit' }}>
                  {f.sha256}
                </Typography.Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
