import { Alert, App, Button, Card, Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Client, ClientKind } from '../../bridge';
import { useClients, type OpenClient } from '../../stores/clients';
import { errorText } from '../../i18n';
import { useSubmit } from '../../components/useSubmit';
import { DateField, dateRule, dateValue } from '../../components/DateField';
import { showFieldErrors } from '../../components/fieldErrors';
import { HiddenUsersSelect, useHideable } from './HiddenUsersSelect';

const kinds: ClientKind[] = ['corporation', 'sole_proprietor', 'individual'];

interface ClientValues {
  kind: ClientKind;
  name: string;
  kana?: string;
  code?: string;
  corporate_number?: string;
  postal?: string;
  address?: string;
  phone?: string;
  email?: string;
  fiscal_month: number;
  engaged_from?: string;
  engaged_until?: string;
  ownerOnly?: boolean;
  /** Users (ids) 開示不能 on a new client from its creation (責任者 only). */
  hidden?: string[];
  notes?: string;
  tags?: string[];
}

function toValues(c?: Client): Partial<ClientValues> {
  if (!c) return { kind: 'corporation', fiscal_month: 0, ownerOnly: false, hidden: [], tags: [] };
  return {
    kind: (c.kind || undefined) as ClientKind,
    name: c.name,
    kana: c.kana,
    code: c.code,
    corporate_number: c.corporate_number,
    postal: c.postal,
    address: c.address,
    phone: c.phone,
    email: c.email,
    fiscal_month: c.fiscal_month ?? 0,
    engaged_from: c.engaged_from,
    engaged_until: c.engaged_until,
    notes: c.notes,
    tags: c.tags ?? [],
  };
}

const trim = (s?: string) => (s ?? '').trim() || undefined;

/** toClient merges the form into the record read (keeping what the form does not show: contacts, staff). */
function toClient(v: ClientValues, base?: Client): Client {
  return {
    ...base,
    id: base?.id ?? '',
    kind: v.kind,
    name: v.name.trim(),
    kana: trim(v.kana),
    code: trim(v.code),
    corporate_number: v.kind === 'corporation' ? trim(v.corporate_number) : undefined,
    postal: trim(v.postal),
    address: trim(v.address),
    phone: trim(v.phone),
    email: trim(v.email),
    fiscal_month: v.fiscal_month || undefined,
    engaged_from: dateValue(v.engaged_from),
    engaged_until: dateValue(v.engaged_until),
    notes: trim(v.notes),
    tags: (v.tags ?? []).map((s) => s.trim()).filter(Boolean),
  };
}

/**
 * ClientForm is the client's 基本情報: a new client (no `open`) or the one
 * open in the drawer, saved with the versions read so a change made
 * meanwhile on another PC comes back as vault.stale instead of being lost.
 */
export function ClientForm({ open, onCreated }: { open?: OpenClient; onCreated?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useClients((s) => s.create);
  const update = useClients((s) => s.update);
  const [form] = Form.useForm<ClientValues>();
  const kind = Form.useWatch('kind', form);
  const hideable = useHideable();
  const { busy, error, submit } = useSubmit(
    (v: ClientValues) => (open ? update(toClient(v, open.client)) : create(toClient(v), !!v.ownerOnly, v.hidden ?? [])),
    {
      onOk: () => {
        void message.success(open ? t('client.saved') : t('client.created'));
        onCreated?.();
      },
      onError: (err) => showFieldErrors(form, t, err),
    },
  );
  const months = [{ value: 0, label: t('client.fiscalMonthNone') }, ...Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('clients.month', { month: i + 1 }) }))];

  return (
    <Card title={t('client.basics')} size="small" data-testid="client-form-card">
      <Form<ClientValues> form={form} layout="vertical" requiredMark={false} initialValues={toValues(open?.client)} onFinish={submit} data-testid="client-form">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="kind" label={t('client.kind')} rules={[{ required: true, message: t('validation.kind_unknown') }]}>
              <Select options={kinds.map((k) => ({ value: k, label: t(`clientKind.${k}`) }))} data-testid="client-kind" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('client.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input placeholder={t('client.namePlaceholder')} data-testid="client-form-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kana" label={t('client.kana')}>
              <Input placeholder={t('client.kanaPlaceholder')} data-testid="client-kana" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="code" label={t('client.code')}>
              <Input data-testid="client-code" />
            </Form.Item>
          </Col>
          {kind === 'corporation' && (
            <Col span={24}>
              <Form.Item name="corporate_number" label={t('client.corporateNumber')} extra={t('client.corporateNumberHelp')}>
                <Input inputMode="numeric" style={{ maxWidth: 260 }} data-testid="client-corporate-number" />
              </Form.Item>
            </Col>
          )}
          <Col span={6}>
            <Form.Item name="postal" label={t('client.postal')}>
              <Input placeholder={t('client.postalPlaceholder')} data-testid="client-postal" />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="address" label={t('client.address')}>
              <Input data-testid="client-address" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="phone" label={t('client.phone')}>
              <Input inputMode="tel" data-testid="client-phone" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="email" label={t('client.email')}>
              <Input inputMode="email" data-testid="client-email" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="fiscal_month" label={t('client.fiscalMonth')}>
              <Select options={months} data-testid="client-fiscal-month" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="engaged_from" label={t('client.engagedFrom')} rules={[dateRule(t)]}>
              <DateField testid="client-engaged-from" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="engaged_until" label={t('client.engagedUntil')} rules={[dateRule(t)]}>
              <DateField testid="client-engaged-until" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('client.tags')}>
              <Select mode="tags" open={false} suffixIcon={null} placeholder={t('client.tagsPlaceholder')} data-testid="client-tags" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('client.notes')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="client-notes" />
            </Form.Item>
          </Col>
          {!open && (
            <Col span={24}>
              <Form.Item name="ownerOnly" valuePropName="checked" extra={t('client.ownerOnlyHelp')}>
                <Checkbox data-testid="client-owner-only">{t('client.ownerOnly')}</Checkbox>
              </Form.Item>
            </Col>
          )}
          {!open && hideable.length > 0 && (
            <Col span={24}>
              <Form.Item name="hidden" label={t('client.hidden')} extra={t('client.hiddenHelp')}>
                <HiddenUsersSelect users={hideable} testid="client-hidden" />
              </Form.Item>
            </Col>
          )}
        </Row>
        {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 16 }} data-testid="client-form-error" />}
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="client-save">
            {open ? t('client.save') : t('client.create')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
