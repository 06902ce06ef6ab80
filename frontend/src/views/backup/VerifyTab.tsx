import { Alert, Button, Card, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined, SafetyOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BackupDamage } from '../../bridge';
import { useBackup } from '../../stores/backup';
import { backupError, backupTime, sizeText } from './format';
import { JobProgress } from '../../components/JobProgress';
import { PlanPicker } from './PlanPicker';

/**
 * VerifyTab is the area's 検証: read the destination back (a sample, or
 * everything) and name the files bit rot damaged.
 */
export function VerifyTab() {
  const { t, i18n } = useTranslation();
  const plan = useBackup((s) => s.plan);
  const v = useBackup((s) => (s.verify?.plan === s.plan ? s.verify : undefined));
  const start = useBackup((s) => s.startVerify);
  if (!plan) return null;
  const report = v?.report;
  const damaged = report?.damaged ?? [];
  const columns: ColumnsType<BackupDamage> = [
    { key: 'path', title: t('backup.verify.path'), render: (_, d) => <Typography.Text code data-testid="backup-damaged-path">{d.path}</Typography.Text> },
    { key: 'source', title: t('backup.restore.source'), width: 260, render: (_, d) => d.source },
    { key: 'reason', title: t('backup.verify.reason'), width: 200, render: (_, d) => t(`backup.verify.reasons.${d.reason}`, { defaultValue: t('backup.verify.reasons.damaged') }) },
  ];
  return (
    <Card
      title={t('backup.verify.title')}
      data-testid="backup-verify"
      extra={
        <Space>
          <Button icon={<SafetyOutlined />} disabled={!!v?.job} onClick={() => void start(plan, false)} data-testid="backup-verify-sample">
            {t('backup.verify.sample')}
          </Button>
          <Button type="primary" icon={<SafetyOutlined />} disabled={!!v?.job} onClick={() => void start(plan, true)} data-testid="backup-verify-full">
            {t('backup.verify.full')}
          </Button>
        </Space>
      }
    >
      <PlanPicker />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>
        {t('backup.verify.intro')}
      </Typography.Paragraph>
      {v?.job && <JobProgress id={v.job} testid="backup-verify" />}
      {v?.status === 'canceled' && <Alert type="info" showIcon title={t('backup.verify.canceled')} />}
      {v?.status === 'failed' && v.error && damaged.length === 0 && <Alert type="error" showIcon title={backupError(t, v.error)} data-testid="backup-verify-error" />}
      {report && !v?.job && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="backup-verify-report">
          {damaged.length === 0 ? (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              data-testid="backup-verify-ok"
              title={v?.full ? t('backup.verify.okFull') : t('backup.verify.okSample')}
              description={v?.at ? t('backup.verify.at', { time: backupTime(v.at, i18n.language) }) : undefined}
            />
          ) : (
            <Alert type="error" showIcon icon={<WarningOutlined />} data-testid="backup-verify-bad" title={t('backup.verify.damaged', { count: damaged.length })} description={t('backup.verify.damagedHelp')} />
          )}
          <Space size="large" wrap>
            <Statistic title={t('backup.verify.snapshots')} value={report.snapshots} />
            <Statistic title={t('backup.history.files')} value={report.files} />
            <Statistic title={t('backup.verify.bytes')} value={sizeText(report.bytes)} />
          </Space>
          {damaged.length > 0 && (
            <Table<BackupDamage>
              virtual
              rowKey={(d) => `${d.snapshot}/${d.source}/${d.path}`}
              size="small"
              columns={columns}
              dataSource={damaged}
              pagination={false}
              scroll={{ y: 400 }}
              data-testid="backup-damaged"
            />
          )}
        </Space>
      )}
    </Card>
  );
}
