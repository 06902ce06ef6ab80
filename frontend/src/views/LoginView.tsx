import { useEffect, useState } from 'react';
import { Alert, Avatar, Button, Card, Checkbox, Form, Input, Progress, Space, Tooltip, Typography } from 'antd';
import { KeyOutlined, LockOutlined, LoginOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Account, AppError } from '../bridge';
import { onLoginProgress, useVault, type LoginUpdate } from '../stores/vault';
import { errorTextIn } from '../i18n';
import { CenteredPage } from '../components/CenteredPage';
import { LeaveDemoButton } from '../components/DemoBanner';
import { PasswordFields } from '../components/PasswordFields';
import { useSubmit } from '../components/useSubmit';

/** LoginView is the locked vault: pick a user, type the password (or use the one remembered on this PC). */
export function LoginView() {
  const { t } = useTranslation();
  const state = useVault((s) => s.state)!;
  const lockNote = useVault((s) => s.lockNote);
  const lastUser = useVault((s) => s.lastUser);
  const setPicking = useVault((s) => s.setPicking);
  const accounts = state.accounts.filter((a) => !a.disabled);
  const [selected, setSelected] = useState<string | undefined>(() =>
    lastUser && accounts.some((a) => a.id === lastUser) ? lastUser : accounts.length === 1 ? accounts[0].id : undefined,
  );
  const [mode, setMode] = useState<'login' | 'reset'>('login');
  const [notice, setNotice] = useState<string>();
  const user = accounts.find((a) => a.id === selected);

  return (
    <CenteredPage testid="login-screen" width={mode === 'reset' ? 600 : 680}>
      <Card>
        <Space align="center" style={{ marginBottom: 4 }}>
          <LockOutlined style={{ fontSize: 22, color: '#7a1f1f' }} />
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="login-vault-name">
            {state.vault?.name}
          </Typography.Title>
        </Space>
        <Typography.Paragraph type="secondary">{mode === 'login' ? t('login.intro') : t('reset.intro')}</Typography.Paragraph>
        {lockNote === 'idle' && mode === 'login' && <Alert type="info" showIcon title={t('login.idleLocked')} style={{ marginBottom: 16 }} data-testid="login-idle-note" />}
        {state.demoPassword && (
          <Alert
            type="warning"
            showIcon
            title={t('login.demoHint', { login: 'demo', password: state.demoPassword })}
            description={<LeaveDemoButton type="primary" />}
            style={{ marginBottom: 16 }}
            data-testid="login-demo-hint"
          />
        )}
        {notice && <Alert type="success" showIcon title={notice} style={{ marginBottom: 16 }} closable onClose={() => setNotice(undefined)} />}
        {mode === 'login' ? (
          <>
            <UserCards accounts={accounts} selected={selected} onSelect={setSelected} />
            {user && <PasswordLogin key={user.id} user={user} />}
            <Space style={{ marginTop: 16 }} wrap>
              <Button type="link" icon={<KeyOutlined />} onClick={() => setMode('reset')} data-testid="login-forgot" style={{ paddingLeft: 0 }}>
                {t('login.forgot')}
              </Button>
              {state.known.length > 1 && (
                <Button type="link" icon={<SwapOutlined />} onClick={() => setPicking(true)}>
                  {t('login.otherVault')}
                </Button>
              )}
            </Space>
          </>
        ) : (
          <ResetForm
            initialLogin={user?.login ?? ''}
            onBack={() => setMode('login')}
            onDone={() => {
              setMode('login');
              setNotice(t('reset.done'));
            }}
          />
        )}
      </Card>
    </CenteredPage>
  );
}

function UserCards({ accounts, selected, onSelect }: { accounts: Account[]; selected?: string; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const remembered = useVault((s) => s.state?.remembered ?? []);
  const loginRemembered = useVault((s) => s.loginRemembered);
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState<string>();
  const quick = async (id: string) => {
    setBusy(id);
    setError(undefined);
    const err = await loginRemembered(id);
    setBusy(undefined);
    if (err) {
      setError(err);
      onSelect(id);
    }
  };
  return (
    <div role="radiogroup" aria-label={t('login.chooseUser')}>
      <Typography.Text strong>{t('login.chooseUser')}</Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))', gap: 10, margin: '8px 0 16px' }}>
        {accounts.map((a) => {
          const on = a.id === selected;
          const mem = remembered.includes(a.id);
          return (
            <div
              key={a.id}
              role="radio"
              aria-checked={on}
              tabIndex={0}
              data-testid={`login-user-${a.login}`}
              onClick={() => onSelect(a.id)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(a.id)}
              style={{
                cursor: 'pointer',
                border: `1px solid ${on ? '#7a1f1f' : '#e5ded3'}`,
                boxShadow: on ? '0 0 0 2px rgba(122,31,31,0.15)' : undefined,
                borderRadius: 8,
                padding: '10px 12px',
                background: on ? '#fdf7f5' : '#fff',
                display: 'flex',
                gap: 10,
                alignItems: 'center',
              }}
            >
              <Avatar style={{ background: on ? '#7a1f1f' : '#b08d57', flexShrink: 0 }}>{[...a.name][0]}</Avatar>
              <div style={{ minWidth: 0, flex: 1 }}>
                <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{a.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {a.login}
                </Typography.Text>
              </div>
              {mem && (
                <Tooltip title={t('login.rememberedHelp')}>
                  <Button
                    size="small"
                    type="primary"
                    icon={<LoginOutlined />}
                    loading={busy === a.id}
                    onClick={(e) => {
                      e.stopPropagation();
                      void quick(a.id);
                    }}
                    data-testid={`login-quick-${a.login}`}
                  >
                    {t('login.quick')}
                  </Button>
                </Tooltip>
              )}
            </div>
          );
        })}
      </div>
      {busy && <LoginProgress />}
      {error && <Alert type="error" showIcon title={errorTextIn(t, 'login', error)} style={{ marginBottom: 16 }} data-testid="login-error" />}
    </div>
  );
}

