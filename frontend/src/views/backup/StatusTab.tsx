import { useEffect } from 'react';
import { Alert, App, Badge, Button, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CloudUploadOutlined, LockOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BackupLevel, BackupPlan } from '../../bridge';
import { runningJob, useBackup } from '../../stores/backup';
import { backupError, backupTime, daysText, levelColour, levelTag, timeMs } from './format';
import { JobProgress } from '../../components/JobProgress';

/** LevelTag names a warning level in its colour. */
export function LevelTag({ level }: { level: string }) {
  const { t } = useTranslation();
  const l = (level || 'none') as BackupLevel;
  return (
    <Tag color={levelTag[l] ?? 'default'} data-testid="backup-level" data-level={l}>
      {t(`backup.level.${l}`, { defaultValue: l })}
    </Tag>
  );
}

/** DestBadge says whether a plan's destination is attached now (this PC's plans only). */
export function DestBadge({ plan }: { plan: BackupPlan }) {
  const { t } = useTranslation();
  if (!plan.mine) return <Typography.Text type="secondary">{plan.dest.label || plan.dest.path}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Badge status={plan.dest.present ? 'success' : 'default'} text={plan.dest.label || plan.dest.path} />
      <Tag color={plan.dest.present ? 'green' : 'default'} data-testid="backup-dest-present" data-present={plan.dest.present}>
        {plan.dest.present ? t('backup.dest.present') : t('backup.dest.absent')}
      </Tag>
    </Space>
  );
}

/**
 * StatusTab is the area's 状況: per plan of this PC the last success, the
 * next run, the destination, the days since the last backup with its level,
 * the files the last run could not read (by name), the ransomware guard's
 * flag with the last good snapshot; the other PCs' plans below.
 */
export function StatusTab() {
  const { t } = useTranslation();
  const overview = useBackup((s) => s.overview);
  const history = useBackup((s) => s.history);
  const loadHistory = useBackup((s) => s.loadHistory);
  const setTab = useBackup((s) => s.setTab);
  const plans = overview?.plans ?? [];
  const mine = plans.filter((p) => p.mine);
  const others = plans.filter((p) => !p.mine);
  const mineIds = mine.map((p) => p.id).join(',');

  // The last run's unreadable files are in the history.
  useEffect(() => {
    for (const id of mineIds.split(',').filter(Boolean)) void loadHistory(id);
  }, [mineIds, loadHistory]);

  if (!overview) return null;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="backup-status">
      {overview.canManage && ['warning', 'alert'].includes(overview.office) && (
        <Alert type={overview.office === 'alert' ? 'error' : 'warning'} showIcon title={t(`backup.office.${overview.office}`)} data-testid="backup-office-level" />
      )}
      {mine.length === 0 ? (
        <Empty
          description={overview.canManage ? t('backup.status.noPlanAdmin') : t('backup.status.noPlan')}
          data-testid="backup-no-plan"
        >
          {overview.canManage && (
            <Button type="primary" onClick={() => setTab('plans')} data-testid="backup-go-plans">
              {t('backup.status.createPlan')}
            </Button>
          )}
        </Empty>
      ) : (
        mine.map((p) => <PlanStatus key={p.id} plan={p} lastErrors={history[p.id]?.[0]?.errors ?? []} />)
      )}
      {others.length > 0 && <OtherPlans plans={others} />}
    </Space>
  );
}

