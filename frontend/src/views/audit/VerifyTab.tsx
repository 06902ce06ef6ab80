import { Alert, Button, Card, Progress, Space, Statistic, Tag, Typography } from 'antd';
import { CheckCircleOutlined, SafetyOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../../stores/audit';
import { useJobs } from '../../stores/jobs';
import { errorText } from '../../i18n';
import { logTime } from '../../format/jst';
import { deviceName, problemText } from './format';

/**
 * VerifyTab checks the log in the vault folder for tampering (a job with
 * progress): it names the first bad entry of each device and who signed
 * over it, and tells an interrupted last write (a power cut, a NAS that
 * went away) and entries still waiting for a signature from tampering.
 */
export function VerifyTab() {
  const { t, i18n } = useTranslation();
  const { verifying, verified, verifiedAt, verifyError, verify } = useAudit();
  const job = useJobs((s) => (verifying ? s.jobs[verifying] : undefined));
  const cancel = useJobs((s) => s.cancel);
  const report = verified?.report;
  const names = verified?.names;
  const problems = report?.problems ?? [];
  const torn = report?.torn ?? [];
  const unsigned = (report?.tails ?? []).filter((x) => x.unsigned > 0);

  return (
    <Card
      title={t('audit.verify.title')}
      data-testid="audit-verify"
      extra={
        <Button type="primary" icon={<SafetyOutlined />} loading={!!verifying} onClick={() => void verify()} data-testid="audit-verify-start">
          {verifying ? t('audit.verify.running') : t('audit.verify.start')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860 }}>
        {t('audit.verify.intro')}
      </Typography.Paragraph>
      {verifying && (
        <div style={{ maxWidth: 520, marginBottom: 16 }} data-testid="audit-verify-progress">
          <Typography.Text type="secondary">{t(`jobs.stage.log.verify.${job?.stage || 'read'}`, { defaultValue: t('jobs.stage.unknown') })}</Typography.Text>
          <Space style={{ width: '100%' }}>
            <Progress percent={job && job.total ? Math.floor((job.done / job.total) * 100) : 0} status="active" style={{ width: 400 }} />
            <Button size="small" loading={job?.cancelling} onClick={() => void cancel(verifying)} data-testid="audit-verify-cancel">
              {job?.cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
            </Button>
          </Space>
        </div>
      )}
      {verifyError && <Alert type="error" showIcon title={errorText(t, verifyError)} data-testid="audit-verify-error" />}
      {report && !verifying && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-verify-report">
          {problems.length === 0 ? (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              title={t('audit.verify.ok')}
              description={verifiedAt ? t('audit.verify.at', { time: logTime(verifiedAt, i18n.language) }) : undefined}
              data-testid="audit-verify-ok"
            />
          ) : (
            <Alert type="error" showIcon icon={<WarningOutlined />} title={t('audit.verify.problems', { count: problems.length })} description={t('audit.verify.problemsHelp')} data-testid="audit-verify-bad" />
          )}
          <Space size="large" wrap>
            <Statistic title={t('audit.verify.devices')} value={report.devices} />
            <Statistic title={t('audit.verify.entries')} value={report.entries} />
            <Statistic title={t('audit.verify.checkpoints')} value={report.checkpoints} />
            <Statistic title={t('audit.verify.ops')} value={report.ops} />
          </Space>
          {problems.length > 0 && (
            <div role="list" data-testid="audit-verify-problems">
              {problems.map((p, i) => (
                <div key={`${p.kind}-${p.device}-${i}`} role="listitem" className="kinko-audit-item">
                  <Space orientation="vertical" size={2}>
                    <Space>
                      <Tag color="red">{t(`audit.verify.kind.${p.kind}`, { defaultValue: p.kind })}</Tag>
                      <Typography.Text strong>{deviceName(names, p.device)}</Typography.Text>
                    </Space>
                    <Typography.Text data-testid="audit-verify-problem">{problemText(t, names, p)}</Typography.Text>
                    {p.op && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('audit.verify.firstBad', { op: p.op })}
                      </Typography.Text>
                    )}
                  </Space>
                </div>
              ))}
            </div>
          )}
          {torn.map((x) => (
            <Alert key={`torn-${x.device}`} type="info" showIcon title={t('audit.verify.torn', { device: deviceName(names, x.device), after: x.after })} data-testid="audit-verify-torn" />
          ))}
          {unsigned.map((x) => (
            <Alert key={`tail-${x.device}`} type="info" showIcon title={t('audit.verify.unsigned', { device: deviceName(names, x.device), count: x.unsigned })} />
          ))}
        </Space>
      )}
    </Card>
  );
}
