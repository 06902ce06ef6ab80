import { Badge, Popover, Space, Typography } from 'antd';
import { CheckCircleOutlined, CloudSyncOutlined, DatabaseOutlined, DisconnectOutlined, ExclamationCircleOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSystem } from '../stores/system';
import { useJobs } from '../stores/jobs';
import { useVault } from '../stores/vault';
import { useNav } from '../stores/nav';
import { JobsPanel } from './JobsPanel';
import { errorText } from '../i18n';
import { BackupIndicator } from '../views/backup/BackupIndicator';

/** StatusBar is the strip at the bottom: data folder, running jobs, version. */
export function StatusBar() {
  const { t } = useTranslation();
  const info = useSystem((s) => s.info);
  const error = useSystem((s) => s.error);
  const running = Object.keys(useJobs((s) => s.jobs)).length;
  return (
    <div data-testid="status-bar" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', fontSize: 12 }}>
      <Space size="middle">
        {error ? (
          <Typography.Text type="danger" data-testid="status-error">
            <WarningOutlined /> {errorText(t, error)}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }} data-testid="status-datadir">
            <DatabaseOutlined /> {info ? t('status.dataDir', { path: info.dataDir }) : t('app.loading')}
          </Typography.Text>
        )}
      </Space>
      <Space size="middle">
        <BackupIndicator />
        <SyncIndicator />
        <Popover content={<JobsPanel />} title={t('jobs.title')} trigger="click" placement="topRight">
          <Typography.Link data-testid="status-jobs">
            <Badge count={running} size="small" offset={[6, 0]}>
              <SyncOutlined spin={running > 0} />
            </Badge>{' '}
            {running > 0 ? t('status.jobsRunning', { count: running }) : t('status.noJobs')}
          </Typography.Link>
        </Popover>
        {info && <Typography.Text type="secondary" data-testid="status-version">{t('status.version', { version: info.version })}</Typography.Text>}
      </Space>
    </div>
  );
}

/** SyncIndicator is the vault's sync state from vault:sync events; a click opens the sync area. */
function SyncIndicator() {
  const { t } = useTranslation();
  const status = useVault((s) => s.status);
  const go = useNav((s) => s.go);
  if (!status) return null;
  let content: React.ReactNode;
  if (!status.reachable) {
    content = (
      <Typography.Text type="danger">
        <DisconnectOutlined /> {status.folderFull ? t('status.sync.full') : t('status.sync.unreachable')}
      </Typography.Text>
    );
  } else if (status.conflicts > 0) {
    content = (
      <Typography.Text type="warning">
        <ExclamationCircleOutlined /> {t('status.sync.conflicts', { count: status.conflicts })}
      </Typography.Text>
    );
  } else if (status.outbox > 0) {
    content = (
      <Typography.Text type="secondary">
        <CloudSyncOutlined /> {t('status.sync.outbox', { count: status.outbox })}
      </Typography.Text>
    );
  } else {
    content = (
      <Typography.Text type="secondary">
        <CheckCircleOutlined style={{ color: '#389e0d' }} /> {t('status.sync.ok')}
      </Typography.Text>
    );
  }
  return (
    <Typography.Link onClick={() => go('vault')} data-testid="status-sync" title={t('status.sync.open')}>
      {content}
    </Typography.Link>
  );
}