function PlanStatus({ plan, lastErrors }: { plan: BackupPlan; lastErrors: Array<{ path: string; reason: string }> }) {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const canManage = useBackup((s) => s.overview?.canManage ?? false);
  const job = useBackup((s) => runningJob(s, plan));
  const runNow = useBackup((s) => s.runNow);
  const clearFlag = useBackup((s) => s.clearFlag);
  const st = plan.state;
  const level = (st.level || 'none') as BackupLevel;
  const flag = st.flag;

  const run = async () => {
    const err = await runNow(plan.id);
    if (err) void message.error(backupError(t, err));
  };
  const accept = () =>
    modal.confirm({
      title: t('backup.flag.clearTitle'),
      content: t('backup.flag.clearBody'),
      okText: t('backup.flag.clear'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'backup-flag-clear-ok' } as object) },
      onOk: async () => {
        const err = await clearFlag(plan.id);
        if (err) void message.error(backupError(t, err));
      },
    });

  return (
    <Card
      data-testid="backup-plan-status"
      data-plan={plan.id}
      title={
        <Space>
          <span>{plan.name}</span>
          <LevelTag level={level} />
        </Space>
      }
      extra={
        <Button type="primary" icon={<CloudUploadOutlined />} disabled={!!job || !plan.dest.present} onClick={() => void run()} data-testid="backup-run-now">
          {job ? t('backup.status.running') : t('backup.status.runNow')}
        </Button>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {job && <JobProgress id={job} testid="backup-run" />}
        {flag && (
          <Alert
            type="error"
            showIcon
            icon={<WarningOutlined />}
            data-testid="backup-flag"
            title={t('backup.flag.title')}
            description={
              <Space orientation="vertical" size={4}>
                <span>{t('backup.flag.what', { changed: flag.changed, total: flag.total, entropy: flag.highEntropy, renamed: flag.renamed, time: backupTime(flag.at, i18n.language) })}</span>
                <span data-testid="backup-flag-last-good">
                  {timeMs(flag.lastGoodTime) ? t('backup.flag.lastGood', { time: backupTime(flag.lastGoodTime, i18n.language) }) : t('backup.flag.noLastGood')}
                </span>
                <span>{t('backup.flag.paused')}</span>
              </Space>
            }
            action={
              canManage ? (
                <Button danger size="small" onClick={accept} data-testid="backup-flag-clear">
                  {t('backup.flag.clear')}
                </Button>
              ) : undefined
            }
          />
        )}
        {!plan.dest.present && <Alert type={level === 'alert' || level === 'warning' ? 'warning' : 'info'} showIcon title={t('backup.status.attach', { label: plan.dest.label || plan.dest.path })} data-testid="backup-attach" />}
        {st.error && <Alert type="error" showIcon title={backupError(t, st.error)} data-testid="backup-last-error" />}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t('backup.status.daysSince')}>
            <Typography.Text strong style={{ color: levelColour[level] }} data-testid="backup-days">
              {daysText(t, st.daysSince)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.status.lastSuccess')}>
            <span data-testid="backup-last-success">{backupTime(st.lastSuccess, i18n.language) || t('backup.days.never')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.status.lastResult')}>
            {st.result ? <ResultTag result={st.result} /> : '—'} {timeMs(st.lastRun) ? <Typography.Text type="secondary">{backupTime(st.lastRun, i18n.language)}</Typography.Text> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.status.nextRun')}>
            <span data-testid="backup-next-run">{nextRunText(t, plan, i18n.language)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.status.dest')} span={2}>
            <DestBadge plan={plan} />
            {plan.dest.path && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }} copyable>
                {plan.dest.path}
              </Typography.Text>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('backup.status.sources')} span={2}>
            <Space orientation="vertical" size={0}>
              {plan.vault && <span>{t('backup.plan.vaultSource')}</span>}
              {plan.sources.map((s) => (
                <span key={s.path}>{s.path}</span>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {lastErrors.length > 0 && <UnreadFiles errors={lastErrors} />}
      </Space>
    </Card>
  );
}

/** nextRunText says when the plan runs next: a time, on attaching the drive, or on changes. */
function nextRunText(t: ReturnType<typeof useTranslation>['t'], plan: BackupPlan, lang: string): string {
  if (!plan.dest.present) return t('backup.status.nextOnAttach');
  const next = backupTime(plan.state.nextRun, lang);
  if (next) return next;
  return plan.schedule.watch ? t('backup.status.nextOnChange') : t('backup.status.nextNone');
}

/** ResultTag is a run's result in words. */
export function ResultTag({ result }: { result: string }) {
  const { t } = useTranslation();
  const colour: Record<string, string> = { ok: 'green', incomplete: 'gold', failed: 'red', canceled: 'default', flagged: 'red' };
  return (
    <Tag color={colour[result] ?? 'default'} data-testid="backup-result" data-result={result}>
      {t(`backup.result.${result}`, { defaultValue: result })}
    </Tag>
  );
}

/** UnreadFiles names the files the last run could not read (locked by another program, …): never skipped silently. */
export function UnreadFiles({ errors }: { errors: Array<{ path: string; reason: string }> }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      icon={<LockOutlined />}
      title={t('backup.status.unread', { count: errors.length })}
      data-testid="backup-unread"
      description={
        <List
          size="small"
          dataSource={errors.slice(0, 50)}
          renderItem={(e) => (
            <List.Item style={{ padding: '2px 0' }} data-testid="backup-unread-file">
              <Typography.Text code>{e.path}</Typography.Text> <Typography.Text type="secondary">{t(`backup.reason.${e.reason}`, { defaultValue: t('backup.reason.io') })}</Typography.Text>
            </List.Item>
          )}
          footer={errors.length > 50 ? t('backup.status.unreadMore', { count: errors.length - 50 }) : undefined}
        />
      }
    />
  );
}

/** OtherPlans lists the other PCs' plans, read-only: they run on their own PC. */
export function OtherPlans({ plans }: { plans: BackupPlan[] }) {
  const { t, i18n } = useTranslation();
  const columns: ColumnsType<BackupPlan> = [
    { key: 'pc', title: t('backup.plan.pc'), width: 160, render: (_, p) => p.deviceName || p.device },
    { key: 'name', title: t('backup.plan.name'), render: (_, p) => p.name },
    { key: 'level', title: t('backup.status.level'), width: 130, render: (_, p) => <LevelTag level={p.state.level} /> },
    { key: 'last', title: t('backup.status.lastSuccess'), width: 200, render: (_, p) => backupTime(p.state.lastSuccess, i18n.language) || t('backup.days.never') },
    { key: 'dest', title: t('backup.status.dest'), render: (_, p) => p.dest.label || p.dest.path },
  ];
  return (
    <Card title={t('backup.status.others')} size="small" data-testid="backup-others">
      <Typography.Paragraph type="secondary">{t('backup.status.othersHelp')}</Typography.Paragraph>
      <Table<BackupPlan> rowKey="id" size="small" pagination={false} columns={columns} dataSource={plans} />
    </Card>
  );
}
