import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PasswordFields } from '../components/PasswordFields';
import { useSubmit } from '../components/useSubmit';
import { useSystem } from '../stores/system';
import { useVault } from '../stores/vault';
import { errorTextIn } from '../i18n';

/** SettingsView: per-PC preferences and facts about this installation. */
export function SettingsView() {
  const { t } = useTranslation();
  const info = useSystem((s) => s.info);
  const idle = useVault((s) => s.state?.idleMinutes ?? 0);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 760 }} data-testid="area-settings">
      <Typography.Title level={3}>{t('settings.title')}</Typography.Title>
      <Card title={t('settings.language')}>
        <Space orientation="vertical">
          <LanguageSwitch />
          <Typography.Text type="secondary">{t('settings.languageHelp')}</Typography.Text>
        </Space>
      </Card>
      <PasswordCard />
      <Card title={t('settings.security')}>
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('settings.idleLock')}>
            <span data-testid="settings-idle">{idle > 0 ? t('settings.idleMinutes', { count: idle }) : t('settings.idleNever')}</span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('settings.idleHelp')}
        </Typography.Paragraph>
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

interface PasswordValues {
  old: string;
  password: string;
  password2: string;
}

/** PasswordCard changes the logged-in user's password. */
function PasswordCard() {
  const { t } = useTranslation();
  const change = useVault((s) => s.changePassword);
  const me = useVault((s) => s.state?.user);
  const office = useVault((s) => s.state?.vault?.name ?? '');
  const [form] = Form.useForm<PasswordValues>();
  const password = Form.useWatch('password', form) ?? '';
  const [done, setDone] = useState(false);
  const { busy, error, submit } = useSubmit(
    (v: PasswordValues) => {
      setDone(false);
      return change(v.old, v.password);
    },
    {
      onOk: () => {
        form.resetFields();
        setDone(true);
      },
    },
  );
  return (
    <Card title={t('settings.password')}>
      <Form<PasswordValues> form={form} layout="vertical" requiredMark={false} onFinish={submit} style={{ maxWidth: 420 }} data-testid="password-form">
        <Form.Item name="old" label={t('password.current')} rules={[{ required: true, message: t('form.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="password-old" />
        </Form.Item>
        <PasswordFields password={password} testid="password-new" label={t('password.new')} personal={[me?.login ?? '', me?.name ?? '', office]} />
        {error && <Alert type="error" showIcon title={errorTextIn(t, 'settings', error)} style={{ marginBottom: 16 }} data-testid="password-error" />}
        {done && <Alert type="success" showIcon title={t('settings.passwordChanged')} style={{ marginBottom: 16 }} data-testid="password-done" />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
          {t('settings.passwordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
