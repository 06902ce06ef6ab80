import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Empty, Pagination, Space, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ClockCircleOutlined, CloseCircleOutlined, FileSearchOutlined, MinusCircleOutlined, SafetyCertificateOutlined, UserOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { LogEntry, LogNames } from '../../bridge';
import { pageSize, useAudit } from '../../stores/audit';
import { errorText } from '../../i18n';
import { jstIso, logClock, logDate, logTime } from '../../format/jst';
import { actionText, deviceName, detailText, purposeText, resultText, sensitiveActions, targetText, trustOf, userName } from './format';

/** ActionTag is an action's name; red for those that take personal information out. */
export function ActionTag({ action }: { action: string }) {
  const { t } = useTranslation();
  const sensitive = sensitiveActions.has(action);
  return (
    <Tag color={sensitive ? 'red' : action === 'login.failed' ? 'orange' : undefined} icon={sensitive ? <WarningOutlined /> : undefined} data-testid="audit-action">
      {actionText(t, action)}
    </Tag>
  );
}

const trustLook = {
  verified: { color: 'green', icon: <SafetyCertificateOutlined /> },
  pending: { color: 'gold', icon: <ClockCircleOutlined /> },
  unsigned: { color: 'default', icon: <MinusCircleOutlined /> },
  unverifiable: { color: 'red', icon: <CloseCircleOutlined /> },
} as const;

/**
 * TrustMark says, beside the user's name, that no signature confirms the
 * entry as that user's: 未確認 (pending: the PC has not signed it yet),
 * 署名なし (written while locked) or, in red, 確認できません; the tooltip
 * says what it means. A verified entry gets no mark unless always is set.
 */
export function TrustMark({ entry, always = false }: { entry: Pick<LogEntry, 'trust'>; always?: boolean }) {
  const { t } = useTranslation();
  const trust = trustOf(entry);
  if (trust === 'verified' && !always) return null;
  const look = trustLook[trust];
  return (
    <Tooltip title={t(`audit.trust.help.${trust}`)}>
      <Tag color={look.color} icon={look.icon} style={{ marginInlineEnd: 0, marginInlineStart: 4 }} data-testid="audit-trust" data-trust={trust}>
        {t(`audit.trust.${trust}`)}
      </Tag>
    </Tooltip>
  );
}

/** EntryUser is who an entry names, with its trust mark: never plainly a user's unless a signature confirms it. */
export function EntryUser({ entry: e, names, strong = false }: { entry: LogEntry; names?: LogNames; strong?: boolean }) {
  const { t } = useTranslation();
  const who = e.user ? (
    <Typography.Text strong={strong}>{userName(t, names, e.user)}</Typography.Text>
  ) : (
    <Typography.Text type="secondary">{e.login ? `${userName(t, names, '')}${t('audit.detail.sep')}${e.login}` : userName(t, names, '')}</Typography.Text>
  );
  return (
    <span data-testid="audit-user">
      {who}
      <TrustMark entry={e} />
    </span>
  );
}

/** ResultText is 成功 in grey, a refusal or failure in colour; short cuts a long reason to one line (the whole on hover). */
export function ResultText({ result, short = false }: { result: string; short?: boolean }) {
  const { t } = useTranslation();
  const text = resultText(t, result);
  if (result === 'ok') return <Typography.Text type="secondary">{text}</Typography.Text>;
  return (
    <Typography.Text type={result === 'denied' ? 'warning' : 'danger'} strong ellipsis={short ? { tooltip: text } : false} data-testid="audit-result-bad">
      {text}
    </Typography.Text>
  );
}

