import { useEffect } from 'react';
import { Alert, Button, Space, Spin, Tabs, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useBackup, type BackupTab } from '../stores/backup';
import { backupError } from './backup/format';
import { StatusTab } from './backup/StatusTab';
import { PlansTab } from './backup/PlansTab';
import { HistoryTab } from './backup/HistoryTab';
import { RestoreTab } from './backup/RestoreTab';
import { VerifyTab } from './backup/VerifyTab';

/**
 * BackupView is the バックアップ area: the state of this PC's plans, their
 * settings (administrators), the history of runs, the restore browser and
 * the verify. Every job shows its progress with a cancel button here and in
 * the status bar's jobs panel.
 */
export function BackupView() {
  const { t } = useTranslation();
  const overview = useBackup((s) => s.overview);
  const loading = useBackup((s) => s.loading);
  const loadError = useBackup((s) => s.loadError);
  const load = useBackup((s) => s.load);
  const tab = useBackup((s) => s.tab);
  const setTab = useBackup((s) => s.setTab);
  const hasMine = useBackup((s) => s.overview?.plans.some((p) => p.mine) ?? false);

  useEffect(() => {
    void load();
  }, [load]);

  const tabs: Array<{ key: BackupTab; label: string; children: React.ReactNode; disabled?: boolean }> = [
    { key: 'status', label: t('backup.tab.status'), children: <StatusTab /> },
    { key: 'plans', label: t('backup.tab.plans'), children: <PlansTab /> },
    { key: 'history', label: t('backup.tab.history'), children: <HistoryTab />, disabled: !hasMine },
    { key: 'restore', label: t('backup.tab.restore'), children: <RestoreTab />, disabled: !hasMine },
    { key: 'verify', label: t('backup.tab.verify'), children: <VerifyTab />, disabled: !hasMine },
  ];

  return (
    <div data-testid="area-backup" style={{ maxWidth: 1200 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap' }}>
        <div>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('backup.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ maxWidth: 760 }}>
            {t('backup.intro')}
          </Typography.Paragraph>
        </div>
        <Space>
          <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load()} data-testid="backup-refresh">
            {t('backup.refresh')}
          </Button>
        </Space>
      </div>
      {loadError && (
        <Alert type="error" showIcon title={backupError(t, loadError)} action={<Button onClick={() => void load()}>{t('backup.retry')}</Button>} style={{ marginBottom: 12 }} data-testid="backup-load-error" />
      )}
      {!overview && !loadError ? (
        <Spin style={{ display: 'block', margin: '60px auto' }} />
      ) : (
        overview && <Tabs activeKey={tab} onChange={(k) => setTab(k as BackupTab)} items={tabs} destroyOnHidden data-testid="backup-tabs" />
      )}
    </div>
  );
}
