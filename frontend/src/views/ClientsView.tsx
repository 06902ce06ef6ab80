import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Drawer, Input, List, Space, Tabs, Tag, Typography } from 'antd';
import { ImportOutlined, PlusOutlined, SearchOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../bridge';
import { useClients } from '../stores/clients';
import { errorText } from '../i18n';
import { ClientForm } from './clients/ClientForm';
import { PeopleCard } from './clients/PeopleCard';
import { ImportModal } from './clients/ImportModal';
import { ExportMenu } from './clients/ExportMenu';
import { ClientTable } from './clients/ClientTable';
import { CodeConflicts } from './clients/CodeConflicts';

/** useWindowHeight follows the window's height, for the table's scroll area. */
function useWindowHeight(): number {
  const [h, setH] = useState(() => (typeof window === 'undefined' ? 800 : window.innerHeight));
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

/** ClientsView is the clients area: the search box, the client list and the client drawer. */
export function ClientsView() {
  const { t } = useTranslation();
  const { list, listLoaded, listError, loadList, open, close, current, currentError, people } = useClients();
  const [drawer, setDrawer] = useState<'new' | 'open'>();
  const [importing, setImporting] = useState(false);
  const height = useWindowHeight();

  useEffect(() => {
    void loadList();
  }, [loadList]);

  // Stable, so the list's rows do not render again when the view does.
  const openClient = useCallback(
    (id: string) => {
      if (!id) return;
      setDrawer('open');
      void open(id);
    },
    [open],
  );
  const closeDrawer = () => {
    setDrawer(undefined);
    close();
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="area-clients">
      <SearchBox onOpen={openClient} />
      <Card
        title={
          <Space>
            {t('clients.listTitle')}
            {listLoaded && <Typography.Text type="secondary">{t('clients.listCount', { count: list.length })}</Typography.Text>}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="clients-import">
              {t('import.button')}
            </Button>
            <ExportMenu />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer('new')} data-testid="clients-add">
              {t('clients.add')}
            </Button>
          </Space>
        }
        styles={{ body: { padding: 0 } }}
      >
        {listError && <Alert type="error" showIcon title={errorText(t, listError)} style={{ margin: 16 }} data-testid="clients-error" />}
        <CodeConflicts list={list} onOpen={openClient} />
        <ClientTable clients={list} loading={!listLoaded} height={Math.max(240, height - 420)} onOpen={openClient} />
      </Card>
      <ImportModal open={importing} onClose={() => setImporting(false)} />
      <Drawer
        open={drawer !== undefined}
        size={1120}
        title={
          drawer === 'new' ? (
            t('client.newTitle')
          ) : (
            <Space>
              {current?.client.code && <Typography.Text type="secondary">{current.client.code}</Typography.Text>}
              {current?.client.name}
              {current?.client.kind && <Tag>{t(`clientKind.${current.client.kind}`)}</Tag>}
            </Space>
          )
        }
        onClose={closeDrawer}
        destroyOnHidden
        data-testid="client-drawer"
      >
        {drawer === 'new' && <ClientForm onCreated={() => setDrawer('open')} />}
        {drawer === 'open' && currentError && <Alert type="error" showIcon title={errorText(t, currentError)} data-testid="client-open-error" />}
        {drawer === 'open' && current && (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            {current.conflict && <Alert type="warning" showIcon title={t('client.conflict')} />}
            <Tabs
              defaultActiveKey="people"
              items={[
                { key: 'people', label: `${t('client.peopleTab')}（${people.length}）`, children: <PeopleCard /> },
                { key: 'basics', label: t('client.basics'), children: <ClientForm key={current.client.id + current.versions.join()} open={current} /> },
              ]}
              data-testid="client-tabs"
            />
          </Space>
        )}
      </Drawer>
    </Space>
  );
}

/** SearchBox answers as the user types: clients, and people with their client's name. */
function SearchBox({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t } = useTranslation();
  const { query, hits, hitsFor, searchError, setQuery } = useClients();
  const active = query.trim() !== '';
  return (
    <div>
      <Input
        size="large"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('clients.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoComplete="off"
        data-testid="clients-search"
      />
      {active && (
        <Card size="small" style={{ marginTop: 8 }} styles={{ body: { padding: 0, maxHeight: 320, overflow: 'auto' } }} data-testid="search-results">
          {searchError ? (
            <Alert type="error" showIcon title={errorText(t, searchError)} style={{ margin: 12 }} />
          ) : hitsFor && hits.length === 0 ? (
            <Typography.Paragraph type="secondary" style={{ margin: 12 }} data-testid="search-none">
              {t('clients.searchNone', { q: hitsFor })}
            </Typography.Paragraph>
          ) : (
            <List<SearchHit>
              size="small"
              dataSource={hits}
              renderItem={(h) => (
                <List.Item key={h.target} onClick={() => onOpen(h.clientId)} style={{ cursor: 'pointer', padding: '8px 16px' }} data-testid="search-hit">
                  <Space size="middle" wrap>
                    <Tag icon={h.kind === 'person' ? <UserOutlined /> : <TeamOutlined />} color={h.kind === 'person' ? 'blue' : 'gold'}>
                      {h.kind === 'person' ? t('clients.hitPerson') : t('clients.hitClient')}
                    </Tag>
                    <Typography.Text strong>{h.name}</Typography.Text>
                    {h.kana && <Typography.Text type="secondary">{h.kana}</Typography.Text>}
                    {h.kind === 'person' && h.clientName && <Typography.Text>{h.clientName}</Typography.Text>}
                    {h.code && <Typography.Text type="secondary">{h.code}</Typography.Text>}
                    {h.phone && <Typography.Text type="secondary">{h.phone}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </div>
  );
}
