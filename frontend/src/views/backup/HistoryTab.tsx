import { useEffect } from 'react';
import { Alert, Button, Popover, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BackupRun } from '../../bridge';
import { useBackup } from '../../stores/backup';
import { backupError, backupTime, durationText, sizeText } from './format';
import { PlanPicker } from './PlanPicker';
import { ResultTag, UnreadFiles } from './StatusTab';

/**
 * HistoryTab is the area's 履歴: a plan's runs on this PC, newest first,
 * with how long each took, how much it covered and wrote, and its result.
 * A virtual table: years of runs scroll smoothly.
 */
export function HistoryTab() {
  const { t, i18n } = useTranslation();
  const plan = useBackup((s) => s.plan);
  const runs = useBackup((s) => (s.plan ? s.history[s.plan] : undefined));
  const loading = useBackup((s) => s.historyLoading);
  const error = useBackup((s) => s.historyError);
  const load = useBackup((s) => s.loadHistory);
  useEffect(() => {
    if (plan) void load(plan);
  }, [plan, load]);
  if (!plan) return null;

  const columns: ColumnsType<BackupRun> = [
    { key: 'at', title: t('backup.history.at'), width: 200, render: (_, r) => <span data-testid="backup-history-at">{backupTime(r.at, i18n.language)}</span> },
    { key: 'duration', title: t('backup.history.duration'), width: 120, align: 'right', render: (_, r) => durationText(t, r.millis) },
    { key: 'files', title: t('backup.history.files'), width: 120, align: 'right', render: (_, r) => <span data-testid="backup-history-files">{r.files.toLocaleString()}</span> },
    { key: 'bytes', title: t('backup.history.size'), width: 110, align: 'right', render: (_, r) => sizeText(r.bytes) },
    { key: 'written', title: t('backup.history.written'), width: 110, align: 'right', render: (_, r) => sizeText(r.written) },
    {
      key: 'result',
      title: t('backup.history.result'),
      render: (_, r) => (
        <Space size={4} wrap>
          <ResultTag result={r.result} />
          {(r.errors ?? []).length > 0 && (
            <Popover content={<div style={{ maxWidth: 520 }}><UnreadFiles errors={r.errors ?? []} /></div>} trigger="click">
              <Typography.Link data-testid="backup-history-unread">{t('backup.status.unread', { count: r.errors!.length })}</Typography.Link>
            </Popover>
          )}
          {r.error && <Typography.Text type="danger">{backupError(t, r.error)}</Typography.Text>}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="backup-history">
      <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
        <PlanPicker />
        <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load(plan)} data-testid="backup-history-refresh">
          {t('backup.refresh')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={backupError(t, error)} style={{ marginBottom: 12 }} />}
      <Table<BackupRun>
        virtual
        rowKey={(r) => `${r.at}-${r.snapshot ?? ''}`}
        size="small"
        loading={loading && !runs}
        columns={columns}
        dataSource={runs ?? []}
        pagination={false}
        scroll={{ x: 900, y: 520 }}
        locale={{ emptyText: t('backup.history.empty') }}
      />
    </div>
  );
}
