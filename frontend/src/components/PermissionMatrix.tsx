import { useMemo } from 'react';
import { Button, Checkbox, Empty, Select, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { IdcardFilled, IdcardOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Account, Level, MatrixView } from '../bridge';

export const levels: Level[] = ['edit', 'read', 'hidden'];

const levelColor: Record<Level, string> = { edit: '#237804', read: '#0958d9', hidden: '#8c8c8c' };

interface Props {
  matrix: MatrixView;
  pending: Record<string, boolean>;
  /** level '' returns the cell to the user's default level. */
  onLevel: (userId: string, clientId: string, level: Level | '') => void;
  onOwnerOnly: (clientId: string, ownerOnly: boolean) => void;
  onMyNumber: (userId: string, clientId: string) => void;
}

/** clientLabel is a client's name, or a placeholder when this user cannot read it. */
export function useClientColumns(matrix: MatrixView) {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const clients = [...(matrix.clients ?? [])];
    const name = (id: string) => matrix.names?.[id] ?? '';
    clients.sort((a, b) => name(a.id).localeCompare(name(b.id), i18n.language) || a.id.localeCompare(b.id));
    return clients;
  }, [matrix, i18n.language]);
}

/**
 * PermissionMatrix is the users × clients table: in each cell the user's
 * effective level (explicit settings in bold, defaults marked 既定) and,
 * for users who may handle My Numbers, the handler toggle; in each column
 * header the client's 所長のみ mark.
 */
export function PermissionMatrix({ matrix, pending, onLevel, onOwnerOnly, onMyNumber }: Props) {
  const { t } = useTranslation();
  const clients = useClientColumns(matrix);
  const users = (matrix.users ?? []).filter((u) => !u.disabled);

  if (clients.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('matrix.noClients')} data-testid="matrix-empty" />;

  const columns: ColumnsType<Account> = [
    {
      key: 'user',
      title: t('matrix.user'),
      fixed: 'start',
      width: 180,
      render: (_, u) => (
        <div>
          <div style={{ fontWeight: 600 }}>{u.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`roles.${u.role}`)}
          </Typography.Text>
        </div>
      ),
    },
    ...clients.map((c) => ({
      key: c.id,
      width: 190,
      title: (
        <div data-testid={`matrix-client-${c.id}`}>
          <div style={{ fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: 170 }} title={matrix.names?.[c.id]}>
            {matrix.names?.[c.id] ?? <Typography.Text type="secondary">{t('matrix.unnamed')}</Typography.Text>}
          </div>
          <Tooltip title={t('matrix.ownerOnlyHelp')}>
            <Checkbox
              checked={c.ownerOnly}
              disabled={pending[`owner|${c.id}`]}
              onChange={(e) => onOwnerOnly(c.id, e.target.checked)}
              data-testid={`matrix-owner-only-${c.id}`}
              style={{ fontSize: 12, fontWeight: 'normal' }}
            >
              {t('matrix.ownerOnly')}
            </Checkbox>
          </Tooltip>
        </div>
      ),
      render: (_: unknown, u: Account) => {
        const level = (matrix.levels?.[u.id]?.[c.id] ?? 'hidden') as Level;
        const explicit = matrix.explicit?.[u.id]?.[c.id] !== undefined;
        const handler = matrix.handlers?.[c.id]?.includes(u.id) ?? false;
        const canHandle = u.role === 'admin' || u.role === 'handler';
        const busy = pending[`${u.id}|${c.id}`];
        const mnBusy = pending[`mn|${u.id}|${c.id}`];
        // 所長のみ hides the client from everyone but 責任者, whatever is set;
        // a 監査 is hidden from every client and cannot be given more.
        const ownerOnlyHides = c.ownerOnly && u.role !== 'admin';
        const auditor = u.role === 'auditor';
        return (
          <div data-testid={`matrix-cell-${u.login}-${c.id}`} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            <div>
              <Select<Level | 'default'>
                size="small"
                value={level}
                disabled={busy || auditor}
                loading={busy}
                onChange={(l) => onLevel(u.id, c.id, l === 'default' ? '' : l)}
                style={{ width: 110 }}
                aria-label={t('matrix.levelFor', { user: u.name, client: matrix.names?.[c.id] ?? '' })}
                data-testid="matrix-level"
                options={[
                  ...levels.map((l) => ({
                    value: l as Level | 'default',
                    label: <span style={{ color: levelColor[l], fontWeight: explicit ? 600 : 400 }}>{t(`levels.${l}`)}</span>,
                  })),
                  ...(explicit ? [{ value: 'default' as const, label: <span style={{ fontStyle: 'italic' }}>{t('matrix.backToDefault')}</span> }] : []),
                ]}
              />
              <div style={{ fontSize: 11, color: ownerOnlyHides ? '#ad4e00' : '#8c8c8c', fontStyle: explicit ? 'normal' : 'italic', marginTop: 2 }} data-testid="matrix-origin">
                {auditor ? t('matrix.hiddenAuditor') : ownerOnlyHides ? t('matrix.hiddenByOwnerOnly') : explicit ? t('matrix.explicit') : t('matrix.default')}
              </div>
            </div>
            {canHandle && (
              <Tooltip title={handler ? t('matrix.handlerOn') : t('matrix.handlerOff')}>
                <Button
                  size="small"
                  type={handler ? 'primary' : 'text'}
                  icon={handler ? <IdcardFilled /> : <IdcardOutlined />}
                  loading={mnBusy}
                  aria-pressed={handler}
                  aria-label={t('matrix.handlerToggle')}
                  onClick={() => onMyNumber(u.id, c.id)}
                  data-testid="matrix-handler"
                />
              </Tooltip>
            )}
          </div>
        );
      },
    })),
  ];

  return (
    <Table<Account>
      data-testid="matrix"
      size="small"
      bordered
      rowKey="id"
      pagination={false}
      columns={columns}
      dataSource={users}
      scroll={{ x: 180 + clients.length * 190 }}
    />
  );
}