function columns(t: TFunction, lang: string, names?: LogNames): ColumnsType<LogEntry> {
  return [
    // Fixed widths but the record's (which takes the rest) fit the area at
    // the default 1280 px window: the 端末 column is not cut off.
    { key: 'time', title: t('audit.col.time'), width: 190, render: (_, e) => <span data-testid="audit-time">{logTime(e.time, lang)}</span> },
    // No ellipsis: the trust mark after the name must never be cut off.
    { key: 'user', title: t('audit.col.user'), width: 160, render: (_, e) => <EntryUser entry={e} names={names} /> },
    { key: 'action', title: t('audit.col.action'), width: 150, render: (_, e) => <ActionTag action={e.action} /> },
    {
      key: 'target',
      title: t('audit.col.target'),
      ellipsis: true,
      render: (_, e) => (
        <>
          {targetText(t, e, names)}
          {e.detail && <Typography.Text type="secondary">{`${e.label || e.target ? '　' : ''}${detailText(t, e.detail, names)}`}</Typography.Text>}
        </>
      ),
    },
    { key: 'purpose', title: t('audit.col.purpose'), width: 100, ellipsis: true, render: (_, e) => purposeText(t, e.purpose) },
    { key: 'result', title: t('audit.col.result'), width: 90, render: (_, e) => <ResultText result={e.result} short /> },
    { key: 'device', title: t('audit.col.device'), width: 180, ellipsis: true, render: (_, e) => <span data-testid="audit-device">{deviceName(names, e.device)}</span> },
  ];
}

/** LogList is the 一覧 tab: the entries the filter selects, newest first, a page at a time; a row opens its details. */
export function LogList() {
  const { t, i18n } = useTranslation();
  const { summary, page, pageNo, pageLoading, pageError, loadPage } = useAudit();
  const [open, setOpen] = useState<LogEntry>();
  const names = summary?.names;
  return (
    <>
      {pageError && <Alert type="error" showIcon title={errorText(t, pageError)} style={{ marginBottom: 12 }} />}
      <Table<LogEntry>
        data-testid="audit-list"
        rowKey="op"
        size="small"
        loading={pageLoading}
        columns={columns(t, i18n.language, names)}
        dataSource={page?.entries ?? []}
        scroll={{ x: 960 }}
        locale={{ emptyText: <Empty description={t('audit.list.empty')} /> }}
        onRow={(e) => ({
          onClick: () => setOpen(e),
          style: { cursor: 'pointer' },
          className: sensitiveActions.has(e.action) ? 'kinko-audit-sensitive' : undefined,
          'data-testid': 'audit-row',
        } as React.HTMLAttributes<HTMLElement>)}
        pagination={{
          current: pageNo + 1,
          pageSize,
          total: page?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('audit.list.total', { count: total }),
          onChange: (p) => void loadPage(p - 1),
        }}
      />
      <EntryDrawer entry={open} onClose={() => setOpen(undefined)} />
    </>
  );
}

