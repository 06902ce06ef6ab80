import { Button, Empty, List, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useJobs } from '../stores/jobs';
import { jobKindText, jobStageText } from '../i18n';
import type { JobView } from '../types/jobs';

function percent(j: JobView): number | undefined {
  return j.total > 0 ? Math.min(100, Math.floor((j.done / j.total) * 100)) : undefined;
}

/** JobsPanel lists running jobs, each with a progress bar and a cancel button. */
export function JobsPanel() {
  const { t } = useTranslation();
  const jobs = Object.values(useJobs((s) => s.jobs));
  const cancel = useJobs((s) => s.cancel);
  if (jobs.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('status.noJobs')} />;
  return (
    <List
      data-testid="jobs-panel"
      style={{ width: 340 }}
      dataSource={jobs}
      renderItem={(j) => (
        <List.Item
          key={j.id}
          data-testid={`job-${j.id}`}
          actions={[
            <Button key="cancel" size="small" danger disabled={j.cancelling} onClick={() => void cancel(j.id)} data-testid="job-cancel">
              {j.cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
            </Button>,
          ]}
        >
          <div style={{ width: '100%' }}>
            <Typography.Text strong>{jobKindText(t, j.kind)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{jobStageText(t, j.kind, j.stage)}</Typography.Text>
            <Progress
              size="small"
              percent={percent(j)}
              status="active"
              format={() => (j.total > 0 ? t('jobs.progress', { done: j.done.toLocaleString(), total: j.total.toLocaleString() }) : '')}
            />
          </div>
        </List.Item>
      )}
    />
  );
}
