import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Account, Level, Role } from '../bridge';
import { useVault } from '../stores/vault';
import { useUsers } from '../stores/users';
import { errorText } from '../i18n';
import { LoginNameField } from '../components/LoginNameField';
import { PasswordFields } from '../components/PasswordFields';
import { useSubmit } from '../components/useSubmit';
import { PermissionMatrix, levels } from '../components/PermissionMatrix';
import { defaultLevel, fixedLevel } from '../format/levels';
import { RecoveryCard } from './users/RecoveryReissue';

const roles: Role[] = ['admin', 'handler', 'staff', 'auditor'];
const mono = '"Consolas", "BIZ UDGothic", "Courier New", monospace';

/** UsersView is the users-and-permissions area: who may use the vault, and at which level on each client. */
export function UsersView() {
  const { t } = useTranslation();
  const me = useVault((s) => s.state?.user);
  const accounts = useVault((s) => s.state?.accounts ?? []);
  const isAdmin = me?.role === 'admin';
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Account>();

  const columns: ColumnsType<Account> = [
    { key: 'name', title: t('user.name'), dataIndex: 'name', render: (n: string, a) => (a.id === me?.id ? <Space>{n}<Tag>{t('users.you')}</Tag></Space> : n) },
    { key: 'login', title: t('user.login'), dataIndex: 'login' },
    { key: 'role', title: t('user.role'), render: (_, a) => t(`roles.${a.role}`) },
    { key: 'default', title: t('user.default'), render: (_, a) => t(`levels.${a.default}`) },
    {
      key: 'handler',
      title: t('user.handlerColumn'),
      render: (_, a) => (a.role === 'handler' || (a.role === 'admin' && a.handler) ? <Tag color="gold">{t('user.handlerYes')}</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      key: 'state',
      title: t('user.state'),
      render: (_, a) => (
        <Space size={4} wrap>
          {a.disabled ? <Tag>{t('user.disabled')}</Tag> : <Tag color="green">{t('user.enabled')}</Tag>}
          {a.recoveryPending && (
            <Tag color="orange" data-testid={`user-recovery-pending-${a.login}`}>
              {t('reissue.pendingTag')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      key: 'fp',
      title: t('user.fingerprint'),
      render: (_, a) => (
        <Typography.Text style={{ fontFamily: mono, fontSize: 12 }} data-testid={`user-fp-${a.login}`}>
          {a.fingerprint}
        </Typography.Text>
      ),
    },
  ];
  if (isAdmin) {
    columns.push({
      key: 'edit',
      title: '',
      width: 90,
      render: (_, a) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} data-testid={`user-edit-${a.login}`}>
          {t('users.edit')}
        </Button>
      ),
    });
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="area-users">
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ maxWidth: 760 }}>
          {t('users.intro')}
        </Typography.Paragraph>
      </div>
      <Card
        title={t('users.listTitle')}
        extra={
          isAdmin && (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid="users-add">
              {t('users.add')}
            </Button>
          )
        }
      >
        {!isAdmin && <Alert type="info" showIcon title={t('users.readOnly')} style={{ marginBottom: 16 }} data-testid="users-read-only" />}
        <Table<Account> data-testid="users-table" rowKey="id" size="middle" pagination={false} columns={columns} dataSource={accounts} scroll={{ x: true }} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
          {t('users.fingerprintHelp')}
        </Typography.Paragraph>
      </Card>
      {isAdmin && <RecoveryCard />}
      <MatrixCard />
      {adding && <AddUserModal onClose={() => setAdding(false)} />}
      {editing && <EditUserModal user={editing} onClose={() => setEditing(undefined)} />}
    </Space>
  );
}

function MatrixCard() {
  const { t } = useTranslation();
  const { matrix, matrixError, actionError, pending, bulk, bulkJob, loadMatrix, setLevel, setLevels, setDefault, setOwnerOnly, toggleMyNumber, clearActionError } = useUsers();
  const [addingClient, setAddingClient] = useState(false);
  useEffect(() => {
    void loadMatrix();
  }, [loadMatrix]);

  if (matrixError) {
    const notAdmin = matrixError.code === 'access.not_admin';
    return (
      <Card title={t('matrix.title')}>
        <Alert type={notAdmin ? 'info' : 'error'} showIcon title={notAdmin ? t('matrix.notAdmin') : errorText(t, matrixError)} data-testid="matrix-unavailable" />
      </Card>
    );
  }
  return (
    <Card
      title={t('matrix.title')}
      extra={
        <Button icon={<PlusOutlined />} size="small" onClick={() => setAddingClient(true)} data-testid="matrix-add-client">
          {t('matrix.addClient')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('matrix.intro')}</Typography.Paragraph>
      {actionError && <Alert type="error" showIcon closable onClose={clearActionError} title={errorText(t, actionError)} style={{ marginBottom: 12 }} data-testid="matrix-error" />}
      {matrix ? (
        <PermissionMatrix
          matrix={matrix}
          pending={pending}
          onLevel={(u, c, l) => void setLevel(u, c, l)}
          onOwnerOnly={(c, on) => void setOwnerOnly(c, on)}
          onMyNumber={(u, c) => void toggleMyNumber(u, c)}
          onLevels={setLevels}
          onDefault={setDefault}
          bulk={bulk}
          bulkJob={bulkJob}
        />
      ) : (
        <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        {t('matrix.legend')}
      </Typography.Paragraph>
      {addingClient && <AddClientModal onClose={() => setAddingClient(false)} />}
    </Card>
  );
}

interface NewUserValues {
  login: string;
  name: string;
  password: string;
  password2: string;
  role: Role;
  default: Level;
  handler: boolean;
}

function AddUserModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const addUser = useUsers((s) => s.addUser);
  const [form] = Form.useForm<NewUserValues>();
  const password = Form.useWatch('password', form) ?? '';
  const role = Form.useWatch('role', form);
  const office = useVault((s) => s.state?.vault?.name ?? '');
  const personal = [Form.useWatch('login', form) ?? '', Form.useWatch('name', form) ?? '', office];
  const { busy, error, submit } = useSubmit(
    (v: NewUserValues) =>
      addUser({
        login: v.login.trim(),
        name: v.name.trim(),
        password: v.password,
        role: v.role,
        default: fixedLevel(v.role) ?? v.default,
        handler: v.role === 'admin' && !!v.handler,
      }),
    { onOk: onClose },
  );
  return (
    <Modal
      open
      title={t('users.addTitle')}
      onCancel={onClose}
      okText={t('users.addOk')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'user-add-ok' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<NewUserValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: 'staff', default: 'read', handler: false }}
        onValuesChange={(c: Partial<NewUserValues>) => {
          if (c.role) form.setFieldValue('default', defaultLevel(c.role));
        }}
        onFinish={submit}
        data-testid="user-add-form"
      >
        <Form.Item name="name" label={t('user.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input placeholder={t('user.namePlaceholder2')} data-testid="user-name" />
        </Form.Item>
        <LoginNameField placeholder={t('user.loginPlaceholder2')} data-testid="user-login" />
        <PasswordFields password={password} testid="user" label={t('password.initial')} personal={personal} dependencies={['login', 'name']} />
        <RoleFields role={role} />
      </Form>
      {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="user-add-error" />}
    </Modal>
  );
}

/**
 * RoleFields is role, default level and (for a 責任者) the My Number handler
 * switch. A 監査 reads the log and nothing else: their level is 開示不能,
 * shown but not offered (the vault refuses any other).
 */
function RoleFields({ role }: { role?: Role }) {
  const { t } = useTranslation();
  const fixed = fixedLevel(role);
  return (
    <>
      <Form.Item name="role" label={t('user.role')} extra={role ? t(`roles.${role}Help`) : undefined}>
        <Select<Role> data-testid="user-role" options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
      </Form.Item>
      <Form.Item
        name="default"
        label={t('user.default')}
        extra={<span data-testid="user-default-help">{fixed ? t('user.auditorLevel') : t('user.defaultHelp')}</span>}
      >
        <Select<Level> data-testid="user-default" disabled={!!fixed} options={levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
      </Form.Item>
      {role === 'admin' && (
        <Form.Item name="handler" valuePropName="checked" label={t('user.adminHandler')} extra={t('user.adminHandlerHelp')}>
          <Switch data-testid="user-handler" />
        </Form.Item>
      )}
    </>
  );
}

interface EditValues {
  name: string;
  role: Role;
  default: Level;
  handler: boolean;
  disabled: boolean;
}

function EditUserModal({ user, onClose }: { user: Account; onClose: () => void }) {
  const { t } = useTranslation();
  const updateUser = useUsers((s) => s.updateUser);
  const [form] = Form.useForm<EditValues>();
  const role = Form.useWatch('role', form) ?? (user.role as Role);
  const { busy, error, submit } = useSubmit(
    (v: EditValues) =>
      updateUser(user.id, {
        name: v.name.trim(),
        role: v.role,
        default: fixedLevel(v.role) ?? v.default,
        handler: v.role === 'admin' && !!v.handler,
        disabled: !!v.disabled,
      }),
    { onOk: onClose },
  );
  return (
    <Modal
      open
      title={t('users.editTitle', { name: user.name })}
      onCancel={onClose}
      okText={t('form.save')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'user-edit-ok' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<EditValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: user.name, role: user.role as Role, default: user.default as Level, handler: user.handler, disabled: user.disabled }}
        onValuesChange={(c: Partial<EditValues>) => {
          // Becoming a 監査 hides every client; leaving the role keeps 開示不能 until someone chooses more.
          const fixed = fixedLevel(c.role);
          if (fixed) form.setFieldValue('default', fixed);
        }}
        onFinish={submit}
      >
        <Form.Item label={t('user.login')}>
          <Typography.Text>{user.login}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('user.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input data-testid="user-edit-name" />
        </Form.Item>
        <RoleFields role={role} />
        <Form.Item name="disabled" valuePropName="checked" extra={t('user.disableHelp')}>
          <Checkbox data-testid="user-disable">{t('user.disable')}</Checkbox>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="user-edit-error" />}
    </Modal>
  );
}

function AddClientModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const createClient = useUsers((s) => s.createClient);
  const [form] = Form.useForm<{ name: string; ownerOnly: boolean }>();
  const { busy, error, submit } = useSubmit((v: { name: string; ownerOnly: boolean }) => createClient(v.name.trim(), !!v.ownerOnly), { onOk: onClose });
  return (
    <Modal
      open
      title={t('matrix.addClientTitle')}
      onCancel={onClose}
      okText={t('matrix.addClientOk')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'client-add-ok' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Typography.Paragraph type="secondary">{t('matrix.addClientHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ ownerOnly: false }} onFinish={submit}>
        <Form.Item name="name" label={t('matrix.clientName')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input placeholder={t('matrix.clientNamePlaceholder')} data-testid="client-name" />
        </Form.Item>
        <Form.Item name="ownerOnly" valuePropName="checked" extra={t('matrix.ownerOnlyHelp')}>
          <Checkbox data-testid="client-owner-only">{t('matrix.ownerOnly')}</Checkbox>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
    </Modal>
  );
}
