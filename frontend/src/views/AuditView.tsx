import { useEffect } from 'react';
import { Alert, App, Button, Progress, Result, Space, Spin, Tabs, Typography } from 'antd';
import { LockOutlined, ReloadOutlined } from '@ant-design/icons';
import { SaveButtons } from '../components/SaveButtons';
import { useTranslation } from 'react-i18next';
import type { LogFilter, SaveEncoding } from '../bridge';
import { useAudit, type AuditTab } from '../stores/audit';
import { useJobs } from '../stores/jobs';
import { errorText } from '../i18n';
import { jstIso } from '../format/jst';
import { FilterBar } from './audit/FilterBar';
import { LogList, LogTimeline } from './audit/LogList';
import { RecordTab } from './audit/RecordTab';
import { ReviewTab } from './audit/ReviewTab';
import { VerifyTab } from './audit/VerifyTab';
import { AuditCharts } from './audit/AuditCharts';

/**
 * Opening is shown while the log is read: a spinner, and for a large log
 * (read as the job "log.open") its progress and a cancel button.
 */
function Opening() {
  const { t } = useTranslation();
  const job = useJobs((s) => Object.values(s.jobs).find((j) => j.kind === 'log.open'));
  const cancel = useJobs((s) => s.cancel);
  return (
    <div style={{ maxWidth: 480, margin: '80px auto', textAlign: 'center' }} data-testid="audit-opening">
      <Spin size="large" description={t('audit.view.opening')} />
      {job && (
        <Space style={{ width: '100%', marginTop: 24 }} data-testid="audit-opening-progress">
          <Progress percent={job.total ? Math.floor((job.done / job.total) * 100) : 0} status="active" style={{ width: 360 }} />
          <Button size="small" loading={job.cancelling} onClick={() => void cancel(job.id)} data-testid="audit-opening-cancel">
            {job.cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
          </Button>
        </Space>
      )}
    </div>
  );
}

/**
 * AuditView is the アクセスログ area, for 責任者 and 監査: who used which
 * information, for what purpose, when and from which PC — as a list, a
 * timeline, charts, per record — with the monthly review, the tamper check
 * and reports. Everyone else is told who may read the log.
 */
export function AuditView() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { summary, opening, openError, open, tab, setTab, filter, setFilter, stats, statsLoading, loadStats, saveReport, pageError } = useAudit();

  useEffect(() => {
    void open();
  }, [open]);

  useEffect(() => {
    if (tab === 'charts' && !stats && summary) void loadStats();
  }, [tab, stats, summary, loadStats]);

  if (openError?.code === 'access.not_auditor') {
    return (
      <div data-testid="area-audit">
        <Result
          icon={<LockOutlined style={{ color: '#b08d57' }} />}
          title={t('audit.view.notAuditorTitle')}
          subTitle={t('audit.view.notAuditor')}
          data-testid="audit-not-auditor"
        />
      </div>
    );
  }
  if (!summary) {
    return (
      <div data-testid="area-audit">
        {openError ? (
          <Alert
            type={openError.code === 'job.canceled' ? 'info' : 'error'}
            showIcon
            title={openError.code === 'job.canceled' ? t('audit.view.openCanceled') : errorText(t, openError)}
            action={<Button onClick={() => void open()}>{t('audit.view.retry')}</Button>}
            data-testid="audit-open-error"
          />
        ) : (
          <Opening />
        )}
      </div>
    );
  }

  const save = async (format: 'pdf' | 'csv', encoding: SaveEncoding | '') => {
    const r = await saveReport(filter, null, format, encoding, i18n.language);
    if (r.error) void message.error(errorText(t, r.error));
    else if (r.path) void message.success(t('audit.saved', { path: r.path }));
  };
  /** show narrows the list to a window of time and goes there. */
  const show = (f: LogFilter, from: number, to: number) => {
    setFilter({ ...f, from, to }, { period: 'custom', from: jstIso(from), to: jstIso(to - 1) });
    setTab('list');
  };

  const tabs: Array<{ key: AuditTab; label: string; children: React.ReactNode }> = [
    { key: 'list', label: t('audit.tab.list'), children: <LogList /> },
    { key: 'timeline', label: t('audit.tab.timeline'), children: <LogTimeline /> },
    {
      key: 'charts',
      label: t('audit.tab.charts'),
      children:
        stats && !statsLoading ? (
          <AuditCharts
            stats={stats}
            names={summary.names}
            onShowFinding={(f) =>
              show(
                {
                  users: [f.user ?? ''],
                  ...(f.code === 'login.failed' && f.login ? { text: f.login } : {}),
                  ...(f.code === 'burst' || f.code === 'export.large' ? { sensitive: true } : {}),
                },
                f.from,
                f.to + 1,
              )
            }
            onShowDay={(day, user) => {
              const from = Date.parse(`${day}T00:00:00+09:00`);
              show({ users: [user] }, from, from + 24 * 3600e3);
            }}
          />
        ) : !statsLoading && pageError ? (
          <Alert type="error" showIcon title={errorText(t, pageError)} action={<Button onClick={() => void loadStats()}>{t('audit.view.retry')}</Button>} />
        ) : (
          <Spin style={{ display: 'block', margin: '60px auto' }} />
        ),
    },
    { key: 'record', label: t('audit.tab.record'), children: <RecordTab /> },
    { key: 'review', label: t('audit.tab.review'), children: <ReviewTab /> },
    { key: 'verify', label: t('audit.tab.verify'), children: <VerifyTab /> },
  ];
  const filtered = tab === 'list' || tab === 'timeline' || tab === 'charts';

  return (
    <div data-testid="area-audit">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="audit-summary">
          {t('audit.view.summary', { count: summary.entries })}
        </Typography.Text>
        <Space wrap>
          <Button icon={<ReloadOutlined />} loading={opening} onClick={() => void open().then(() => (stats ? loadStats() : undefined))} data-testid="audit-refresh">
            {t('audit.view.refresh')}
          </Button>
          {filtered && (
            <SaveButtons
              testid="audit"
              onSave={(format, encoding) => void save(format, encoding)}
              labels={{ pdf: t('audit.export.pdf'), csv: t('audit.export.csv'), utf8: t('audit.export.csvUtf8'), sjis: t('audit.export.csvSjis') }}
            />
          )}
        </Space>
      </div>
      {summary.unreadable > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('audit.view.unreadable', { count: summary.unreadable })} />}
      {(filtered || tab === 'record') && <FilterBar periodOnly={tab === 'record'} />}
      <Tabs activeKey={tab} onChange={(k) => setTab(k as AuditTab)} items={tabs} destroyOnHidden data-testid="audit-tabs" />
    </div>
  );
}
