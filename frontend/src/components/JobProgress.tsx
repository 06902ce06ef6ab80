import { Button, Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useJobs } from '../stores/jobs';
import { jobStageText } from '../i18n';

/**
 * JobProgress is a running job of the area where it was started: its stage,
 * a progress bar and the cancel button (the same job is in the status bar's
 * jobs panel).
 */
export function JobProgress({ id, testid }: { id: string; testid: string }) {
  const { t } = useTranslation();
  const job = useJobs((s) => s.jobs[id]);
  const cancel = useJobs((s) => s.cancel);
  const percent = job && job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  return (
    <div style={{ maxWidth: 560 }} data-testid={`${testid}-progress`}>
      <Typography.Text type="secondary">{job ? jobStageText(t, job.kind, job.stage) : t('jobs.stage.unknown')}</Typography.Text>
      <Space style={{ width: '100%' }}>
        <Progress percent={percent} status="active" style={{ width: 420 }} format={() => (job && job.total > 0 ? `${percent}%` : '')} />
        <Button size="small" danger loading={job?.cancelling} onClick={() => void cancel(id)} data-testid={`${testid}-cancel`}>
          {job?.cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
        </Button>
      </Space>
    </div>
  );
}