/**
 * LoginProgress shows, while a login runs, how far it has read the office:
 * the first login on a PC that joined the vault opens every client's key
 * first, which takes a while at thousands of clients. Cancel brings the
 * login form back (the vault stays locked).
 */
function LoginProgress() {
  const { t } = useTranslation();
  const [u, setU] = useState<LoginUpdate>();
  const cancelLogin = useVault((s) => s.cancelLogin);
  useEffect(() => onLoginProgress(setU), []);
  if (!u || u.total <= 0) return null;
  const stage = u.stage === 'keys' ? 'keys' : 'records';
  return (
    <div style={{ margin: '12px 0' }} data-testid="login-progress">
      <Typography.Text type="secondary">
        {t(`login.progress.${stage}`, { done: u.done.toLocaleString('ja-JP'), total: u.total.toLocaleString('ja-JP') })}
      </Typography.Text>
      <Progress percent={Math.floor((100 * u.done) / u.total)} size="small" />
      <Button size="small" onClick={() => void cancelLogin()} data-testid="login-cancel">
        {t('login.cancel')}
      </Button>
    </div>
  );
}

function PasswordLogin({ user }: { user: Account }) {
  const { t } = useTranslation();
  const keychain = useVault((s) => s.state?.keychain ?? false);
  const remembered = useVault((s) => s.state?.remembered.includes(user.id) ?? false);
  const login = useVault((s) => s.login);
  const forget = useVault((s) => s.forget);
  const [form] = Form.useForm<{ password: string; remember: boolean }>();
  const { busy, error, submit } = useSubmit((v: { password: string; remember: boolean }) => login(user.login, v.password, !!v.remember), {
    onError: () => form.setFieldValue('password', ''),
  });
  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} data-testid="login-form">
      <Form.Item name="password" label={t('login.passwordFor', { name: user.name })} rules={[{ required: true, message: t('form.required') }]}>
        <Input.Password autoFocus autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Form.Item name="remember" valuePropName="checked" extra={keychain ? t('login.rememberHelp') : t('login.rememberUnavailable')} style={{ marginBottom: 12 }}>
        <Checkbox disabled={!keychain} data-testid="login-remember">
          {t('login.remember')}
        </Checkbox>
      </Form.Item>
      {busy && <LoginProgress />}
      {error && <Alert type="error" showIcon title={errorTextIn(t, 'login', error)} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Space>
        <Button type="primary" htmlType="submit" size="large" loading={busy} icon={<LoginOutlined />} data-testid="login-submit">
          {t('login.submit')}
        </Button>
        {remembered && (
          <Button type="link" onClick={() => void forget(user.id)} data-testid="login-forget">
            {t('login.forget')}
          </Button>
        )}
      </Space>
    </Form>
  );
}

interface ResetValues {
  login: string;
  key: string;
  password: string;
  password2: string;
}

function ResetForm({ initialLogin, onBack, onDone }: { initialLogin: string; onBack: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const reset = useVault((s) => s.resetPassword);
  const accounts = useVault((s) => s.state?.accounts ?? []);
  const office = useVault((s) => s.state?.vault?.name ?? '');
  const [form] = Form.useForm<ResetValues>();
  const password = Form.useWatch('password', form) ?? '';
  const login = (Form.useWatch('login', form) ?? initialLogin).trim();
  const personal = [login, accounts.find((a) => a.login.toLowerCase() === login.toLowerCase())?.name ?? '', office];
  const { busy, error, submit } = useSubmit((v: ResetValues) => reset(v.login.trim(), v.key, v.password), { onOk: onDone });
  return (
    <Form<ResetValues> form={form} layout="vertical" requiredMark={false} initialValues={{ login: initialLogin }} onFinish={submit} data-testid="reset-form">
      <Form.Item name="login" label={t('user.login')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input autoComplete="off" data-testid="reset-login" />
      </Form.Item>
      <Form.Item name="key" label={t('reset.key')} extra={t('reset.keyHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input.TextArea
          rows={3}
          autoComplete="off"
          spellCheck={false}
          style={{ fontFamily: '"Consolas", "BIZ UDGothic", monospace', letterSpacing: 1 }}
          data-testid="reset-key"
        />
      </Form.Item>
      <PasswordFields password={password} testid="reset" label={t('password.new')} personal={personal} dependencies={['login']} />
      {error && <Alert type="error" showIcon title={errorTextIn(t, 'reset', error)} style={{ marginBottom: 16 }} data-testid="reset-error" />}
      <Space>
        <Button onClick={onBack} disabled={busy}>
          {t('form.back')}
        </Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="reset-submit">
          {t('reset.submit')}
        </Button>
      </Space>
    </Form>
  );
}
