import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Modal, Space, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { KeyOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../bridge';
import { useVault } from '../../stores/vault';
import { useUsers } from '../../stores/users';
import { errorTextIn } from '../../i18n';
import { useSubmit } from '../../components/useSubmit';
import { RecoverySheetView } from '../../components/RecoverySheetView';

/**
 * RecoveryCard is the 責任者's 「回復キーを再発行」: a lost or exposed
 * recovery sheet is replaced. It lists the users whose keys the earlier
 * sheet still opens until they log in once.
 */
export function RecoveryCard() {
  const { t } = useTranslation();
  const accounts = useVault((s) => s.state?.accounts ?? []);
  const [open, setOpen] = useState(false);
  const pending = accounts.filter((a) => a.recoveryPending);
  return (
    <Card
      title={t('reissue.title')}
      extra={
        <Button danger icon={<KeyOutlined />} onClick={() => setOpen(true)} data-testid="recovery-reissue">
          {t('reissue.button')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: pending.length ? 12 : 0 }}>
        {t('reissue.intro')}
      </Typography.Paragraph>
      {pending.length > 0 && <PendingUsers users={pending} />}
      {open && <ReissueModal onClose={() => setOpen(false)} />}
    </Card>
  );
}

function PendingUsers({ users }: { users: Account[] }) {
  const { t } = useTranslation();
  const names = users.map((u) => `${u.name}（${u.login}）`).join('、');
  return <Alert type="warning" showIcon title={t('reissue.pendingTitle')} description={t('reissue.pendingText', { users: names })} data-testid="recovery-pending" />;
}

/**
 * ReissueModal explains what a new recovery key does and asks for the
 * 責任者's password; then it shows the new sheet, once. The sheet is never
 * kept past the dialog: closing it (or a lock) drops it.
 */
function ReissueModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const sheet = useUsers((s) => s.reissued);
  const reissue = useUsers((s) => s.reissueRecovery);
  const closeReissued = useUsers((s) => s.closeReissued);
  const accounts = useVault((s) => s.state?.accounts ?? []);
  const [form] = Form.useForm<{ password: string }>();
  const { busy, error, submit } = useSubmit((v: { password: string }) => reissue(v.password));
  const [stored, setStored] = useState(false);
  useEffect(() => closeReissued, [closeReissued]);
  const close = () => {
    closeReissued();
    onClose();
  };

  if (sheet) {
    const pending = accounts.filter((a) => a.recoveryPending);
    return (
      <Modal
        open
        width={880}
        title={t('reissue.doneTitle')}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        footer={
          <div className="kinko-no-print" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 12 }}>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="reissue-print">
              {t('sheet.print')}
            </Button>
            <Space>
              <Checkbox checked={stored} onChange={(e) => setStored(e.target.checked)} data-testid="reissue-stored">
                {t('sheet.stored')}
              </Checkbox>
              <Button type="primary" disabled={!stored} onClick={close} data-testid="reissue-close">
                {t('reissue.close')}
              </Button>
            </Space>
          </div>
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="reissue-done">
          <Alert className="kinko-no-print" type="warning" showIcon title={t('sheet.onceTitle')} description={t('sheet.onceText')} />
          <RecoverySheetView sheet={sheet} />
          <div className="kinko-no-print">
            {pending.length > 0 ? <PendingUsers users={pending} /> : <Alert type="success" showIcon title={t('reissue.nonePending')} data-testid="recovery-none-pending" />}
          </div>
        </Space>
      </Modal>
    );
  }
  return (
    <Modal
      open
      title={t('reissue.confirmTitle')}
      onCancel={onClose}
      okText={t('reissue.ok')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true, 'data-testid': 'reissue-ok' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <div data-testid="reissue-confirm">
        <ul style={{ paddingLeft: 20 }}>
          {(['what1', 'what2', 'what3', 'what4'] as const).map((k) => (
            <li key={k} style={{ marginBottom: 6 }}>
              {t(`reissue.${k}`)}
            </li>
          ))}
        </ul>
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}>
          <Form.Item name="password" label={t('reissue.password')} rules={[{ required: true, message: t('form.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="reissue-password" />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={errorTextIn(t, 'reissue', error)} data-testid="reissue-error" />}
      </div>
    </Modal>
  );
}
