import { useEffect } from 'react';
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../bridge';
import { useClients } from '../../stores/clients';

/**
 * CodeConflicts warns above the client list when a client code belongs to
 * several clients (two PCs registered it before they synced). Each client is
 * a link: the user opens one and gives it another code. It asks again
 * whenever the list changes (a sync, an edit).
 */
export function CodeConflicts({ list, onOpen }: { list: Client[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const conflicts = useClients((s) => s.codeConflicts);
  const load = useClients((s) => s.loadCodeConflicts);
  useEffect(() => {
    void load();
  }, [list, load]);
  if (conflicts.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ margin: 16 }}
      data-testid="code-conflicts"
      title={t('clients.codeConflicts')}
      description={
        <Space orientation="vertical" size={4}>
          <Typography.Text type="secondary">{t('clients.codeConflictsHelp')}</Typography.Text>
          {conflicts.map((c) => (
            <div key={c.code}>
              <Typography.Text strong>{t('clients.codeConflict', { code: c.code })}</Typography.Text>{' '}
              {c.clients.map((h) => (
                <Button key={h.id} type="link" size="small" onClick={() => onOpen(h.id)} data-testid="code-conflict-client">
                  {h.name}
                </Button>
              ))}
            </div>
          ))}
        </Space>
      }
    />
  );
}