/** LogTimeline is the タイムライン tab: the same page, day by day, as a story of who did what. */
export function LogTimeline() {
  const { t, i18n } = useTranslation();
  const { summary, page, pageNo, loadPage, pageError } = useAudit();
  const [open, setOpen] = useState<LogEntry>();
  const names = summary?.names;
  const entries = page?.entries ?? [];
  const days: Array<{ day: string; entries: LogEntry[] }> = [];
  for (const e of entries) {
    const day = jstIso(e.time);
    if (days.at(-1)?.day !== day) days.push({ day, entries: [] });
    days.at(-1)!.entries.push(e);
  }
  if (pageError) return <Alert type="error" showIcon title={errorText(t, pageError)} />;
  if (entries.length === 0) return <Empty description={t('audit.list.empty')} />;
  return (
    <div data-testid="audit-timeline">
      {days.map((d) => (
        <div key={d.day} style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="audit-timeline-day">
            {logDate(d.entries[0].time, i18n.language)}
          </Typography.Title>
          <Timeline
            items={d.entries.map((e) => ({
              key: e.op,
              color: e.result !== 'ok' ? 'orange' : sensitiveActions.has(e.action) ? 'red' : 'gray',
              content: (
                <div style={{ cursor: 'pointer' }} onClick={() => setOpen(e)} data-testid="audit-timeline-item">
                  <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums', marginRight: 12 }}>
                    {logClock(e.time)}
                  </Typography.Text>
                  <EntryUser entry={e} names={names} strong />
                  {'　'}
                  <ActionTag action={e.action} />
                  {targetText(t, e, names)}
                  {e.purpose && <Typography.Text type="secondary">{`（${purposeText(t, e.purpose)}）`}</Typography.Text>}
                  {e.result !== 'ok' && (
                    <>
                      {' '}
                      <ResultText result={e.result} />
                    </>
                  )}
                  <Typography.Text type="secondary" style={{ marginLeft: 12, fontSize: 12 }}>
                    {deviceName(names, e.device)}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        </div>
      ))}
      <Pagination
        current={pageNo + 1}
        pageSize={pageSize}
        total={page?.total ?? 0}
        showSizeChanger={false}
        showTotal={(total) => t('audit.list.total', { count: total })}
        onChange={(p) => void loadPage(p - 1)}
      />
      <EntryDrawer entry={open} onClose={() => setOpen(undefined)} />
    </div>
  );
}

/** EntryDrawer shows everything an entry says, and leads on to its record's history or its user's actions. */
export function EntryDrawer({ entry, onClose }: { entry?: LogEntry; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { summary, showRecord, setFilter, filter, setTab } = useAudit();
  const names = summary?.names;
  const e = entry;
  return (
    <Drawer open={!!e} onClose={onClose} size={520} title={t('audit.entry.title')} data-testid="audit-entry">
      {e && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('audit.col.time')}>
              {logTime(e.time, i18n.language)}
              {i18n.language === 'ja' && <Typography.Text type="secondary">{`（${logTime(e.time, 'en')}）`}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.col.user')}>
              {userName(t, names, e.user)}
              <TrustMark entry={e} />
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.entry.trust')}>
              <TrustMark entry={e} always />
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} data-testid="audit-entry-trust-help">
                {t(`audit.trust.help.${trustOf(e)}`)}
              </Typography.Paragraph>
            </Descriptions.Item>
            {e.login && <Descriptions.Item label={t('audit.csv.login')}>{e.login}</Descriptions.Item>}
            <Descriptions.Item label={t('audit.col.device')}>{deviceName(names, e.device)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.col.action')}>
              <ActionTag action={e.action} />
            </Descriptions.Item>
            {(e.label || e.target) && <Descriptions.Item label={t('audit.col.target')}>{targetText(t, e, names)}</Descriptions.Item>}
            {e.purpose && <Descriptions.Item label={t('audit.col.purpose')}>{purposeText(t, e.purpose)}</Descriptions.Item>}
            <Descriptions.Item label={t('audit.col.result')}>
              <ResultText result={e.result} />
            </Descriptions.Item>
            {e.detail && <Descriptions.Item label={t('audit.col.detail')}>{detailText(t, e.detail, names)}</Descriptions.Item>}
            <Descriptions.Item label={t('audit.csv.op')}>
              <Typography.Text code copyable={false}>
                {e.op}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type={trustOf(e) === 'verified' ? 'secondary' : 'warning'} style={{ fontSize: 12 }}>
            {t(trustOf(e) === 'verified' ? 'audit.entry.note' : 'audit.entry.noteUnverified')}
          </Typography.Paragraph>
          <Space wrap>
            {e.person && (
              <Button icon={<FileSearchOutlined />} onClick={() => (onClose(), showRecord({ kind: 'person', id: e.person!, client: e.client }))} data-testid="audit-entry-person">
                {t('audit.entry.personHistory')}
              </Button>
            )}
            {e.client && (
              <Button icon={<FileSearchOutlined />} onClick={() => (onClose(), showRecord({ kind: 'client', id: e.client! }))} data-testid="audit-entry-client">
                {t('audit.entry.clientHistory')}
              </Button>
            )}
            {e.user && (
              <Button
                icon={<UserOutlined />}
                onClick={() => {
                  onClose();
                  setFilter({ ...filter, users: [e.user] });
                  setTab('list');
                }}
                data-testid="audit-entry-user"
              >
                {t('audit.entry.userOnly')}
              </Button>
            )}
          </Space>
        </Space>
      )}
    </Drawer>
  );
}
