import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { Empty, Spin, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../bridge';
import './ClientTable.css';

/**
 * Every row (and the header) is this tall, so the table knows where each row
 * is without measuring any. antd's virtual Table, used before, measured every
 * rendered row after each scroll (a forced layout per row) and rendered all
 * of them again: 11 ms of main-thread CPU per 16.7 ms frame when dragging
 * through 10,000 clients on a 2-core PC, against 7 ms now (bench/scroll.sh,
 * bench/README.md).
 */
export const rowHeight = 39;
/** Rows rendered beyond each edge of the view: scrolling a few rows renders nothing new. */
export const overscan = 6;

/** The columns; widths are minimums, extra room is shared in proportion. */
const columns = [
  { key: 'code', width: 110 },
  { key: 'name', width: 280 },
  { key: 'kana', width: 220 },
  { key: 'kind', width: 120 },
  { key: 'fiscalMonth', width: 90 },
  { key: 'phone', width: 150 },
] as const;
const minWidth = columns.reduce((w, c) => w + c.width, 0);
const cellStyle = Object.fromEntries(columns.map((c) => [c.key, { flex: `${c.width} 0 ${c.width}px` }])) as Record<(typeof columns)[number]['key'], CSSProperties>;

/** The words a row shows besides the client's own fields, per language. */
interface Labels {
  kind: Record<string, string>;
  months: string[];
  noName: string;
}

interface Range {
  start: number;
  end: number;
}

/** visibleRows is the rows a view of viewHeight (header included) shows at scrollTop. */
export function visibleRows(scrollTop: number, viewHeight: number, count: number): Range {
  const first = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight)));
  const last = Math.min(count, Math.ceil((scrollTop + Math.max(0, viewHeight - rowHeight)) / rowHeight));
  return { start: first, end: Math.max(first, last) };
}

/**
 * rangeFor is the rows to render for a scroll position: the visible ones and
 * overscan more on each side. keep is the range rendered now, kept while the
 * view is inside it with at least half the overscan to spare on each side.
 */
