import { Alert, Button, Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { LogCount, LogFinding, LogNames, LogStats } from '../../bridge';
import { jstStart, logTime } from '../../format/jst';
import { actionText, purposeText, userName } from './format';

// The charts are plain SVG: a few hundred rectangles need no library, and
// every bar carries a <title> with its exact figure for screen readers and
// tooltips.

const palette = ['#1f4e79', '#b08d57', '#2e7d6b', '#7a1f1f', '#6b5b95', '#c0732b', '#4f7cac', '#8c8c3c', '#a05a7a', '#3c8c8c'];
const nightColor = '#a8071a';
const dayColor = '#1f4e79';
const dayMs = 24 * 3600 * 1000;

/** isNight mirrors audit.NightFrom/NightUntil: 22:00–6:00 in Japan. */
export function isNight(hour: number): boolean {
  return hour >= 22 || hour < 6;
}

/** niceMax rounds a maximum up to 1, 2 or 5 × 10ⁿ so gridlines fall on round numbers. */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (n <= m * p) return m * p;
  return 10 * p;
}

/** ticks keeps the fractions of max that fall on whole counts. */
function ticks(max: number, fractions: number[]): number[] {
  return fractions.filter((f) => Number.isInteger(max * f));
}

export interface Bucket {
  /** First day of the bucket, "2026-11-22". */
  day: string;
  /** Per user id. */
  n: Record<string, number>;
  total: number;
  weekend: boolean;
}

/**
 * buckets spreads the daily counts over every day from the first to the
 * last (days without entries count zero); more than 62 days are summed by
 * week, more than 62 weeks by month.
 */
export function buckets(daily: LogStats['daily']): { unit: 'day' | 'week' | 'month'; buckets: Bucket[] } {
  const rows = daily ?? [];
  if (rows.length === 0) return { unit: 'day', buckets: [] };
  const first = jstStart(rows[0].day);
  const last = jstStart(rows[rows.length - 1].day);
  const days = Math.round((last - first) / dayMs) + 1;
  const unit = days <= 62 ? 'day' : days <= 62 * 7 ? 'week' : 'month';
  const keyOf = (iso: string): string => {
    if (unit === 'day') return iso;
    if (unit === 'month') return `${iso.slice(0, 7)}-01`;
    const ms = jstStart(iso);
    const dow = (new Date(ms + 9 * 3600e3).getUTCDay() + 6) % 7; // Monday first
    return new Date(ms - dow * dayMs + 9 * 3600e3).toISOString().slice(0, 10);
  };
  const out = new Map<string, Bucket>();
  for (let ms = first; ms <= last; ms += dayMs) {
    const iso = new Date(ms + 9 * 3600e3).toISOString().slice(0, 10);
    const k = keyOf(iso);
    if (!out.has(k)) {
      const dow = new Date(jstStart(k) + 9 * 3600e3).getUTCDay();
      out.set(k, { day: k, n: {}, total: 0, weekend: unit === 'day' && (dow === 0 || dow === 6) });
    }
  }
  for (const r of rows) {
    const b = out.get(keyOf(r.day))!;
    b.n[r.user] = (b.n[r.user] ?? 0) + r.n;
    b.total += r.n;
  }
  return { unit, buckets: [...out.values()] };
}

function fmt(n: number, lang: string): string {
  return n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB');
}

function dayLabel(iso: string, unit: string, lang: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (unit === 'month') return lang === 'ja' ? `${y}/${m}` : new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
  return lang === 'ja' ? `${m}/${d}` : new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** GridLines are the horizontal lines of a bar chart with their counts, at the fractions of max that are whole numbers. */
function GridLines({ max, fractions, left, right, y }: { max: number; fractions: number[]; left: number; right: number; y: (n: number) => number }) {
  const { i18n } = useTranslation();
  return (
    <>
      {ticks(max, fractions).map((f) => (
        <g key={f}>
          <line x1={left} x2={right} y1={y(max * f)} y2={y(max * f)} stroke="#f0f0f0" />
          <text x={left - 6} y={y(max * f) + 4} textAnchor="end" fontSize={11} fill="#8c8c8c">
            {fmt(max * f, i18n.language)}
          </text>
        </g>
      ))}
    </>
  );
}

/** Swatch is a legend entry: a colour and what it stands for. */
function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <Space size={4}>
      <span style={{ display: 'inline-block', width: 10, height: 10, background: color, borderRadius: 2 }} />
      <Typography.Text>{label}</Typography.Text>
    </Space>
  );
}

