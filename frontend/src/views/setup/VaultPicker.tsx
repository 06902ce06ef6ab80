import { useState } from 'react';
import { Alert, Button, Card, List, Space, Tag, Typography } from 'antd';
import { FolderOpenOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../bridge';
import { useVault } from '../../stores/vault';
import { errorText } from '../../i18n';
import { CenteredPage } from '../../components/CenteredPage';

/** VaultPicker lists the vaults this PC knows; the user opens one, or creates or joins another. */
export function VaultPicker() {
  const { t } = useTranslation();
  const state = useVault((s) => s.state)!;
  const open = useVault((s) => s.open);
  const setWizard = useVault((s) => s.setWizard);
  const setPicking = useVault((s) => s.setPicking);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<AppError>();
  const pick = async (id: string) => {
    setBusy(id);
    setError(undefined);
    const err = await open(id);
    setBusy(undefined);
    if (err) setError(err);
    else setPicking(false);
  };
  return (
    <CenteredPage testid="vault-picker">
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('picker.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('picker.intro')}</Typography.Paragraph>
        <List
          bordered
          dataSource={state.known}
          renderItem={(v) => (
            <List.Item
              key={v.id}
              actions={[
                <Button key="open" type="primary" icon={<FolderOpenOutlined />} loading={busy === v.id} onClick={() => void pick(v.id)} data-testid={`picker-open-${v.id}`}>
                  {t('picker.open')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size="small">
                    <span data-testid="picker-name">{v.name}</span>
                    {v.id === state.demoId && (
                      <Tag color="orange" data-testid="picker-demo">
                        {t('picker.demoTag')}
                      </Tag>
                    )}
                  </Space>
                }
                description={<Typography.Text type="secondary">{t('picker.folder', { folder: v.folder })}</Typography.Text>}
              />
            </List.Item>
          )}
        />
        {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginTop: 16 }} />}
        <Space style={{ marginTop: 24 }}>
          {state.vault && <Button onClick={() => setPicking(false)}>{t('form.back')}</Button>}
          <Button icon={<PlusOutlined />} onClick={() => setWizard(true)} data-testid="picker-new">
            {t('picker.another')}
          </Button>
        </Space>
      </Card>
    </CenteredPage>
  );
}
