import { useEffect, useState } from 'react';
import { Alert, App, Card, Empty, Radio, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { AppError, LogEntry, LogFilter, LogStats, LogSubject, LogToucher, SaveEncoding } from '../../bridge';
import { useAudit } from '../../stores/audit';
import { errorText } from '../../i18n';
import { logTime } from '../../format/jst';
import { actionText, clientName, personName, purposeText, targetText, userName } from './format';
import { ActionTag, EntryDrawer, EntryUser, ResultText } from './LogList';
import { SaveButtons } from '../../components/SaveButtons';

/** subjectFilter is every entry about s within the bar's period (a client's include its people's). */
function subjectFilter(s: LogSubject, period: LogFilter): LogFilter {
  const f: LogFilter = { from: period.from, to: period.to };
  if (s.kind === 'client') f.clients = [s.id];
  else if (s.kind === 'person') {
    f.persons = [s.id];
    if (s.client) f.clients = [s.client];
  } else f.users = [s.id];
  return f;
}

const historySize = 100;

/**
 * RecordTab answers "who touched this record": for a client or a person,
 * every user who dealt with it, how often and how; for a user, what they
 * did. Its history and an incident report (PDF or CSV) cover the period of
 * the filter bar.
 */
export function RecordTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { summary, subject, showRecord, filter, touched, queryPage, statsFor, saveReport } = useAudit();
  const names = summary?.names;
  const values = summary?.values;
  const [kind, setKind] = useState<LogSubject['kind']>(subject?.kind ?? 'person');
  const [touchers, setTouchers] = useState<LogToucher[]>([]);
  const [history, setHistory] = useState<{ entries: LogEntry[]; total: number }>();
  const [stats, setStats] = useState<LogStats>();
  const [error, setError] = useState<AppError>();
  const [open, setOpen] = useState<LogEntry>();

  useEffect(() => {
    if (subject) setKind(subject.kind);
  }, [subject]);

  useEffect(() => {
    if (!subject) return;
    let live = true;
    const f = subjectFilter(subject, filter);
    void Promise.all([touched(f), queryPage(f, 0, historySize), statsFor(f)]).then(([a, b, c]) => {
      if (!live) return;
      setTouchers(a.touchers);
      setHistory(b.page);
      setStats(c.stats);
      setError(a.error ?? b.error ?? c.error);
    });
    return () => {
      live = false;
    };
  }, [subject, filter.from, filter.to, touched, queryPage, statsFor]); // eslint-disable-line react-hooks/exhaustive-deps

  const options = (() => {
    const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'ja');
    if (kind === 'client') return (values?.clients ?? []).map((c) => ({ value: c, label: clientName(t, names, c) })).sort(byLabel);
    if (kind === 'person') return (values?.persons ?? []).map((p) => ({ value: p, label: personName(t, names, p) })).sort(byLabel);
    return (values?.users ?? []).map((u) => ({ value: u, label: userName(t, names, u) })).sort(byLabel);
  })();
  const pick = (id: string) => showRecord({ kind, id, ...(kind === 'person' ? { client: names?.personClient?.[id] } : {}) });
  const subjectName = subject
    ? subject.kind === 'client'
      ? clientName(t, names, subject.id)
      : subject.kind === 'person'
        ? personName(t, names, subject.id)
        : userName(t, names, subject.id)
    : '';

  const save = async (format: 'pdf' | 'csv', encoding: SaveEncoding | '') => {
    if (!subject) return;
    const r = await saveReport({ from: filter.from, to: filter.to }, subject, format, encoding, i18n.language);
    if (r.error) void message.error(errorText(t, r.error));
    else if (r.path) void message.success(t('audit.saved', { path: r.path }));
  };

  const touchCols: ColumnsType<LogToucher> = [
    { key: 'user', title: t('audit.col.user'), width: 160, render: (_, x) => <Typography.Text strong>{userName(t, names, x.user)}</Typography.Text> },
    { key: 'n', title: t('audit.record.count'), width: 80, align: 'right', render: (_, x) => x.n },
    { key: 'first', title: t('audit.record.first'), width: 210, render: (_, x) => logTime(x.first, i18n.language) },
    { key: 'last', title: t('audit.record.last'), width: 210, render: (_, x) => logTime(x.last, i18n.language) },
    {
      key: 'actions',
      title: t('audit.record.actions'),
      render: (_, x) => (
        <Space size={[0, 4]} wrap>
          {(x.actions ?? []).map((a) => (
            <Tag key={a.key} color={a.key.startsWith('mynumber.') ? 'red' : undefined}>{`${actionText(t, a.key)} ${a.n}`}</Tag>
          ))}
        </Space>
      ),
    },
  ];
  const historyCols: ColumnsType<LogEntry> = [
    // Fixed widths but the record's (which takes the rest) fit the card at
    // the default 1280 px window, so no column is cut off.
    { key: 'time', title: t('audit.col.time'), width: 190, render: (_, e) => logTime(e.time, i18n.language) },
    { key: 'user', title: t('audit.col.user'), width: 160, render: (_, e) => <EntryUser entry={e} names={names} /> },
    { key: 'action', title: t('audit.col.action'), width: 160, render: (_, e) => <ActionTag action={e.action} /> },
    { key: 'target', title: t('audit.col.target'), ellipsis: true, render: (_, e) => targetText(t, e, names) },
    { key: 'purpose', title: t('audit.col.purpose'), width: 120, ellipsis: true, render: (_, e) => purposeText(t, e.purpose) },
    { key: 'result', title: t('audit.col.result'), width: 110, render: (_, e) => <ResultText result={e.result} short /> },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-record">
      <Space wrap>
        <Radio.Group
          value={kind}
          onChange={(e) => setKind(e.target.value as LogSubject['kind'])}
          optionType="button"
          options={(['person', 'client', 'user'] as const).map((k) => ({ value: k, label: t(`audit.subject.${k}`) }))}
          data-testid="audit-record-kind"
        />
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 360 }}
          placeholder={t(`audit.record.pick.${kind}`)}
          value={subject?.kind === kind ? subject.id : undefined}
          onChange={pick}
          options={options}
          notFoundContent={t('audit.record.none')}
          data-testid="audit-record-pick"
        />
      </Space>
      {!subject && <Empty description={t('audit.record.intro')} />}
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {subject && (
        <Card
          title={
            <span data-testid="audit-record-title">
              {t(`audit.subject.${subject.kind}`)}：{subjectName}
            </span>
          }
          extra={
            <SaveButtons
              testid="audit-incident"
              onSave={(format, encoding) => void save(format, encoding)}
              labels={{ pdf: t('audit.record.incidentPdf'), csv: t('audit.record.incidentCsv'), utf8: t('audit.export.csvUtf8'), sjis: t('audit.export.csvSjis') }}
            />
          }
        >
          <Typography.Paragraph type="secondary">
            {t(`audit.record.help.${subject.kind}`)}
            {subject.kind === 'user' && ` ${t('audit.filter.usersNote')}`}
          </Typography.Paragraph>
          {stats && (
            <Space size="large" wrap style={{ marginBottom: 16 }}>
              <Statistic title={t('audit.record.entries')} value={stats.total} />
              <Statistic title={t('audit.record.users')} value={(stats.byUser ?? []).length} />
              <Statistic
                title={t('audit.record.reveals')}
                value={(stats.reveals ?? []).reduce((n, c) => n + c.n, 0)}
                styles={{ content: { color: (stats.reveals ?? []).length ? '#7a1f1f' : undefined } }}
              />
              <Statistic title={t('audit.record.unusual')} value={(stats.unusual ?? []).length} styles={{ content: { color: (stats.unusual ?? []).length ? '#d4380d' : undefined } }} />
            </Space>
          )}
          {subject.kind !== 'user' && (
            <>
              <Typography.Title level={5}>{t('audit.record.touchedTitle')}</Typography.Title>
              <Table<LogToucher>
                data-testid="audit-touched"
                rowKey="user"
                size="small"
                pagination={false}
                columns={touchCols}
                dataSource={touchers}
                locale={{ emptyText: t('audit.record.nobody') }}
                style={{ marginBottom: 16 }}
              />
            </>
          )}
          <Typography.Title level={5}>
            {t('audit.record.history', { shown: history?.entries.length ?? 0, total: history?.total ?? 0 })}
          </Typography.Title>
          <Table<LogEntry>
            data-testid="audit-record-history"
            rowKey="op"
            size="small"
            pagination={false}
            columns={historyCols}
            dataSource={history?.entries ?? []}
            scroll={{ x: 900, y: 480 }}
            onRow={(e) => ({ onClick: () => setOpen(e), style: { cursor: 'pointer' } })}
            locale={{ emptyText: t('audit.list.empty') }}
          />
          {(history?.total ?? 0) > historySize && <Typography.Text type="secondary">{t('audit.record.moreInList')}</Typography.Text>}
        </Card>
      )}
      <EntryDrawer entry={open} onClose={() => setOpen(undefined)} />
    </Space>
  );
}