/** DailyChart stacks each user's entries per day (or week, or month). */
function DailyChart({ stats, names, onShowDay }: { stats: LogStats; names: LogNames; onShowDay?: (day: string, user: string) => void }) {
  const { t, i18n } = useTranslation();
  const { unit, buckets: bs } = buckets(stats.daily);
  const users = [...new Set((stats.daily ?? []).map((d) => d.user))];
  const order = (stats.byUser ?? []).map((c) => c.key).filter((u) => users.includes(u));
  for (const u of users) if (!order.includes(u)) order.push(u);
  const color = (u: string) => palette[order.indexOf(u) % palette.length];
  const max = niceMax(Math.max(0, ...bs.map((b) => b.total)));
  const W = 760;
  const H = 240;
  const left = 44;
  const bottom = 24;
  const plotH = H - bottom - 8;
  const step = bs.length ? (W - left - 8) / bs.length : 0;
  const barW = Math.max(2, Math.min(28, step * 0.7));
  const every = Math.max(1, Math.ceil(bs.length / Math.floor((W - left) / 46)));
  const y = (n: number) => 8 + plotH - (n / max) * plotH;
  if (bs.length === 0) return <Empty description={t('audit.charts.noData')} />;
  return (
    <>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('audit.charts.dailyAria', { count: stats.total })} style={{ maxHeight: 280 }}>
        <GridLines max={max} fractions={[0, 0.25, 0.5, 0.75, 1]} left={left} right={W - 8} y={y} />
        {bs.map((b, i) => {
          const x = left + i * step + (step - barW) / 2;
          let acc = 0;
          return (
            <g key={b.day} data-testid="audit-daily-bucket" data-day={b.day}>
              {b.weekend && <rect x={left + i * step} y={8} width={step} height={plotH} fill="#fafafa" />}
              {order
                .filter((u) => b.n[u])
                .map((u) => {
                  const top = y(acc + b.n[u]);
                  const h = y(acc) - top;
                  acc += b.n[u];
                  return (
                    <rect
                      key={u}
                      x={x}
                      y={top}
                      width={barW}
                      height={Math.max(h, 1)}
                      fill={color(u)}
                      style={{ cursor: onShowDay && unit === 'day' ? 'pointer' : undefined }}
                      onClick={() => unit === 'day' && onShowDay?.(b.day, u)}
                      data-testid="audit-daily-segment"
                    >
                      <title>{`${dayLabel(b.day, unit, i18n.language)} ${userName(t, names, u)}: ${fmt(b.n[u], i18n.language)}`}</title>
                    </rect>
                  );
                })}
              {i % every === 0 && (
                <text x={left + i * step + step / 2} y={H - 8} textAnchor="middle" fontSize={11} fill="#595959">
                  {dayLabel(b.day, unit, i18n.language)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Space wrap size={[16, 4]}>
        {order.map((u) => (
          <Swatch key={u} color={color(u)} label={userName(t, names, u)} />
        ))}
        {unit !== 'day' && <Typography.Text type="secondary">{t(`audit.charts.per.${unit}`)}</Typography.Text>}
      </Space>
    </>
  );
}

/** HBars is a list of horizontal bars with the count at the end, laid out in HTML so labels stay at text size. */
function HBars({ rows, label, color, aria, testid }: { rows: LogCount[]; label: (k: string) => string; color: string; aria: string; testid: string }) {
  const { i18n } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.n));
  return (
    <div role="list" aria-label={aria} data-testid={testid} style={{ display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', gap: '6px 12px', alignItems: 'center' }}>
      {rows.map((r) => (
        <div key={r.key} role="listitem" style={{ display: 'contents' }}>
          <Typography.Text style={{ textAlign: 'right' }}>{label(r.key)}</Typography.Text>
          <div style={{ display: 'flex', alignItems: 'center', gap: 6 }} title={`${label(r.key)}: ${fmt(r.n, i18n.language)}`}>
            <div style={{ width: `${Math.max((r.n / max) * 85, 0.5)}%`, height: 16, borderRadius: 2, background: color }} />
            <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {fmt(r.n, i18n.language)}
            </Typography.Text>
          </div>
        </div>
      ))}
    </div>
  );
}

/** HoursChart counts entries per hour of the day in Japan, night hours in red on a shaded band. */
function HoursChart({ hours }: { hours: number[] }) {
  const { t } = useTranslation();
  const hs = Array.from({ length: 24 }, (_, h) => hours?.[h] ?? 0);
  const max = niceMax(Math.max(0, ...hs));
  const W = 520;
  const H = 200;
  const left = 36;
  const plotH = H - 30;
  const step = (W - left - 4) / 24;
  const y = (n: number) => 6 + plotH - (n / max) * plotH;
  return (
    <>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('audit.charts.hoursAria')}>
        <rect x={left} y={6} width={step * 6} height={plotH} fill="#fff1f0" />
        <rect x={left + step * 22} y={6} width={step * 2} height={plotH} fill="#fff1f0" />
        <GridLines max={max} fractions={[0, 0.5, 1]} left={left} right={W - 4} y={y} />
        {hs.map((n, h) => (
          <g key={h}>
            <rect
              x={left + h * step + step * 0.15}
              y={y(n)}
              width={step * 0.7}
              height={Math.max(6 + plotH - y(n), n ? 1 : 0)}
              fill={isNight(h) ? nightColor : dayColor}
              data-testid="audit-hour"
              data-night={isNight(h) ? 'true' : 'false'}
            >
              <title>{t('audit.charts.hourTitle', { hour: h, count: n })}</title>
            </rect>
            {h % 3 === 0 && (
              <text x={left + h * step + step / 2} y={H - 8} textAnchor="middle" fontSize={11} fill="#595959">
                {t('audit.charts.hour', { hour: h })}
              </text>
            )}
          </g>
        ))}
      </svg>
      <Space size={16}>
        <Swatch color={dayColor} label={t('audit.charts.daytime')} />
        <Swatch color={nightColor} label={t('audit.charts.night')} />
      </Space>
    </>
  );
}

function findingWho(t: TFunction, names: LogNames, f: LogFinding): string {
  if (f.code === 'login.failed') return t('audit.charts.loginTried', { login: f.login ?? '' });
  return userName(t, names, f.user ?? '');
}

/**
 * AuditCharts is the グラフ tab: unusual activity first, then accesses per
 * user per day, My Number reveals per purpose, the hours of the day (night
 * marked) and the actions.
 */
export function AuditCharts({
  stats,
  names,
  onShowFinding,
  onShowDay,
}: {
  stats: LogStats;
  names: LogNames;
  onShowFinding: (f: LogFinding) => void;
  onShowDay?: (day: string, user: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const findings = stats.unusual ?? [];
  const reveals = stats.reveals ?? [];
  const actions = (stats.byAction ?? []).slice(0, 10);
  return (
    <Row gutter={[16, 16]} data-testid="audit-charts">
      <Col span={24}>
        <Card size="small" title={t('audit.report.unusual')} data-testid="audit-findings">
          {findings.length === 0 ? (
            <Typography.Text type="success">
              <CheckCircleOutlined /> {t('audit.charts.noFindings')}
            </Typography.Text>
          ) : (
            <>
              <Alert type="warning" showIcon title={t('audit.report.unusualNote')} style={{ marginBottom: 8 }} />
              <div role="list">
                {findings.map((f, i) => (
                  <div key={`${f.code}-${f.from}-${i}`} role="listitem" className="kinko-audit-item" data-testid="audit-finding">
                    <Space wrap>
                      <Tag color={f.code === 'burst' || f.code === 'export.large' ? 'red' : 'orange'}>{t(`audit.unusual.${f.code.replaceAll('.', '_')}`)}</Tag>
                      <Typography.Text strong>{findingWho(t, names, f)}</Typography.Text>
                      <Typography.Text type="secondary">{`${logTime(f.from, i18n.language)} 〜 ${logTime(f.to, i18n.language)}`}</Typography.Text>
                      <span>{t('audit.charts.findingCount', { count: f.n })}</span>
                    </Space>
                    <Button size="small" icon={<UnorderedListOutlined />} onClick={() => onShowFinding(f)} data-testid="audit-finding-show">
                      {t('audit.charts.showFinding')}
                    </Button>
                  </div>
                ))}
              </div>
            </>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('audit.charts.daily')} data-testid="audit-chart-daily">
          <DailyChart stats={stats} names={names} onShowDay={onShowDay} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('audit.charts.reveals')} data-testid="audit-chart-reveals">
          {reveals.length === 0 ? (
            <Empty description={t('audit.charts.noReveals')} />
          ) : (
            <HBars rows={reveals} label={(k) => purposeText(t, k) || t('audit.report.noPurpose')} color="#7a1f1f" aria={t('audit.charts.reveals')} testid="audit-reveal-bars" />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('audit.charts.hours')} data-testid="audit-chart-hours">
          <HoursChart hours={stats.hours} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('audit.charts.actions')} data-testid="audit-chart-actions">
          {actions.length === 0 ? (
            <Empty description={t('audit.charts.noData')} />
          ) : (
            <HBars rows={actions} label={(k) => actionText(t, k)} color="#b08d57" aria={t('audit.charts.actions')} testid="audit-action-bars" />
          )}
        </Card>
      </Col>
    </Row>
  );
}
