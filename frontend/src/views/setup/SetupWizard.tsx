import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Divider, Form, Input, Space, Steps, Typography } from 'antd';
import { CloudServerOutlined, DesktopOutlined, ExperimentOutlined, HistoryOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVault } from '../../stores/vault';
import { errorText } from '../../i18n';
import { CenteredPage } from '../../components/CenteredPage';
import { LoginNameField } from '../../components/LoginNameField';
import { PasswordFields } from '../../components/PasswordFields';
import { RecoverySheetView } from '../../components/RecoverySheetView';
import { useSubmit } from '../../components/useSubmit';
import { NewPCRestore } from '../backup/NewPCRestore';
import { JobProgress } from '../../components/JobProgress';

type Mode = 'create' | 'join' | 'restore';

/** SetupWizard is the first run: create a vault on this PC or join one on a NAS, then the recovery sheet. */
export function SetupWizard() {
  const { t } = useTranslation();
  const sheet = useVault((s) => s.sheet);
  // The demo alone is no vault to go back to: the wizard is the start screen.
  const known = useVault((s) => s.state?.known.filter((v) => v.id !== s.state?.demoId).length ?? 0);
  const setWizard = useVault((s) => s.setWizard);
  const [mode, setMode] = useState<Mode>();
  const current = sheet ? 2 : mode ? 1 : 0;
  const items =
    mode === 'join'
      ? [{ title: t('setup.stepKind') }, { title: t('setup.stepJoin') }]
      : mode === 'restore'
        ? [{ title: t('setup.stepKind') }, { title: t('backup.newPC.step') }]
        : [{ title: t('setup.stepKind') }, { title: t('setup.stepCreate') }, { title: t('setup.stepSheet') }];

  return (
    <CenteredPage width={sheet ? 820 : 680} testid="setup-wizard">
      <Card className="kinko-sheet-card">
        <div className="kinko-no-print">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('setup.title')}
          </Typography.Title>
          <Steps current={current} items={items} size="small" style={{ marginBottom: 24 }} />
        </div>
        {sheet ? (
          <SheetStep />
        ) : mode === 'create' ? (
          <CreateStep onBack={() => setMode(undefined)} />
        ) : mode === 'join' ? (
          <JoinStep onBack={() => setMode(undefined)} />
        ) : mode === 'restore' ? (
          <NewPCRestore onBack={() => setMode(undefined)} />
        ) : (
          <KindStep onPick={setMode} onCancel={known > 0 ? () => setWizard(false) : undefined} />
        )}
      </Card>
    </CenteredPage>
  );
}

function KindStep({ onPick, onCancel }: { onPick: (m: Mode) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const option = (m: Mode, icon: React.ReactNode, title = t(`setup.${m}Title`), about = t(`setup.${m}About`)) => (
    <Card hoverable onClick={() => onPick(m)} data-testid={`setup-${m}`} style={{ flex: '1 1 260px' }}>
      <Space align="start" size="middle">
        <span style={{ fontSize: 32, color: '#7a1f1f' }}>{icon}</span>
        <div>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {title}
          </Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
            {about}
          </Typography.Paragraph>
        </div>
      </Space>
    </Card>
  );
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('setup.intro')}</Typography.Paragraph>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        {option('create', <DesktopOutlined />)}
        {option('join', <CloudServerOutlined />)}
        {option('restore', <HistoryOutlined />, t('backup.newPC.title'), t('backup.newPC.about'))}
      </div>
      <DemoButton />
      {onCancel && <Button onClick={onCancel}>{t('setup.backToPicker')}</Button>}
    </Space>
  );
}

