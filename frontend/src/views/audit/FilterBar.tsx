import { useEffect, useState } from 'react';
import { Button, Input, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { ClearOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LogFilter } from '../../bridge';
import { useAudit, type PeriodChoice } from '../../stores/audit';
import { jstStart, periodRange, periods, type Period } from '../../format/jst';
import { formatIsoDate, parseDateInput } from '../../format/wareki';
import { actionText, clientName, deviceName, isEmptyFilter, personName, purposeText, resultText, trustStates, userName } from './format';

const dayMs = 24 * 3600 * 1000;

/** rangeOf is the [from, to) of a period choice; null while a typed date cannot be read. */
function rangeOf(p: PeriodChoice, now: number): { from: number; to: number } | null {
  if (p.period !== 'custom') return periodRange(p.period, now);
  const from = p.from ? parseDateInput(p.from) : '';
  const to = p.to ? parseDateInput(p.to) : '';
  if (from === null || to === null) return null;
  return { from: from ? jstStart(from) : 0, to: to ? jstStart(to) + dayMs : 0 };
}

/**
 * FilterBar chooses what the list, the timeline and the charts show: a
 * period (in Japan's days), who, from which PC, what, for which purpose,
 * about which client or person, with which result, and words in labels.
 * Every change applies at once; typed text after a short pause.
 */
export function FilterBar({ periodOnly = false }: { periodOnly?: boolean }) {
  const { t } = useTranslation();
  const { summary, filter, period, setFilter } = useAudit();
  const [text, setText] = useState(filter.text ?? '');
  const [from, setFrom] = useState(period.from ?? '');
  const [to, setTo] = useState(period.to ?? '');
  const values = summary?.values;
  const names = summary?.names;

  const apply = (f: LogFilter, p: PeriodChoice = period) => {
    const r = rangeOf(p, Date.now());
    if (!r) return;
    setFilter({ ...f, from: r.from, to: r.to }, p);
  };
  const change = (patch: Partial<LogFilter>) => apply({ ...filter, ...patch });

  // The list can be narrowed from elsewhere (a finding, a month under review).
  useEffect(() => {
    setFrom(period.from ?? '');
    setTo(period.to ?? '');
  }, [period]);
  useEffect(() => {
    setText(filter.text ?? '');
  }, [filter.text]);

  useEffect(() => {
    if (text === (filter.text ?? '')) return;
    const id = setTimeout(() => change({ text: text.trim() }), 300);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  const list = (xs: string[] | null | undefined, label: (x: string) => string) =>
    (xs ?? []).map((x) => ({ value: x, label: label(x) })).sort((a, b) => a.label.localeCompare(b.label, 'ja'));
  const persons = (values?.persons ?? []).filter((p) => !filter.clients?.length || filter.clients.includes(names?.personClient?.[p] ?? ''));
  const results = Array.from(new Set(['ok', 'denied', ...(values?.results ?? [])]));

  // The menus of the second row: which list of the filter, and its choices.
  type ListKey = 'users' | 'actions' | 'purposes' | 'clients' | 'persons' | 'devices' | 'results' | 'trust';
  const lists: Array<[ListKey, Array<{ value: string; label: string }>]> = [
    [
      'users',
      [
        ...list(values?.users, (u) => userName(t, names, u)),
        ...(values?.actions?.includes('login.failed') ? [{ value: '', label: userName(t, names, '') }] : []),
      ],
    ],
    ['actions', list(values?.actions, (a) => actionText(t, a))],
    ['purposes', list(values?.purposes, (p) => purposeText(t, p))],
    ['clients', list(values?.clients, (c) => clientName(t, names, c))],
    ['persons', list(persons, (p) => personName(t, names, p))],
    ['devices', list(values?.devices, (d) => deviceName(names, d))],
    ['results', list(results, (r) => resultText(t, r))],
    ['trust', trustStates.map((s) => ({ value: s, label: t(`audit.trust.${s}`) }))],
  ];

  const multi = {
    mode: 'multiple' as const,
    allowClear: true,
    maxTagCount: 'responsive' as const,
    showSearch: { optionFilterProp: 'label' },
    style: { minWidth: 170, maxWidth: 260 },
  };

  return (
    <div data-testid="audit-filter" style={{ display: 'flex', flexDirection: 'column', gap: 8, marginBottom: 16 }}>
      <Space wrap size={[8, 8]} align="start">
        <Select<Period>
          value={period.period}
          style={{ width: 150 }}
          aria-label={t('audit.filter.period')}
          data-testid="audit-filter-period"
          onChange={(p) => {
            if (p === 'custom') {
              const now = Date.now();
              const r = rangeOf(period, now) ?? { from: 0, to: 0 };
              const fromIso = r.from ? new Date(r.from + 9 * 3600e3).toISOString().slice(0, 10) : '';
              const toIso = r.to ? new Date(r.to - dayMs + 9 * 3600e3).toISOString().slice(0, 10) : '';
              setFrom(fromIso);
              setTo(toIso);
              apply(filter, { period: 'custom', from: fromIso, to: toIso });
            } else apply(filter, { period: p });
          }}
          options={[...periods, 'custom'].map((p) => ({ value: p as Period, label: t(`audit.period.${p}`) }))}
        />
        {period.period === 'custom' && (
          <Space size={4} align="start">
            <DayInput value={from} onChange={setFrom} onDone={() => apply(filter, { period: 'custom', from, to })} placeholder={t('audit.filter.from')} testid="audit-filter-from" />
            <span style={{ lineHeight: '32px' }}>〜</span>
            <DayInput value={to} onChange={setTo} onDone={() => apply(filter, { period: 'custom', from, to })} placeholder={t('audit.filter.to')} testid="audit-filter-to" />
          </Space>
        )}
        {!periodOnly && (
          <>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('audit.filter.text')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              style={{ width: 220 }}
              data-testid="audit-filter-text"
            />
            <Tooltip title={t('audit.filter.sensitiveHelp')}>
              <Space size={6} style={{ lineHeight: '32px' }}>
                <Switch checked={!!filter.sensitive} onChange={(v) => change({ sensitive: v })} data-testid="audit-filter-sensitive" />
                <span>{t('audit.filter.sensitive')}</span>
              </Space>
            </Tooltip>
            <Button
              icon={<ClearOutlined />}
              disabled={isEmptyFilter(filter) && period.period === 'days90'}
              onClick={() => {
                setText('');
                apply({}, { period: 'days90' });
              }}
              data-testid="audit-filter-clear"
            >
              {t('audit.filter.clear')}
            </Button>
          </>
        )}
      </Space>
      {!periodOnly && (
        <Space wrap size={[8, 8]}>
          {lists.map(([key, options]) => (
            <Select
              key={key}
              {...multi}
              placeholder={t(`audit.filter.${key}`)}
              value={filter[key] ?? []}
              onChange={(v: string[]) => change({ [key]: v })}
              options={options}
              data-testid={`audit-filter-${key}`}
            />
          ))}
        </Space>
      )}
      {!periodOnly && !!filter.users?.length && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="audit-filter-users-note">
          {t('audit.filter.usersNote')}
        </Typography.Text>
      )}
    </div>
  );
}

/** DayInput is a day typed as R8.11.1 or 2026-11-01, read back under the box (or refused). */
function DayInput({ value, onChange, onDone, placeholder, testid }: { value: string; onChange: (v: string) => void; onDone: () => void; placeholder: string; testid: string }) {
  const { t, i18n } = useTranslation();
  const iso = value ? parseDateInput(value) : '';
  return (
    <div>
      <Input
        value={value}
        placeholder={placeholder}
        status={iso === null ? 'error' : undefined}
        style={{ width: 150 }}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onDone}
        onPressEnter={onDone}
        data-testid={testid}
      />
      <Typography.Text type={iso === null ? 'danger' : 'secondary'} style={{ display: 'block', fontSize: 12 }}>
        {iso === null ? t('date.invalid') : iso ? formatIsoDate(iso, i18n.language) : ' '}
      </Typography.Text>
    </div>
  );
}
