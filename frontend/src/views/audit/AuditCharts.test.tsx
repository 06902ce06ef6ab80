import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { App } from 'antd';
import { initI18n } from '../../i18n';
import type { LogStats } from '../../bridge';
import { AuditCharts, buckets, isNight, niceMax } from './AuditCharts';

const names = { users: { u1: '山田 太郎', u2: '佐藤 花子' }, devices: {}, clients: {}, persons: {}, personClient: {} };
const hours = Array.from({ length: 24 }, (_, h) => (h === 23 ? 4 : h === 10 ? 9 : 0));
const stats: LogStats = {
  total: 20,
  first: Date.parse('2026-11-20T09:00:00+09:00'),
  last: Date.parse('2026-11-23T23:30:00+09:00'),
  byAction: [{ key: 'mynumber.reveal', n: 12 }],
  byUser: [
    { key: 'u2', n: 14 },
    { key: 'u1', n: 6 },
  ],
  daily: [
    { day: '2026-11-20', user: 'u1', n: 6 },
    { day: '2026-11-20', user: 'u2', n: 2 },
    { day: '2026-11-23', user: 'u2', n: 12 },
  ],
  reveals: [{ key: 'withholding_slip', n: 12 }],
  hours,
  unusual: [
    { code: 'burst', user: 'u2', from: Date.parse('2026-11-23T23:00:00+09:00'), to: Date.parse('2026-11-23T23:05:00+09:00'), n: 12, ops: ['d1.9'] },
    { code: 'login.failed', login: 'sato', from: Date.parse('2026-11-21T08:00:00+09:00'), to: Date.parse('2026-11-21T08:03:00+09:00'), n: 5, ops: [] },
  ],
};

describe('the グラフ tab', () => {
  beforeAll(() => initI18n('ja'));
  afterEach(cleanup);

  it('fills the days between, sums long periods by week or month, and rounds the scale', () => {
    const b = buckets(stats.daily);
    expect(b.unit).toBe('day');
    expect(b.buckets.map((x) => [x.day, x.total])).toEqual([
      ['2026-11-20', 8],
      ['2026-11-21', 0],
      ['2026-11-22', 0],
      ['2026-11-23', 12],
    ]);
    expect(b.buckets.map((x) => x.weekend)).toEqual([false, true, true, false]); // 11/21 is a Saturday
    const long = buckets([
      { day: '2026-01-05', user: 'u1', n: 1 },
      { day: '2026-01-11', user: 'u1', n: 2 },
      { day: '2026-05-01', user: 'u1', n: 3 },
    ]);
    expect(long.unit).toBe('week');
    expect(long.buckets[0]).toMatchObject({ day: '2026-01-05', total: 3 }); // a Monday, with its Sunday
    expect(buckets([{ day: '2024-01-01', user: 'u1', n: 1 }, { day: '2026-01-01', user: 'u1', n: 1 }]).unit).toBe('month');
    expect([niceMax(0), niceMax(7), niceMax(12), niceMax(180)]).toEqual([1, 10, 20, 200]);
    expect([22, 23, 0, 5].every(isNight)).toBe(true);
    expect([6, 12, 21].some(isNight)).toBe(false);
  });

  it('lists unusual activity with who and how many, and opens it in the list', () => {
    const show = vi.fn();
    render(
      <App>
        <AuditCharts stats={stats} names={names} onShowFinding={show} />
      </App>,
    );
    const findings = screen.getAllByTestId('audit-finding');
    expect(findings).toHaveLength(2);
    expect(within(findings[0]).getByText('佐藤 花子')).toBeTruthy();
    expect(within(findings[0]).getByText('12 件')).toBeTruthy();
    expect(within(findings[1]).getByText('ログイン名「sato」')).toBeTruthy();
    fireEvent.click(within(findings[0]).getByTestId('audit-finding-show'));
    expect(show).toHaveBeenCalledWith(stats.unusual[0]);
  });

  it('draws one segment per user and day, night hours apart, and purposes by name', () => {
    const day = vi.fn();
    render(
      <App>
        <AuditCharts stats={stats} names={names} onShowFinding={() => {}} onShowDay={day} />
      </App>,
    );
    const segments = screen.getAllByTestId('audit-daily-segment');
    expect(segments.map((s) => s.querySelector('title')?.textContent)).toEqual(['11/20 佐藤 花子: 2', '11/20 山田 太郎: 6', '11/23 佐藤 花子: 12']);
    expect(screen.getAllByTestId('audit-daily-bucket')).toHaveLength(4);
    fireEvent.click(segments[2]);
    expect(day).toHaveBeenCalledWith('2026-11-23', 'u2');
    const bars = screen.getAllByTestId('audit-hour');
    expect(bars.filter((b) => b.getAttribute('data-night') === 'true')).toHaveLength(8);
    expect(bars[23].querySelector('title')?.textContent).toBe('23時台: 4 件');
    expect(within(screen.getByTestId('audit-chart-reveals')).getByText('源泉徴収票')).toBeTruthy();
  });

  it('takes Go’s null lists as empty', () => {
    const empty = { total: 0, first: 0, last: 0, byAction: null, byUser: null, daily: null, reveals: null, hours: null, unusual: null } as unknown as LogStats;
    render(
      <App>
        <AuditCharts stats={empty} names={names} onShowFinding={() => {}} />
      </App>,
    );
    expect(screen.getByText('注意が必要な操作は見つかりませんでした')).toBeTruthy();
    expect(screen.getByText('この条件では個人番号の表示・コピーはありません')).toBeTruthy();
    expect(screen.getAllByTestId('audit-hour')).toHaveLength(24);
  });
});
