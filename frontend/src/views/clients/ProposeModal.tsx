import { Alert, App, Checkbox, Form, Modal, Select, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../bridge';
import { useClients } from '../../stores/clients';
import { errorText } from '../../i18n';
import { useSubmit } from '../../components/useSubmit';

interface ProposeValues {
  reason: string;
  docs: string[];
}

/** ProposeModal is 廃棄を申請: a handler asks the 責任者 to erase a person's number. */
export function ProposeModal({ person, purposes, onClose }: { person: Person; purposes: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { current, choices, proposeErasure } = useClients();
  const [form] = Form.useForm<ProposeValues>();
  const { busy, error, submit } = useSubmit((v: ProposeValues) => proposeErasure(current?.client.id ?? '', person.id, v.reason, v.docs ?? []), {
    onOk: () => {
      void message.success(t('propose.done'));
      onClose();
    },
  });
  return (
    <Modal
      open
      title={t('propose.title')}
      onCancel={onClose}
      okText={t('propose.ok')}
      okButtonProps={{ danger: true, 'data-testid': 'propose-ok' } as ButtonProps}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <Typography.Text strong>{person.name}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('propose.intro')}</Typography.Paragraph>
      <Form<ProposeValues> form={form} layout="vertical" requiredMark={false} initialValues={{ docs: purposes }} onFinish={submit}>
        <Form.Item name="reason" label={t('propose.reason')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={(choices?.reasons ?? []).map((r) => ({ value: r, label: t(`erasureReason.${r}`) }))} data-testid="propose-reason" />
        </Form.Item>
        <Form.Item name="docs" label={t('propose.docs')}>
          <Checkbox.Group options={purposes.map((p) => ({ value: p, label: t(`purpose.${p}`) }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="propose-error" />}
    </Modal>
  );
}
