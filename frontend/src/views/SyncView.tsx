import { useEffect } from 'react';
import { Alert, Badge, Button, Card, Descriptions, Empty, List, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined, DesktopOutlined, SafetyOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ConflictView, DeviceStatus, VerifyProblem } from '../bridge';
import { useVault } from '../stores/vault';
import { errorText, problemText } from '../i18n';
import { formatDateTime } from '../format/wareki';
import { HeldCard } from './HeldChanges';

const mono = '"Consolas", "BIZ UDGothic", "Courier New", monospace';

/** SyncView is the vault's health: the folder, the connection, the PCs, conflicts and the full check. */
export function SyncView() {
  const { t, i18n } = useTranslation();
  const status = useVault((s) => s.status);
  const vault = useVault((s) => s.state?.vault);
  const syncing = useVault((s) => s.syncing);
  const syncError = useVault((s) => s.syncError);
  const syncNow = useVault((s) => s.syncNow);
  const loadStatus = useVault((s) => s.loadStatus);
  useEffect(() => {
    void loadStatus();
  }, [loadStatus]);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 1100 }} data-testid="area-vault">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap' }}>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('sync.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ maxWidth: 720, margin: 0 }}>
            {t('sync.intro')}
          </Typography.Paragraph>
        </div>
        <Button type="primary" icon={<SyncOutlined spin={syncing} />} loading={false} disabled={syncing} onClick={() => void syncNow()} data-testid="sync-now">
          {t('sync.now')}
        </Button>
      </div>
      {syncError && <Alert type="warning" showIcon title={errorText(t, syncError)} data-testid="sync-error" />}
      <Card title={t('sync.vaultCard')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('sync.name')}>{status?.name || vault?.name}</Descriptions.Item>
          <Descriptions.Item label={t('sync.id')}>
            <Typography.Text style={{ fontFamily: mono }} copyable={!!vault}>
              {vault?.id}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sync.folder')} span={2}>
            <Typography.Text copyable={!!vault} data-testid="sync-folder">
              {status?.folder || vault?.folder}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sync.connection')} span={2}>
            {status ? (
              status.reachable ? (
                <Badge status="success" text={<span data-testid="sync-reachable">{t('sync.reachable')}</span>} />
              ) : (
                <Space orientation="vertical" size={0}>
                  <Badge status="error" text={<span data-testid="sync-reachable">{t(status.folderFull ? 'sync.full' : 'sync.unreachable')}</span>} />
                  <Typography.Text type="secondary">{t(status.folderFull ? 'sync.fullHelp' : 'sync.unreachableHelp')}</Typography.Text>
                </Space>
              )
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('sync.lastSync')}>
            <span data-testid="sync-last">{status?.lastSync ? formatDateTime(status.lastSync, i18n.language) : t('sync.never')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('sync.outbox')}>
            <span data-testid="sync-outbox">{status ? t('sync.outboxCount', { count: status.outbox }) : '—'}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <DevicesCard devices={status?.devices ?? []} />
      {(status?.quarantined ?? 0) > 0 && (
        <Alert type="warning" showIcon title={t('sync.quarantined', { count: status!.quarantined })} description={t('sync.quarantinedHelp')} data-testid="sync-quarantined" />
      )}
      <HeldCard quarantined={status?.quarantined ?? 0} />
      {((status?.restored ?? 0) > 0 || (status?.restoredBlobs ?? 0) > 0) && (
        <Alert
          type="warning"
          showIcon
          title={t('sync.restored', { count: status!.restored, blobs: status!.restoredBlobs })}
          description={t('sync.restoredHelp')}
          data-testid="sync-restored"
        />
      )}
      {(status?.unrestorable ?? 0) > 0 && (
        <Alert type="error" showIcon title={t('sync.unrestorable', { count: status!.unrestorable })} description={t('sync.unrestorableHelp')} data-testid="sync-unrestorable" />
      )}
      {(status?.resealed ?? 0) > 0 && (
        <Alert type="info" showIcon title={t('sync.resealed', { count: status!.resealed })} description={t('sync.resealedHelp')} data-testid="sync-resealed" />
      )}
      <ConflictsCard count={status?.conflicts ?? 0} />
      <VerifyCard />
    </Space>
  );
}

