import { useEffect, useState } from 'react';
import { Alert, Checkbox, Col, Divider, Form, Input, Modal, Row, Select, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError, Person } from '../../bridge';
import { useClients } from '../../stores/clients';
import { useVault } from '../../stores/vault';
import { errorText } from '../../i18n';
import { todayIso } from '../../format/wareki';
import { DateField, dateRule, dateValue } from '../../components/DateField';

/** The documents that can prove the number (番号確認), in the order offered. */
const numberDocs = ['mynumber_card', 'notification_card', 'notice_letter', 'resident_record'];

interface AcquireValues {
  role?: string;
  purposes: string[];
  number: string;
  confirm: string;
  numberDoc?: string;
  identityDocs: string[];
  method?: string;
  verifiedBy: string;
  verifiedAt: string;
}

/**
 * AcquireModal is 個人番号を登録: role, 利用目的, the number typed twice
 * and the 本人確認. The two entries are password boxes; they are emptied
 * after every submit and go with the dialog on cancel. The rules are Go's:
 * its error codes come back translated.
 */
export function AcquireModal({ person, onClose, onDone }: { person: Person; onClose: () => void; onDone: (warnings: string[]) => void }) {
  const { t } = useTranslation();
  const { current, choices, acquire, loadChoices } = useClients();
  const login = useVault((s) => s.state?.user?.login ?? '');
  const [form] = Form.useForm<AcquireValues>();
  const numberDoc = Form.useWatch('numberDoc', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();

  useEffect(() => {
    void loadChoices();
  }, [loadChoices]);

  const purposes = choices?.purposes ?? [];
  const docs = choices?.docs ?? [];
  const identityDocs = docs.filter((d) => !numberDocs.includes(d));
  const byCard = numberDoc === 'mynumber_card';

  const cancel = () => {
    form.resetFields();
    onClose();
  };

  const submit = async (v: AcquireValues) => {
    setBusy(true);
    setError(undefined);
    const r = await acquire({
      client: current?.client.id ?? '',
      person: person.id,
      number: v.number ?? '',
      confirm: v.confirm ?? '',
      role: v.role ?? '',
      purposes: v.purposes ?? [],
      verification: {
        number_doc: v.numberDoc ?? '',
        identity_docs: byCard ? [] : (v.identityDocs ?? []),
        method: v.method ?? '',
        verified_by: (v.verifiedBy ?? '').trim(),
        verified_at: dateValue(v.verifiedAt) ?? '',
      },
      scans: [],
      versions: [],
    });
    // The typed number leaves the form whatever the answer.
    form.setFieldsValue({ number: '', confirm: '' });
    setBusy(false);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    form.resetFields();
    onDone(r.warnings);
  };

  return (
    <Modal
      open
      width={760}
      title={t('acquire.title')}
      onCancel={cancel}
      okText={t('acquire.ok')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'acquire-ok' } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<AcquireValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ role: person.roles?.[0], purposes: [], identityDocs: [], verifiedBy: login, verifiedAt: todayIso() }}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => error && setError(undefined)}
        autoComplete="off"
        data-testid="acquire-form"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('acquire.person')}>
              <Typography.Text strong>{person.name}</Typography.Text>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label={t('acquire.role')}>
              <Select options={(person.roles ?? []).map((r) => ({ value: r, label: t(`personRole.${r}`) }))} data-testid="acquire-role" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="purposes" label={t('acquire.purposes')} extra={t('acquire.purposesHelp')}>
              <Checkbox.Group data-testid="acquire-purposes">
                <Row gutter={[8, 4]}>
                  {purposes.map((p) => (
                    <Col span={12} key={p}>
                      <Checkbox value={p} data-testid={`acquire-purpose-${p}`}>
                        {t(`purpose.${p}`)}
                      </Checkbox>
                    </Col>
                  ))}
                </Row>
              </Checkbox.Group>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="number" label={t('acquire.number')}>
              <Input.Password visibilityToggle={false} autoComplete="off" inputMode="numeric" maxLength={20} data-testid="acquire-number" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="confirm" label={t('acquire.confirm')}>
              <Input.Password visibilityToggle={false} autoComplete="off" inputMode="numeric" maxLength={20} data-testid="acquire-confirm" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('acquire.numberHelp')}
            </Typography.Text>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('acquire.verification')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="numberDoc" label={t('acquire.numberDoc')}>
              <Select options={numberDocs.filter((d) => docs.includes(d)).map((d) => ({ value: d, label: t(`doc.${d}`) }))} data-testid="acquire-number-doc" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="identityDocs" label={t('acquire.identityDocs')} extra={byCard ? t('acquire.identityNotNeeded') : t('acquire.identityDocsHelp')}>
              <Select
                mode="multiple"
                disabled={byCard}
                options={identityDocs.map((d) => ({ value: d, label: t(`doc.${d}`) }))}
                data-testid="acquire-identity-docs"
              />
            </Form.Item>
          </Col>
          {numberDoc === 'notification_card' && (
            <Col span={24}>
              <Alert type="warning" showIcon title={t('acquire.notificationCardWarning')} style={{ marginBottom: 16 }} data-testid="acquire-notification-warning" />
            </Col>
          )}
          {numberDoc === 'notice_letter' && (
            <Col span={24}>
              <Alert type="warning" showIcon title={t('acquire.noticeLetterWarning')} style={{ marginBottom: 16 }} />
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="method" label={t('acquire.method')}>
              <Select options={(choices?.methods ?? []).map((m) => ({ value: m, label: t(`method.${m}`) }))} data-testid="acquire-method" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="verifiedBy" label={t('acquire.verifiedBy')}>
              <Input data-testid="acquire-verified-by" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="verifiedAt" label={t('acquire.verifiedAt')} rules={[dateRule(t)]}>
              <DateField testid="acquire-verified-at" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="acquire-error" />}
    </Modal>
  );
}
