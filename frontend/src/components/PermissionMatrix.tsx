import { memo, useDeferredValue, useMemo, useState, type CSSProperties } from 'react';
import { Alert, Button, Empty, Input, Modal, Popconfirm, Radio, Select, Space, Typography, theme } from 'antd';
import type { ButtonProps } from 'antd';
import { IdcardFilled, IdcardOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Account, AppError, Level, MatrixView } from '../bridge';
import { errorText } from '../i18n';
import { JobProgress } from './JobProgress';
import { useSubmit } from './useSubmit';
import { useVirtualRows } from './useVirtualRows';
import { buildRows, canHandle, explicitAt, filterRows, isFiltered, levelAt, noFilter, willChange, withoutSetting, type LevelFilter, type MatrixFilter, type MatrixRow } from './matrixModel';
import './PermissionMatrix.css';

export const levels: Level[] = ['edit', 'read', 'hidden'];

const levelColor: Record<Level, string> = { edit: '#237804', read: '#0958d9', hidden: '#8c8c8c' };

/** Every row is this tall, so the grid knows where each is without measuring. */
export const matrixRowHeight = 46;
const headerHeight = 58;
const width = { check: 36, client: 260, owner: 96, user: 170 };

interface Props {
  matrix: MatrixView;
  pending: Record<string, boolean>;
  /** The grid's height at most (px). */
  height?: number;
  /** level '' returns the cell to the user's default level. */
  onLevel: (userId: string, clientId: string, level: Level | '') => void;
  onOwnerOnly: (clientId: string, ownerOnly: boolean) => void;
  onMyNumber: (userId: string, clientId: string) => void;
  /** onLevels sets one user's level on many clients at once; resolves to the refusal, if any. */
  onLevels?: (userId: string, clientIds: string[], level: Level | '') => Promise<AppError | undefined>;
  /** onDefault sets what new clients give the user; keep leaves existing clients as they are. */
  onDefault?: (userId: string, level: Level, keep: boolean) => Promise<AppError | undefined>;
  /** The last bulk change, to say how many clients it changed. */
  bulk?: { userId: string; changed: number };
  /** The running bulk change's job: its progress bar and cancel button. */
  bulkJob?: string;
}

/**
 * PermissionMatrix is the clients × users table for offices of any size:
 * a client per row (virtual: only the rows in view are drawn, so 10,000
 * clients scroll smoothly), a user per column. Clients are found by name
 * and filtered by a user's level, by My Number handler and by 所長のみ;
 * users are chosen as columns. Clients ticked in the first column get a
 * level for one user in one change, and each user's column header sets
 * their default level — what new clients give them.
 */