function DevicesCard({ devices }: { devices: DeviceStatus[] }) {
  const { t, i18n } = useTranslation();
  const columns: ColumnsType<DeviceStatus> = [
    {
      key: 'name',
      title: t('sync.pc'),
      render: (_, d) => (
        <Space>
          <DesktopOutlined />
          <span>{d.name || t('sync.unknownPc')}</span>
          {d.self && <Tag color="blue">{t('sync.thisPc')}</Tag>}
          {d.broken === 'behind' ? (
            <Tooltip title={t('sync.behindHelp')}>
              <Tag color="orange" icon={<SyncOutlined />} data-testid="device-behind">
                {t('sync.behind')}
              </Tag>
            </Tooltip>
          ) : (
            d.broken && (
              <Tooltip title={t('sync.brokenHelp')}>
                <Tag color="red" icon={<WarningOutlined />} data-testid="device-broken">
                  {t('sync.broken')}
                </Tag>
              </Tooltip>
            )
          )}
        </Space>
      ),
    },
    { key: 'os', title: t('sync.osUser'), render: (_, d) => [d.osUser, d.os ? t(`os.${d.os}`, { defaultValue: d.os }) : ''].filter(Boolean).join(' / ') || '—' },
    { key: 'last', title: t('sync.lastActivity'), render: (_, d) => (d.lastOp ? formatDateTime(d.lastOp, i18n.language) : t('sync.noActivity')) },
    { key: 'segments', title: t('sync.segments'), align: 'right', render: (_, d) => d.segments.toLocaleString() },
  ];
  return (
    <Card title={t('sync.devices')}>
      <Table<DeviceStatus>
        data-testid="sync-devices"
        rowKey="id"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={devices}
        expandable={{
          rowExpandable: (d) => !!d.broken,
          expandedRowRender: (d) => <BrokenText device={d} />,
          showExpandColumn: devices.some((d) => d.broken),
          defaultExpandAllRows: true,
        }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('sync.devicesHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

function BrokenText({ device }: { device: DeviceStatus }) {
  const { t } = useTranslation();
  return (
    <Alert
      type={device.broken === 'behind' ? 'warning' : 'error'}
      showIcon
      title={problemText(t, { kind: 'chain', reason: device.broken ?? '' })}
      description={t(device.broken === 'behind' ? 'sync.behindAt' : 'sync.brokenAt', { segment: device.brokenAt ?? 0 })}
      data-testid="device-broken-reason"
    />
  );
}

function ConflictsCard({ count }: { count: number }) {
  const { t, i18n } = useTranslation();
  const conflicts = useVault((s) => s.conflicts);
  const error = useVault((s) => s.conflictsError);
  const load = useVault((s) => s.loadConflicts);
  const resolve = useVault((s) => s.resolveConflict);
  useEffect(() => {
    void load();
  }, [load, count]);
  return (
    <Card title={t('sync.conflicts')} data-testid="sync-conflicts">
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      {conflicts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sync.noConflicts')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('sync.conflictsHelp')}
          </Typography.Paragraph>
          {conflicts.map((c: ConflictView) => (
            <Card key={c.target} size="small" type="inner" title={c.label ? t('sync.conflictRecordNamed', { name: c.label }) : t('sync.conflictRecord')}>
              <div style={{ display: 'grid', gridTemplateColumns: `repeat(${c.versions.length}, minmax(220px, 1fr))`, gap: 12, overflowX: 'auto' }}>
                {c.versions.map((v) => (
                  <div key={v.op} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12, display: 'flex', flexDirection: 'column', gap: 8 }}>
                    <Descriptions column={1} size="small">
                      <Descriptions.Item label={t('sync.author')}>{v.author || t('sync.unknownUser')}</Descriptions.Item>
                      <Descriptions.Item label={t('sync.pc')}>{v.device || t('sync.unknownPc')}</Descriptions.Item>
                      <Descriptions.Item label={t('sync.time')}>{formatDateTime(v.time, i18n.language)}</Descriptions.Item>
                    </Descriptions>
                    <pre style={{ flex: 1, margin: 0, padding: 8, background: '#fafafa', whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, maxHeight: 240, overflow: 'auto' }}>
                      {v.deleted ? t('sync.deletedVersion') : v.text}
                    </pre>
                    <Button
                      onClick={async () => {
                        await resolve(c.target, v.op);
                      }}
                    >
                      {t('sync.keepThis')}
                    </Button>
                  </div>
                ))}
              </div>
            </Card>
          ))}
        </Space>
      )}
    </Card>
  );
}

function VerifyCard() {
  const { t, i18n } = useTranslation();
  const verifying = useVault((s) => s.verifying);
  const report = useVault((s) => s.report);
  const reportAt = useVault((s) => s.reportAt);
  const error = useVault((s) => s.verifyError);
  const verify = useVault((s) => s.verify);
  const problems: VerifyProblem[] = report?.problems ?? [];
  return (
    <Card
      title={t('verify.title')}
      extra={
        <Button icon={<SafetyOutlined />} loading={!!verifying} onClick={() => void verify()} data-testid="verify-start">
          {verifying ? t('verify.running') : t('verify.start')}
        </Button>
      }
      data-testid="verify-card"
    >
      <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="verify-error" />}
      {report && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="verify-report">
          {problems.length === 0 ? (
            <Alert type="success" showIcon icon={<CheckCircleOutlined />} title={t('verify.ok')} description={reportAt ? t('verify.at', { time: formatDateTime(reportAt, i18n.language) }) : undefined} />
          ) : (
            <Alert type="error" showIcon title={t('verify.problems', { count: problems.length })} description={t('verify.problemsHelp')} />
          )}
          <Space size="large">
            <Statistic title={t('verify.devices')} value={report.devices} />
            <Statistic title={t('verify.segments')} value={report.segments} />
            <Statistic title={t('verify.ops')} value={report.ops} />
          </Space>
          {problems.length > 0 && (
            <List
              size="small"
              bordered
              dataSource={problems}
              renderItem={(p, i) => (
                <List.Item key={i}>
                  <Space orientation="vertical" size={0}>
                    <Typography.Text>
                      <Tag color="red">{t(`verify.kind.${p.kind}`, { defaultValue: t('verify.kind.other') })}</Tag>
                      {problemText(t, p)}
                    </Typography.Text>
                    {p.file ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: mono }} data-testid="verify-problem-file">
                        {t('verify.file', { file: p.file })}
                      </Typography.Text>
                    ) : p.segment ? (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('verify.where', { segment: p.segment })}
                      </Typography.Text>
                    ) : null}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