/** DemoButton opens a separate vault of invented data to try every screen. */
function DemoButton() {
  const { t } = useTranslation();
  const createDemo = useVault((s) => s.createDemo);
  const { busy, error, submit } = useSubmit(() => createDemo());
  return (
    <div>
      <Button icon={<ExperimentOutlined />} loading={busy} onClick={() => void submit(undefined)} data-testid="setup-demo">
        {t('setup.demo')}
      </Button>
      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
        {t('setup.demoAbout')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
    </div>
  );
}

interface CreateForm {
  folder: string;
  name: string;
  login: string;
  userName: string;
  password: string;
  password2: string;
  handler: boolean;
}

function CreateStep({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const suggested = useVault((s) => s.state?.suggestedFolder ?? '');
  const create = useVault((s) => s.create);
  const [form] = Form.useForm<CreateForm>();
  const password = Form.useWatch('password', form) ?? '';
  const personal = [Form.useWatch('login', form) ?? '', Form.useWatch('userName', form) ?? '', Form.useWatch('name', form) ?? ''];
  const { busy, error, submit } = useSubmit((v: CreateForm) =>
    create({ folder: v.folder.trim(), name: v.name.trim(), login: v.login.trim(), userName: v.userName.trim(), password: v.password, handler: !!v.handler }),
  );

  return (
    <Form<CreateForm> form={form} layout="vertical" requiredMark={false} initialValues={{ folder: suggested, handler: false }} onFinish={submit} data-testid="create-form">
      <Form.Item name="folder" label={t('setup.folder')} extra={t('setup.folderHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input data-testid="create-folder" />
      </Form.Item>
      <Form.Item name="name" label={t('setup.officeName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input placeholder={t('setup.officeNamePlaceholder')} data-testid="create-name" />
      </Form.Item>
      <Divider titlePlacement="start" style={{ marginTop: 8 }}>
        {t('setup.firstAdmin')}
      </Divider>
      <Typography.Paragraph type="secondary">{t('setup.firstAdminHelp')}</Typography.Paragraph>
      {/* One field a row, as the rest of the form: every input starts at the same x. */}
      <Form.Item name="userName" label={t('user.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input placeholder={t('user.namePlaceholder')} data-testid="create-username" />
      </Form.Item>
      <LoginNameField placeholder={t('user.loginPlaceholder')} data-testid="create-login" />
      <PasswordFields password={password} testid="create" personal={personal} dependencies={['login', 'userName', 'name']} />
      <Form.Item name="handler" valuePropName="checked" extra={t('setup.handlerHelp')}>
        <Checkbox data-testid="create-handler">{t('setup.handler')}</Checkbox>
      </Form.Item>
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="create-error" />}
      <Space>
        <Button onClick={onBack} disabled={busy}>
          {t('form.back')}
        </Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="create-submit">
          {t('setup.createButton')}
        </Button>
      </Space>
    </Form>
  );
}

function SheetStep() {
  const { t } = useTranslation();
  const sheet = useVault((s) => s.sheet)!;
  const confirm = useVault((s) => s.confirmSheet);
  const [stored, setStored] = useState(false);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Alert className="kinko-no-print" type="warning" showIcon title={t('sheet.onceTitle')} description={t('sheet.onceText')} />
      <RecoverySheetView sheet={sheet} />
      <div className="kinko-no-print" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 12 }}>
        <Button icon={<PrinterOutlined />} size="large" onClick={() => window.print()} data-testid="sheet-print">
          {t('sheet.print')}
        </Button>
        <Space>
          <Checkbox checked={stored} onChange={(e) => setStored(e.target.checked)} data-testid="sheet-stored">
            {t('sheet.stored')}
          </Checkbox>
          <Button type="primary" size="large" disabled={!stored} onClick={confirm} data-testid="sheet-done">
            {t('sheet.start')}
          </Button>
        </Space>
      </div>
    </Space>
  );
}

export function JoinStep({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const join = useVault((s) => s.join);
  const joinJob = useVault((s) => s.joinJob);
  const { busy, error, submit } = useSubmit((v: { folder: string }) => join(v.folder.trim()));
  const canceled = error?.code === 'job.canceled';
  return (
    <Form layout="vertical" requiredMark={false} onFinish={submit} data-testid="join-form">
      <Typography.Paragraph>{t('setup.joinIntro')}</Typography.Paragraph>
      <Form.Item name="folder" label={t('setup.joinFolder')} extra={t('setup.joinFolderHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input placeholder={t('setup.joinFolderPlaceholder')} disabled={busy} data-testid="join-folder" />
      </Form.Item>
      {joinJob && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('setup.joinSlow')}</Typography.Paragraph>
          <JobProgress id={joinJob} testid="join" />
        </div>
      )}
      {error && canceled && <Alert type="info" showIcon title={t('setup.joinCanceled')} style={{ marginBottom: 16 }} data-testid="join-canceled" />}
      {error && !canceled && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="join-error" />}
      <Space>
        <Button onClick={onBack} disabled={busy}>
          {t('form.back')}
        </Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="join-submit">
          {t('setup.joinButton')}
        </Button>
      </Space>
    </Form>
  );
}
