import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LogReview, LogStats } from '../../bridge';
import { useAudit } from '../../stores/audit';
import { errorText } from '../../i18n';
import { addMonths, jstMonth, logTime, monthRange, monthText } from '../../format/jst';
import { userName } from './format';

/** The months the review offers: this one and the eleven before, newest first. */
function months(now: number): string[] {
  const m = jstMonth(now);
  return Array.from({ length: 12 }, (_, i) => addMonths(m, -i));
}

/**
 * ReviewTab is the monthly review (月次点検): the 責任者 looks at a month's
 * figures and unusual activity, opens its entries in the list, and
 * confirms the review with a note. The confirmation is itself an entry of
 * the log, so the history below cannot be edited.
 */
export function ReviewTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { summary, reviews, loadReviews, confirmReview, statsFor, setFilter, setTab } = useAudit();
  const names = summary?.names;
  const choices = months(Date.now());
  // The month to review is by default last month: a month is reviewed once it is over.
  const [month, setMonth] = useState(choices[1]);
  const [stats, setStats] = useState<LogStats>();
  const [sensitive, setSensitive] = useState(0);
  const [denied, setDenied] = useState(0);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  // When the log began: months before it need no review.
  const [logFirst, setLogFirst] = useState(0);

  useEffect(() => {
    void statsFor({}).then((r) => setLogFirst(r.stats?.first ?? 0));
  }, [statsFor]);

  useEffect(() => {
    void loadReviews().then((err) => err && void message.error(errorText(t, err)));
  }, [loadReviews]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let live = true;
    const r = monthRange(month);
    void Promise.all([statsFor(r), statsFor({ ...r, sensitive: true }), statsFor({ ...r, results: ['denied'] })]).then(([a, b, c]) => {
      if (!live) return;
      setStats(a.stats);
      setSensitive(b.stats?.total ?? 0);
      setDenied(c.stats?.total ?? 0);
    });
    return () => {
      live = false;
    };
  }, [month, statsFor, reviews]);

  const done = new Map<string, LogReview>();
  for (const r of [...reviews].reverse()) done.set(r.month, r); // newest confirmation wins
  const thisMonth = choices[0];
  const pending = logFirst ? choices.slice(1).filter((m) => !done.has(m) && monthRange(m).to > logFirst) : [];

  const confirm = async () => {
    setBusy(true);
    const err = await confirmReview(month, note);
    setBusy(false);
    if (err) void message.error(errorText(t, err));
    else {
      void message.success(t('audit.review.confirmed', { month: monthText(month, i18n.language) }));
      setNote('');
    }
  };

  const cols: ColumnsType<LogReview> = [
    { key: 'month', title: t('audit.review.col.month'), width: 140, render: (_, r) => monthText(r.month, i18n.language) },
    { key: 'user', title: t('audit.review.col.user'), width: 140, render: (_, r) => userName(t, names, r.user) },
    { key: 'time', title: t('audit.review.col.time'), width: 220, render: (_, r) => logTime(r.time, i18n.language) },
    { key: 'note', title: t('audit.review.col.note'), render: (_, r) => r.note || <Typography.Text type="secondary">{t('audit.review.noNote')}</Typography.Text> },
  ];
  const reviewed = done.get(month);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-review">
      <Typography.Paragraph type="secondary" style={{ maxWidth: 860, margin: 0 }}>
        {t('audit.review.intro')}
      </Typography.Paragraph>
      {pending.length > 0 && (
        <Alert type="warning" showIcon title={t('audit.review.pending', { months: pending.map((m) => monthText(m, i18n.language)).join('、') })} data-testid="audit-review-pending" />
      )}
      <Card
        title={
          <Space>
            <span>{t('audit.review.month')}</span>
            <Select
              value={month}
              onChange={setMonth}
              style={{ width: 200 }}
              options={choices.map((m) => ({
                value: m,
                label: `${monthText(m, i18n.language)}${m === thisMonth ? t('audit.review.ongoing') : ''}${done.has(m) ? ' ✓' : ''}`,
              }))}
              data-testid="audit-review-month"
            />
          </Space>
        }
        extra={
          <Button
            icon={<UnorderedListOutlined />}
            onClick={() => {
              setFilter(monthRange(month), { period: 'custom', from: `${month}-01`, to: new Date(monthRange(month).to - 1 + 9 * 3600e3).toISOString().slice(0, 10) });
              setTab('list');
            }}
            data-testid="audit-review-list"
          >
            {t('audit.review.showList')}
          </Button>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('audit.review.entries')} value={stats?.total ?? 0} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('audit.review.sensitive')} value={sensitive} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('audit.review.denied')} value={denied} styles={{ content: { color: denied ? '#d48806' : undefined } }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('audit.review.unusual')} value={(stats?.unusual ?? []).length} styles={{ content: { color: (stats?.unusual ?? []).length ? '#cf1322' : undefined } }} />
          </Col>
        </Row>
        {(stats?.unusual ?? []).length > 0 && (
          <div role="list" style={{ marginTop: 16 }}>
            <Typography.Text strong>{t('audit.report.unusual')}</Typography.Text>
            {(stats?.unusual ?? []).map((f, i) => (
              <div key={`${f.code}-${f.from}-${i}`} role="listitem" className="kinko-audit-item">
                <Space wrap>
                  <Tag color="volcano">{t(`audit.unusual.${f.code.replaceAll('.', '_')}`)}</Tag>
                  <span>{f.user ? userName(t, names, f.user) : f.login}</span>
                  <Typography.Text type="secondary">{`${logTime(f.from, i18n.language)} 〜 ${logTime(f.to, i18n.language)}`}</Typography.Text>
                  <span>{t('audit.review.findingCount', { count: f.n })}</span>
                </Space>
              </div>
            ))}
          </div>
        )}
        <div style={{ marginTop: 16 }}>
          {reviewed && (
            <Alert
              type="success"
              showIcon
              icon={<CheckCircleOutlined />}
              style={{ marginBottom: 12 }}
              title={t('audit.review.already', { user: userName(t, names, reviewed.user), time: logTime(reviewed.time, i18n.language) })}
              data-testid="audit-review-done"
            />
          )}
          <Typography.Text>{t('audit.review.note')}</Typography.Text>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            showCount
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={t('audit.review.notePlaceholder')}
            style={{ margin: '6px 0 12px' }}
            data-testid="audit-review-note"
          />
          <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} onClick={() => void confirm()} data-testid="audit-review-confirm">
            {t('audit.review.confirm', { month: monthText(month, i18n.language) })}
          </Button>
          {month === thisMonth && (
            <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
              {t('audit.review.ongoingHelp')}
            </Typography.Text>
          )}
        </div>
      </Card>
      <Card title={t('audit.review.history')}>
        <Table<LogReview>
          data-testid="audit-review-history"
          rowKey={(r) => `${r.month}-${r.time}`}
          size="small"
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          columns={cols}
          dataSource={reviews}
          locale={{ emptyText: t('audit.review.none') }}
        />
      </Card>
    </Space>
  );
}
