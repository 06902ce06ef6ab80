import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { initI18n } from '../../i18n';
import type { Client } from '../../bridge';
import { ClientTable, fillDelay, overscan, rangeFor, rowHeight, visibleRows } from './ClientTable';

const many: Client[] = Array.from({ length: 10000 }, (_, i) => ({
  id: `id${i}`,
  code: `C${String(i).padStart(5, '0')}`,
  name: `顧問先${i}`,
  kind: i % 2 ? 'corporation' : 'individual',
  fiscal_month: 1 + (i % 12),
}));

describe('visibleRows', () => {
  it('counts the rows under the header', () => {
    expect(visibleRows(0, 11 * rowHeight, 10000)).toEqual({ start: 0, end: 10 });
    expect(visibleRows(100.5 * rowHeight, 11 * rowHeight, 10000)).toEqual({ start: 100, end: 111 });
    expect(visibleRows(9995 * rowHeight, 11 * rowHeight, 10000)).toEqual({ start: 9995, end: 10000 });
    expect(visibleRows(0, 11 * rowHeight, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('rangeFor', () => {
  it('renders the rows in view and overscan more, within the list', () => {
    expect(rangeFor(0, 10 * rowHeight, 10000)).toEqual({ start: 0, end: 9 + overscan });
    expect(rangeFor(1000 * rowHeight, 10 * rowHeight, 10000)).toEqual({ start: 1000 - overscan, end: 1009 + overscan });
    expect(rangeFor(9990 * rowHeight, 10 * rowHeight, 10000)).toEqual({ start: 9990 - overscan, end: 10000 });
    expect(rangeFor(0, 10 * rowHeight, 3)).toEqual({ start: 0, end: 3 });
  });

  it('keeps the rendered rows while the view is well inside them', () => {
    const r = rangeFor(1000 * rowHeight, 10 * rowHeight, 10000);
    expect(rangeFor(1002 * rowHeight, 10 * rowHeight, 10000, r)).toBe(r);
    expect(rangeFor(1000 * rowHeight + overscan * rowHeight, 10 * rowHeight, 10000, r)).not.toBe(r);
    // A list that shrank under the range is never kept.
    expect(rangeFor(0, 10 * rowHeight, 5, { start: 0, end: 20 })).toEqual({ start: 0, end: 5 });
  });
});

describe('ClientTable', () => {
  beforeAll(() => {
    initI18n('ja');
  });
  afterEach(cleanup);

  it('puts only a window of 10,000 clients in the DOM and follows the scroll', () => {
    render(<ClientTable clients={many} loading={false} height={400} onOpen={() => {}} />);
    const table = screen.getByTestId('clients-table');
    Object.defineProperty(table, 'clientHeight', { value: 400 + rowHeight });
    const rows = () => table.querySelectorAll('[data-testid^="client-row-"]');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(60);
    expect(screen.getByTestId('client-row-C00000').textContent).toContain('個人');
    expect(screen.getByTestId('client-row-C00001').textContent).toContain('2月');
    expect(table.querySelector('.kct-body')?.getAttribute('style')).toContain(`height: ${10000 * rowHeight}px`);

    act(() => {
      table.scrollTop = 5000 * rowHeight;
      fireEvent.scroll(table);
    });
    const row = screen.getByTestId('client-row-C05000');
    expect(row.getAttribute('style')).toContain(`top: ${5000 * rowHeight}px`);
    expect(rows().length).toBeLessThan(60);
  });

  it('after a jump draws the visible rows at once and the overscan when scrolling pauses, reusing its rows', () => {
    vi.useFakeTimers();
    try {
      render(<ClientTable clients={many} loading={false} height={400} onOpen={() => {}} />);
      const table = screen.getByTestId('clients-table');
      Object.defineProperty(table, 'clientHeight', { value: 400 + rowHeight });
      const rowEls = () => [...table.querySelectorAll('[data-testid^="client-row-"]')];
      const before = rowEls();
      act(() => {
        table.scrollTop = 7000 * rowHeight;
        fireEvent.scroll(table);
      });
      const visible = visibleRows(7000 * rowHeight, 400 + rowHeight, many.length);
      for (let i = visible.start; i < visible.end; i++) expect(screen.getByTestId(`client-row-C0${i}`)).toBeTruthy();
      expect(screen.queryByTestId(`client-row-C0${visible.end}`)).toBeNull();
      // The same elements, now showing other clients.
      expect(rowEls().every((el) => before.includes(el))).toBe(true);
      act(() => {
        vi.advanceTimersByTime(fillDelay);
      });
      expect(screen.getByTestId(`client-row-C0${visible.end + overscan - 1}`)).toBeTruthy();
      expect(screen.getByTestId(`client-row-C0${visible.start - overscan}`)).toBeTruthy();
      expect(rowEls().length).toBeLessThan(60);
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens a client by click or Enter', () => {
    const opened: string[] = [];
    render(<ClientTable clients={many.slice(0, 3)} loading={false} height={400} onOpen={(id) => opened.push(id)} />);
    fireEvent.click(screen.getByTestId('client-row-C00001'));
    fireEvent.keyDown(screen.getByTestId('client-row-C00002'), { key: 'Enter' });
    expect(opened).toEqual(['id1', 'id2']);
  });

  it('shows the empty note and a client without a name', () => {
    const { rerender } = render(<ClientTable clients={[]} loading={false} height={400} onOpen={() => {}} />);
    expect(screen.getByTestId('clients-table').textContent).toContain('まだ顧問先が登録されていません');
    rerender(<ClientTable clients={[{ id: 'x', code: 'N1', name: '', kind: '' }]} loading={false} height={400} onOpen={() => {}} />);
    expect(screen.getByTestId('client-row-N1').textContent).toContain('（名称未設定）');
  });
});