export function rangeFor(scrollTop: number, viewHeight: number, count: number, keep?: Range): Range {
  const { start: first, end: last } = visibleRows(scrollTop, viewHeight, count);
  if (keep && keep.end <= count) {
    const roomAbove = keep.start === 0 || first - keep.start >= overscan / 2;
    const roomBelow = keep.end === count || keep.end - last >= overscan / 2;
    if (first >= keep.start && last <= keep.end && roomAbove && roomBelow) return keep;
  }
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

/** After a jump only the visible rows are drawn; the overscan follows when scrolling pauses this long (ms). */
export const fillDelay = 120;

type RowElement = ReactElement<RowProps>;

/**
 * ClientTable is the clients area's list: a virtual table with a fixed row
 * height. Only the rows in view (and a few more) are in the DOM; the browser
 * scrolls natively, and the rows are recycled (see below).
 */
export const ClientTable = memo(function ClientTable({ clients, loading, height, onOpen }: { clients: Client[]; loading: boolean; height: number; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const scroller = useRef<HTMLDivElement>(null);
  const count = clients.length;
  const [range, setRange] = useState<Range>(() => rangeFor(0, height + rowHeight, count));
  const rangeRef = useRef(range);
  rangeRef.current = range;
  const countRef = useRef(count);
  countRef.current = count;

  // A new list or a new height: recompute from where the view is.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) setRange((r) => rangeFor(el.scrollTop, el.clientHeight, count, r));
  }, [count, height]);

  // Rows follow the scroll in the same frame (flushSync), and only when the
  // view nears the edge of what is rendered. A jump past everything rendered
  // (dragging the scroll bar) draws just the visible rows, and the overscan
  // once the scrolling pauses.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let fill: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      const cur = rangeRef.current;
      let next = rangeFor(el.scrollTop, el.clientHeight, countRef.current, cur);
      if (next === cur) return;
      if (next.start >= cur.end || next.end <= cur.start) {
        next = visibleRows(el.scrollTop, el.clientHeight, countRef.current);
        clearTimeout(fill);
        fill = setTimeout(() => setRange(rangeFor(el.scrollTop, el.clientHeight, countRef.current)), fillDelay);
      }
      flushSync(() => setRange(next));
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      clearTimeout(fill);
      el.removeEventListener('scroll', onScroll);
    };
  }, []);

  const labels = useMemo<Labels>(
    () => ({
      kind: { corporation: t('clientKind.corporation'), sole_proprietor: t('clientKind.sole_proprietor'), individual: t('clientKind.individual') },
      months: Array.from({ length: 13 }, (_, m) => (m ? t('clients.month', { month: m }) : '')),
      noName: t('clients.noName'),
    }),
    [t],
  );

  const vars = {
    '--kct-border': token.colorBorderSecondary,
    '--kct-header-bg': token.colorFillAlter,
    '--kct-header-color': token.colorTextHeading,
    '--kct-header-weight': token.fontWeightStrong,
    '--kct-hover': token.colorFillAlter,
    '--kct-secondary': token.colorTextDescription,
    '--kct-focus': token.colorPrimaryBorder,
    '--kct-row': `${rowHeight}px`,
  } as CSSProperties;

  // Rows are recycled: row i is drawn by slot i mod slots, and the slots keep
  // their order in the DOM, so scrolling changes the text of existing rows
  // instead of creating, moving and styling new elements (rows carry
  // aria-rowindex for their place in the list). A slot outside the range
  // keeps the row it last drew, out of view, until it is needed again.
  const slots = Math.ceil(height / rowHeight) + 2 * overscan + 2;
  const drawn = useRef<(RowElement | null)[]>([]);
  const rows: (RowElement | null)[] = new Array(slots).fill(null);
  for (let i = range.start; i < Math.min(range.end, count); i++) {
    rows[i % slots] = <ClientRow key={i % slots} client={clients[i]} index={i} labels={labels} onOpen={onOpen} />;
  }
  for (let s = 0; s < slots; s++) {
    const old = drawn.current[s];
    if (!rows[s] && old && old.props.index % slots === s && clients[old.props.index] === old.props.client && old.props.labels === labels && old.props.onOpen === onOpen) rows[s] = old;
  }
  useLayoutEffect(() => {
    drawn.current = rows;
  });

  return (
    <Spin spinning={loading}>
      <div
        ref={scroller}
        className="kinko-client-table"
        style={{ ...vars, maxHeight: height + rowHeight }}
        role="table"
        aria-label={t('clients.listTitle')}
        aria-rowcount={count + 1}
        data-testid="clients-table"
      >
        <div style={{ minWidth }}>
          <div className="kct-header" role="row" aria-rowindex={1}>
            {columns.map((c) => (
              <div key={c.key} className="kct-th" style={cellStyle[c.key]} role="columnheader">
                {t(`clients.col.${c.key}`)}
              </div>
            ))}
          </div>
          {count === 0 ? (
            <div className="kct-empty">{loading ? ' ' : <Empty description={t('clients.empty')} />}</div>
          ) : (
            <div className="kct-body" style={{ height: count * rowHeight }} role="rowgroup">
              {rows}
            </div>
          )}
        </div>
      </div>
    </Spin>
  );
});

/** ClientRow is one row; it renders again only when its client, place or language changes. */
interface RowProps {
  client: Client;
  index: number;
  labels: Labels;
  onOpen: (id: string) => void;
}

const ClientRow = memo(function ClientRow({ client: c, index, labels, onOpen }: RowProps) {
  const open = c.id ? () => onOpen(c.id) : undefined;
  const onKeyDown = open
    ? (e: KeyboardEvent) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      }
    : undefined;
  return (
    <div
      className={open ? 'kct-row kct-link' : 'kct-row'}
      style={{ top: index * rowHeight }}
      role="row"
      aria-rowindex={index + 2}
      tabIndex={open ? 0 : undefined}
      onClick={open}
      onKeyDown={onKeyDown}
      data-testid={`client-row-${c.code || c.id}`}
    >
      <div className="kct-td" style={cellStyle.code} role="cell">
        {c.code}
      </div>
      <div className="kct-td" style={cellStyle.name} role="cell" title={c.name || undefined}>
        {c.name || <span className="kct-secondary">{labels.noName}</span>}
      </div>
      <div className="kct-td" style={cellStyle.kana} role="cell">
        {c.kana}
      </div>
      <div className="kct-td" style={cellStyle.kind} role="cell">
        {c.kind ? (labels.kind[c.kind] ?? c.kind) : ''}
      </div>
      <div className="kct-td" style={cellStyle.fiscalMonth} role="cell">
        {labels.months[c.fiscal_month ?? 0] ?? ''}
      </div>
      <div className="kct-td" style={cellStyle.phone} role="cell">
        {c.phone}
      </div>
    </div>
  );
});
