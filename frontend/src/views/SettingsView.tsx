import { Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSystem } from '../stores/system';

/** SettingsView: per-PC preferences and facts about this installation. */
export function SettingsView() {
  const { t } = useTranslation();
  const info = useSystem((s) => s.info);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 760 }} data-testid="area-settings">
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Card title={t('settings.language')}>
        <Space orientation="vertical">
          <LanguageSwitch />
          <Typography.Text type="secondary">{t('settings.languageHelp')}</Typography.Text>
        </Space>
      </Card>
      <Card title={t('settings.about')}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('settings.version')}>
            <span data-testid="settings-version">{info?.version ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('settings.build')}>{info?.commit ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('settings.platform')}>{info ? `${info.os}/${info.arch}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('settings.dataDir')}>
            <Typography.Text copyable={!!info} data-testid="settings-datadir">
              {info?.dataDir ?? '—'}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('settings.dataDirHelp')}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
