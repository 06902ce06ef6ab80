import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

// Virtual rows for lists that grow with the office (the permission matrix,
// held changes): rows of one fixed height, placed absolutely in a body as
// tall as all of them, and only those in view (and overscan more on each
// side) rendered. The browser scrolls natively; the range follows in the
// same frame, and only when the view nears the edge of what is rendered.

export interface RowRange {
  start: number;
  end: number;
}

/**
 * rowRange is the rows to render when the body, header excluded, is seen
 * from scrollTop through a view viewHeight tall: the visible ones and
 * overscan more each side. keep, the range rendered now, is kept while the
 * view stays inside it with half the overscan to spare.
 */
export function rowRange(scrollTop: number, viewHeight: number, header: number, rowHeight: number, count: number, overscan: number, keep?: RowRange): RowRange {
  const top = Math.max(0, scrollTop - header);
  const first = Math.min(count, Math.floor(top / rowHeight));
  const last = Math.min(count, Math.ceil((scrollTop + viewHeight - header) / rowHeight));
  if (keep && keep.end <= count && first >= keep.start && last <= keep.end) {
    const roomAbove = keep.start === 0 || first - keep.start >= overscan / 2;
    const roomBelow = keep.end === count || keep.end - last >= overscan / 2;
    if (roomAbove && roomBelow) return keep;
  }
  return { start: Math.max(0, first - overscan), end: Math.min(count, Math.max(first, last) + overscan) };
}

/**
 * useVirtualRows gives the scroll container's ref and the range of rows to
 * render for count rows of rowHeight under a header header px tall. A
 * container not laid out yet (tests) renders the first initial rows.
 */
export function useVirtualRows(count: number, rowHeight: number, header = 0, overscan = 8, initial = 40) {
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<RowRange>({ start: 0, end: Math.min(count, initial) });
  const state = useRef({ count, range });
  state.current = { count, range };

  const measure = (el: HTMLDivElement, keep?: RowRange) => {
    const h = el.clientHeight || initial * rowHeight + header;
    return rowRange(el.scrollTop, h, header, rowHeight, state.current.count, overscan, keep);
  };

  // A new count (a filter) or a first layout: from where the view is.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) setRange((r) => measure(el, r));
  }, [count, rowHeight, header]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => {
      const next = measure(el, state.current.range);
      if (next !== state.current.range) flushSync(() => setRange(next));
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(onScroll);
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro?.disconnect();
    };
  }, [rowHeight, header]);

  return { scroller, range: { start: Math.min(range.start, count), end: Math.min(range.end, count) } };
}