export function PermissionMatrix({ matrix, pending, height = 560, onLevel, onOwnerOnly, onMyNumber, onLevels, onDefault, bulk, bulkJob }: Props) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const rows = useMemo(() => buildRows(matrix, i18n.language), [matrix, i18n.language]);
  const allUsers = useMemo(() => (matrix.users ?? []).filter((u) => !u.disabled), [matrix]);
  const [filter, setFilter] = useState<MatrixFilter>(noFilter);
  const [userIds, setUserIds] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [defaultFor, setDefaultFor] = useState<Account>();
  // Typing in the search box stays immediate; the 10,000 rows follow.
  const deferred = useDeferredValue(filter);
  const shown = useMemo(() => filterRows(rows, matrix, deferred), [rows, matrix, deferred]);
  const users = userIds.length ? allUsers.filter((u) => userIds.includes(u.id)) : allUsers;
  const update = (f: Partial<MatrixFilter>) => setFilter((old) => ({ ...old, ...f }));

  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matrix.noClients')} data-testid="matrix-empty" />;

  const shownSelected = shown.reduce((n, r) => n + (selected.has(r.id) ? 1 : 0), 0);
  const toggleAll = () => {
    const next = new Set(selected);
    if (shownSelected === shown.length) for (const r of shown) next.delete(r.id);
    else for (const r of shown) next.add(r.id);
    setSelected(next);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    setSelected(next);
  };

  const vars = {
    '--kpm-border': token.colorBorderSecondary,
    '--kpm-header-bg': token.colorFillAlter,
    '--kpm-bg': token.colorBgContainer,
    '--kpm-hover': token.colorFillAlter,
    '--kpm-selected': token.colorFillSecondary,
    '--kpm-secondary': token.colorTextDescription,
    '--kpm-primary': token.colorPrimary,
    '--kpm-focus': token.colorPrimaryBorder,
    '--kpm-row': `${matrixRowHeight}px`,
    '--kpm-header': `${headerHeight}px`,
  } as CSSProperties;

  const handlerUsers = allUsers.filter(canHandle);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap size="small" data-testid="matrix-filters">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('matrix.search')}
          value={filter.q}
          onChange={(e) => update({ q: e.target.value })}
          style={{ width: 240 }}
          data-testid="matrix-search"
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('matrix.allUsers')}
          value={userIds}
          onChange={setUserIds}
          style={{ minWidth: 220 }}
          maxTagCount="responsive"
          aria-label={t('matrix.showUsers')}
          data-testid="matrix-users"
          options={allUsers.map((u) => ({ value: u.id, label: `${u.name}（${u.login}）` }))}
        />
        <Select<string>
          allowClear
          placeholder={t('matrix.filterLevelUser')}
          value={filter.levelUser}
          onChange={(v) => update({ levelUser: v })}
          style={{ width: 170 }}
          aria-label={t('matrix.filterLevelUser')}
          data-testid="matrix-filter-level-user"
          options={allUsers.map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select<LevelFilter>
          allowClear
          placeholder={t('matrix.filterLevel')}
          value={filter.level}
          onChange={(v) => update({ level: v })}
          style={{ width: 150 }}
          aria-label={t('matrix.filterLevel')}
          data-testid="matrix-filter-level"
          options={[
            ...levels.map((l) => ({ value: l as LevelFilter, label: t(`levels.${l}`) })),
            { value: 'explicit', label: t('matrix.levelExplicit') },
            { value: 'default', label: t('matrix.levelDefault') },
          ]}
        />
        <Select<string>
          value={filter.handler}
          onChange={(v) => update({ handler: v })}
          style={{ width: 210 }}
          aria-label={t('matrix.filterHandler')}
          data-testid="matrix-filter-handler"
          options={[
            { value: '', label: t('matrix.handlerAny') },
            { value: 'none', label: t('matrix.handlerNone') },
            ...handlerUsers.map((u) => ({ value: u.id, label: t('matrix.handlerIs', { name: u.name }) })),
          ]}
        />
        <Select<MatrixFilter['owner']>
          value={filter.owner}
          onChange={(v) => update({ owner: v })}
          style={{ width: 170 }}
          aria-label={t('matrix.filterOwner')}
          data-testid="matrix-filter-owner"
          options={[
            { value: 'all', label: t('matrix.ownerAll') },
            { value: 'only', label: t('matrix.ownerOnlyOnly') },
            { value: 'exclude', label: t('matrix.ownerExclude') },
          ]}
        />
        {isFiltered(filter) && (
          <Button onClick={() => setFilter(noFilter)} data-testid="matrix-clear-filters">
            {t('matrix.clearFilters')}
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary" data-testid="matrix-count">
        {t('matrix.count', { shown: shown.length, total: rows.length })}
      </Typography.Text>
      {onLevels && (
        <BulkBar
          matrix={matrix}
          users={allUsers}
          selected={selected}
          rows={rows}
          busy={!!pending.bulk}
          bulk={bulk}
          job={pending.bulk ? bulkJob : undefined}
          onApply={onLevels}
          onClear={() => setSelected(new Set())}
        />
      )}
      <Grid
        matrix={matrix}
        rows={shown}
        users={users}
        selected={selected}
        allState={shown.length > 0 && shownSelected === shown.length ? 'all' : shownSelected > 0 ? 'some' : 'none'}
        pending={pending}
        height={height}
        vars={vars}
        t={t}
        onToggle={toggle}
        onToggleAll={toggleAll}
        onLevel={onLevel}
        onOwnerOnly={onOwnerOnly}
        onMyNumber={onMyNumber}
        onDefault={onDefault ? setDefaultFor : undefined}
      />
      {defaultFor && onDefault && (
        <DefaultLevelModal user={defaultFor} matrix={matrix} job={pending[`default|${defaultFor.id}`] ? bulkJob : undefined} onSave={onDefault} onClose={() => setDefaultFor(undefined)} />
      )}
    </Space>
  );
}

interface GridProps {
  matrix: MatrixView;
  rows: MatrixRow[];
  users: Account[];
  selected: ReadonlySet<string>;
  allState: 'all' | 'some' | 'none';
  pending: Record<string, boolean>;
  height: number;
  vars: CSSProperties;
  t: TFunction;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  onLevel: Props['onLevel'];
  onOwnerOnly: Props['onOwnerOnly'];
  onMyNumber: Props['onMyNumber'];
  onDefault?: (u: Account) => void;
}

/** Grid is the virtual table itself. */
function Grid({ matrix, rows, users, selected, allState, pending, height, vars, t, onToggle, onToggleAll, onLevel, onOwnerOnly, onMyNumber, onDefault }: GridProps) {
  const { scroller, range } = useVirtualRows(rows.length, matrixRowHeight, headerHeight);
  const total = width.check + width.client + width.owner + users.length * width.user;
  const drawn = [];
  for (let i = range.start; i < range.end; i++) {
    const r = rows[i];
    drawn.push(
      <Row
        key={r.id}
        row={r}
        top={i * matrixRowHeight}
        matrix={matrix}
        users={users}
        checked={selected.has(r.id)}
        pending={pending}
        t={t}
        onToggle={onToggle}
        onLevel={onLevel}
        onOwnerOnly={onOwnerOnly}
        onMyNumber={onMyNumber}
      />,
    );
  }
  return (
    <div
      ref={scroller}
      className="kinko-matrix"
      style={{ ...vars, maxHeight: height }}
      role="table"
      aria-label={t('matrix.title')}
      aria-rowcount={rows.length + 1}
      data-testid="matrix"
    >
      <div style={{ minWidth: total }}>
        <div className="kpm-header" role="row" aria-rowindex={1}>
          <div className="kpm-th kpm-sticky" style={{ width: width.check, left: 0, justifyContent: 'center' }} role="columnheader">
            <input
              type="checkbox"
              checked={allState === 'all'}
              ref={(el) => {
                if (el) el.indeterminate = allState === 'some';
              }}
              onChange={onToggleAll}
              aria-label={t('matrix.selectAll')}
              title={t('matrix.selectAll')}
              data-testid="matrix-select-all"
            />
          </div>
          <div className="kpm-th kpm-sticky" style={{ width: width.client, left: width.check }} role="columnheader">
            {t('matrix.client')}
          </div>
          <div className="kpm-th" style={{ width: width.owner }} role="columnheader" title={t('matrix.ownerOnlyHelp')}>
            {t('matrix.ownerOnly')}
          </div>
          {users.map((u) => (
            <div key={u.id} className="kpm-th" style={{ width: width.user }} role="columnheader" data-testid={`matrix-user-${u.login}`}>
              <span className="kpm-name" style={{ maxWidth: width.user - 16 }} title={u.name}>
                {u.name}
              </span>
              <span className="kpm-secondary">{t(`roles.${u.role}`)}</span>
              <button
                type="button"
                className="kpm-link"
                disabled={!onDefault || u.role === 'admin' || u.role === 'auditor' || pending[`default|${u.id}`]}
                onClick={() => onDefault?.(u)}
                title={t('matrix.defaultHelp')}
                data-testid={`matrix-default-${u.login}`}
              >
                {u.role === 'admin' ? t('matrix.adminAlways') : t('matrix.defaultLabel', { level: t(`levels.${u.default}`) })}
              </button>
            </div>
          ))}
        </div>
        {rows.length === 0 ? (
          <div className="kpm-empty" data-testid="matrix-no-match">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matrix.noMatch')} />
          </div>
        ) : (
          <div className="kpm-body" style={{ height: rows.length * matrixRowHeight }} role="rowgroup">
            {drawn}
          </div>
        )}
      </div>
    </div>
  );
}

interface RowProps {
  row: MatrixRow;
  top: number;
  matrix: MatrixView;
  users: Account[];
  checked: boolean;
  pending: Record<string, boolean>;
  t: TFunction;
  onToggle: (id: string) => void;
  onLevel: Props['onLevel'];
  onOwnerOnly: Props['onOwnerOnly'];
  onMyNumber: Props['onMyNumber'];
}

/** Row is one client; it renders again only when its data, place or selection changes. */
const Row = memo(function Row({ row: r, top, matrix, users, checked, pending, t, onToggle, onLevel, onOwnerOnly, onMyNumber }: RowProps) {
  const label = r.name || t('matrix.unnamed');
  return (
    <div className={checked ? 'kpm-row kpm-selected' : 'kpm-row'} style={{ top }} role="row" data-testid={`matrix-row-${r.id}`}>
      <div className="kpm-td kpm-sticky" style={{ width: width.check, left: 0, justifyContent: 'center' }} role="cell">
        <input type="checkbox" checked={checked} onChange={() => onToggle(r.id)} aria-label={t('matrix.selectRow', { client: label })} data-testid={`matrix-select-${r.id}`} />
      </div>
      <div className="kpm-td kpm-sticky" style={{ width: width.client, left: width.check }} role="cell" data-testid={`matrix-client-${r.id}`}>
        <span className={r.name ? 'kpm-name' : 'kpm-name kpm-secondary'} title={r.name || undefined}>
          {label}
        </span>
      </div>
      <div className="kpm-td" style={{ width: width.owner }} role="cell">
        <input
          type="checkbox"
          checked={r.ownerOnly}
          disabled={pending[`owner|${r.id}`]}
          onChange={(e) => onOwnerOnly(r.id, e.target.checked)}
          aria-label={t('matrix.ownerOnlyFor', { client: label })}
          title={t('matrix.ownerOnlyHelp')}
          data-testid={`matrix-owner-only-${r.id}`}
        />
      </div>
      {users.map((u) => (
        <div key={u.id} className="kpm-td" style={{ width: width.user }} role="cell">
          <Cell row={r} user={u} matrix={matrix} pending={pending} label={label} t={t} onLevel={onLevel} onMyNumber={onMyNumber} />
        </div>
      ))}
    </div>
  );
});

/** Cell is one user's level on one client, and the My Number handler toggle. */
function Cell({ row: r, user: u, matrix, pending, label, t, onLevel, onMyNumber }: { row: MatrixRow; user: Account; matrix: MatrixView; pending: Record<string, boolean>; label: string; t: TFunction; onLevel: Props['onLevel']; onMyNumber: Props['onMyNumber'] }) {
  const level = levelAt(matrix, u.id, r.index);
  const explicit = explicitAt(matrix, u.id, r.index);
  const busy = pending[`${u.id}|${r.id}`];
  const handler = r.handlers.includes(u.id);
  // 所長のみ hides the client from everyone but 責任者, whatever is set; a
  // 監査 is hidden from every client and cannot be given more; a 責任者
  // edits every client.
  const admin = u.role === 'admin';
  const auditor = u.role === 'auditor';
  const forced = r.ownerOnly && !admin;
  const origin = admin ? t('matrix.adminAlways') : auditor ? t('matrix.hiddenAuditor') : forced ? t('matrix.hiddenByOwnerOnly') : explicit ? t('matrix.explicit') : t('matrix.default');
  const defaultLevel = (u.default || 'hidden') as Level;
  return (
    <>
      <div className="kpm-cell" data-testid={`matrix-cell-${u.login}-${r.id}`}>
        <select
          className={explicit ? 'kpm-level kpm-explicit' : 'kpm-level'}
          style={{ color: levelColor[level] }}
          value={admin ? 'edit' : (explicit ?? 'default')}
          disabled={busy || auditor || admin}
          onChange={(e) => onLevel(u.id, r.id, e.target.value === 'default' ? '' : (e.target.value as Level))}
          aria-label={t('matrix.levelFor', { user: u.name, client: label })}
          data-testid="matrix-level"
        >
          {levels.map((l) => (
            <option key={l} value={l}>
              {t(`levels.${l}`)}
            </option>
          ))}
          {!admin && <option value="default">{t('matrix.defaultOption', { level: t(`levels.${defaultLevel}`) })}</option>}
        </select>
        <span className={`kpm-origin${explicit || admin ? '' : ' kpm-default'}${forced || auditor ? ' kpm-forced' : ''}`} data-testid="matrix-origin">
          {origin}
        </span>
      </div>
      {canHandle(u) && (
        <button
          type="button"
          className="kpm-handler"
          aria-pressed={handler}
          disabled={pending[`mn|${u.id}|${r.id}`]}
          onClick={() => onMyNumber(u.id, r.id)}
          aria-label={t('matrix.handlerToggle')}
          title={handler ? t('matrix.handlerOn') : t('matrix.handlerOff')}
          data-testid="matrix-handler"
        >
          {handler ? <IdcardFilled /> : <IdcardOutlined />}
        </button>
      )}
    </>
  );
}

interface BulkProps {
  matrix: MatrixView;
  users: Account[];
  rows: MatrixRow[];
  selected: ReadonlySet<string>;
  busy: boolean;
  bulk?: { userId: string; changed: number };
  job?: string;
  onApply: NonNullable<Props['onLevels']>;
  onClear: () => void;
}

/** BulkBar sets one user's level on the ticked clients, in one change. */
function BulkBar({ matrix, users, rows, selected, busy, bulk, job, onApply, onClear }: BulkProps) {
  const { t } = useTranslation();
  const targets = users.filter((u) => u.role !== 'admin');
  const [userId, setUserId] = useState<string>();
  const [level, setLevel] = useState<Level | 'default'>();
  const [error, setError] = useState<AppError>();
  const user = targets.find((u) => u.id === userId);
  const chosen = rows.filter((r) => selected.has(r.id));
  const lv: Level | '' | undefined = level === 'default' ? '' : level;
  const changes = user && lv !== undefined ? willChange(matrix, user.id, chosen.map((r) => r.index), lv) : 0;
  const levelName = level === 'default' ? t('matrix.backToDefault') : level ? t(`levels.${level}`) : '';
  const apply = async () => {
    if (!user || lv === undefined) return;
    setError(undefined);
    setError(await onApply(user.id, chosen.map((r) => r.id), lv));
  };
  const done = bulk && bulk.userId === userId ? bulk : undefined;
  return (
    <div data-testid="matrix-bulk">
      <Space wrap size="small">
        <Typography.Text strong data-testid="matrix-selected-count">
          {t('matrix.selected', { count: selected.size })}
        </Typography.Text>
        <Select<string>
          placeholder={t('matrix.bulkUser')}
          value={userId}
          onChange={setUserId}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          aria-label={t('matrix.bulkUser')}
          data-testid="matrix-bulk-user"
          options={targets.map((u) => ({ value: u.id, label: `${u.name}（${u.login}）` }))}
        />
        <Select<Level | 'default'>
          placeholder={t('matrix.bulkLevel')}
          value={level}
          onChange={setLevel}
          style={{ width: 150 }}
          aria-label={t('matrix.bulkLevel')}
          data-testid="matrix-bulk-level"
          options={[
            ...levels.filter((l) => user?.role !== 'auditor' || l === 'hidden').map((l) => ({ value: l as Level | 'default', label: t(`levels.${l}`) })),
            { value: 'default', label: t('matrix.backToDefault') },
          ]}
        />
        <Popconfirm
          title={t('matrix.bulkTitle')}
          description={<span data-testid="matrix-bulk-confirm">{t('matrix.bulkConfirm', { user: user?.name ?? '', count: chosen.length, level: levelName, changed: changes })}</span>}
          okText={t('matrix.bulkOk')}
          cancelText={t('form.cancel')}
          okButtonProps={{ 'data-testid': 'matrix-bulk-ok' } as ButtonProps}
          onConfirm={() => void apply()}
          disabled={!user || !level || chosen.length === 0}
        >
          <Button type="primary" disabled={!user || !level || chosen.length === 0} loading={busy} data-testid="matrix-bulk-apply">
            {t('matrix.bulkApply')}
          </Button>
        </Popconfirm>
        <Button onClick={onClear} disabled={selected.size === 0} data-testid="matrix-clear-selection">
          {t('matrix.clearSelection')}
        </Button>
      </Space>
      <ChangeStatus job={job} error={error} testid="matrix-bulk" gap={8} />
      {done && !error && (
        <Typography.Paragraph type="success" style={{ marginTop: 8, marginBottom: 0 }} data-testid="matrix-bulk-done">
          {t('matrix.bulkDone', { count: done.changed, user: user?.name ?? '' })}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/**
 * ChangeStatus is a bulk change's state under its form: the running job's
 * progress bar with its cancel button, then — when it ended so — that it was
 * cancelled (nothing changed) or why it failed.
 */
function ChangeStatus({ job, error, testid, gap }: { job?: string; error?: AppError; testid: string; gap: number }) {
  const { t } = useTranslation();
  return (
    <>
      {job && (
        <div style={{ marginTop: gap }}>
          <JobProgress id={job} testid={testid} />
        </div>
      )}
      {error?.code === 'job.canceled' && <Alert type="info" showIcon title={t('matrix.bulkCanceled')} style={{ marginTop: gap }} data-testid={`${testid}-canceled`} />}
      {error && error.code !== 'job.canceled' && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginTop: gap }} data-testid={`${testid}-error`} />}
    </>
  );
}

/**
 * DefaultLevelModal sets a user's default level: what every client
 * registered from now on gives them — and, unless kept, the existing
 * clients without a setting of their own.
 */
function DefaultLevelModal({ user, matrix, job, onSave, onClose }: { user: Account; matrix: MatrixView; job?: string; onSave: NonNullable<Props['onDefault']>; onClose: () => void }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<Level>((user.default || 'hidden') as Level);
  const [keep, setKeep] = useState(true);
  const free = useMemo(() => withoutSetting(matrix, user.id), [matrix, user.id]);
  const { busy, error, submit } = useSubmit(() => onSave(user.id, level, keep), { onOk: onClose });
  return (
    <Modal
      open
      title={t('matrix.defaultTitle', { user: user.name })}
      onCancel={onClose}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => void submit(undefined)}
      okButtonProps={{ 'data-testid': 'matrix-default-ok', disabled: level === user.default } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Typography.Paragraph type="secondary">{t('matrix.defaultHelp')}</Typography.Paragraph>
      <Radio.Group value={level} onChange={(e) => setLevel(e.target.value as Level)} data-testid="matrix-default-level">
        {levels.map((l) => (
          <Radio key={l} value={l} data-testid={`matrix-default-level-${l}`}>
            {t(`levels.${l}`)}
          </Radio>
        ))}
      </Radio.Group>
      <Radio.Group value={keep} onChange={(e) => setKeep(e.target.value as boolean)} style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: 16 }} data-testid="matrix-default-keep">
        <Radio value={true} data-testid="matrix-default-keep-yes">
          {t('matrix.defaultKeep', { count: free })}
        </Radio>
        <Radio value={false} data-testid="matrix-default-keep-no">
          {t('matrix.defaultAll', { count: free })}
        </Radio>
      </Radio.Group>
      <ChangeStatus job={job} error={error} testid="matrix-default" gap={16} />
    </Modal>
  );
}
