import { describe, expect, it } from 'vitest';
import { formatDateTime, formatWareki, parseDateInput } from './wareki';
import { logTime } from './jst';
import { passwordStrength } from './password';

describe('formatWareki', () => {
  it.each([
    [new Date(2025, 4, 3), '令和7年5月3日'],
    [new Date(2019, 4, 1), '令和元年5月1日'],
    [new Date(2019, 3, 30), '平成31年4月30日'],
    [new Date(1989, 0, 8), '平成元年1月8日'],
    [new Date(1989, 0, 7), '昭和64年1月7日'],
    [new Date(2026, 11, 31), '令和8年12月31日'],
  ])('%s → %s', (d, want) => {
    expect(formatWareki(d)).toBe(want);
  });

  it('writes time in 24 hours after the Japanese date', () => {
    expect(formatDateTime(Date.parse('2025-05-03T09:05:00+09:00'), 'ja')).toBe('令和7年5月3日 09:05');
    expect(formatDateTime(0, 'ja')).toBe('');
  });

  it('writes Japan time, as the access log does, whatever the PC clock zone', () => {
    // 11:06 UTC is 20:06 in Japan; the test machines run in UTC.
    const at = Date.UTC(2026, 11, 5, 11, 6, 30);
    expect(formatDateTime(at, 'ja')).toBe('令和8年12月5日 20:06');
    expect(logTime(at, 'ja').startsWith(formatDateTime(at, 'ja'))).toBe(true);
    expect(formatDateTime(at, 'en')).toBe(logTime(at, 'en').slice(0, -3));
    expect(formatDateTime(at, 'en')).toContain('20:06');
  });
});

describe('passwordStrength', () => {
  it.each([
    ['', 'short'],
    ['abc123', 'short'],
    ['aaaaaaaaaaaa', 'weak'],
    ['abcdefghijk', 'weak'],
    ['kinko2025ab', 'weak'],
    ['Kinko-2025!x', 'fair'],
    ['correct horse battery', 'strong'],
  ])('%j is %s', (pw, want) => {
    expect(passwordStrength(pw)).toBe(want);
  });
});

describe('parseDateInput', () => {
  it.each([
    ['2025-04-01', '2025-04-01'],
    ['2025/4/1', '2025-04-01'],
    ['20250401', '2025-04-01'],
    ['2025年4月1日', '2025-04-01'],
    ['令和7年4月1日', '2025-04-01'],
    ['R7.4.1', '2025-04-01'],
    ['r7/4/1', '2025-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['Ｈ３１．４．３０', '2019-04-30'],
    ['昭和55年4月1日', '1980-04-01'],
    ['', ''],
  ])('%s → %s', (s, want) => {
    expect(parseDateInput(s)).toBe(want);
  });

  it.each(['2025-02-30', '平成31年5月1日', 'R7.4', 'あした', '1800-01-01'])('refuses %s', (s) => {
    expect(parseDateInput(s)).toBeNull();
  });
});
