import { Badge, Popover, Space, Typography } from 'antd';
import { DatabaseOutlined, SyncOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSystem } from '../stores/system';
import { useJobs } from '../stores/jobs';
import { JobsPanel } from './JobsPanel';
import { errorText } from '../i18n';

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
