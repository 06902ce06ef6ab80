import { useEffect, useState } from 'react';
import { Alert, App, Button, Checkbox, Col, Form, Input, Modal, Row, Select } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppError, Person, PersonRole, RelationKind } from '../../bridge';
import { useClients } from '../../stores/clients';
import { errorText } from '../../i18n';
import { useSubmit } from '../../components/useSubmit';
import { DateField, dateRule, dateValue } from '../../components/DateField';
import { showFieldErrors } from '../../components/fieldErrors';

export const personRoles: PersonRole[] = ['officer', 'employee', 'dependent', 'payee'];
const relations: RelationKind[] = ['spouse', 'child', 'parent', 'other'];

interface PersonValues {
  name: string;
  kana?: string;
  roles: PersonRole[];
  birth?: string;
  joined?: string;
  left?: string;
  relationTo?: string;
  relationKind?: RelationKind;
  postal?: string;
  address?: string;
  phone?: string;
  email?: string;
  notes?: string;
}

const trim = (s?: string) => (s ?? '').trim() || undefined;

/** The form names of Go's person fields where they differ. */
const rename = { 'relation.to': 'relationTo', 'relation.kind': 'relationKind' };

/** PersonModal adds a person to the open client, or edits one (read again for its versions). */
export function PersonModal({ person, onClose }: { person?: Person; onClose: () => void }) {
  const { t } = useTranslation();
  const { current, people, savePerson, deletePerson, person: readPerson } = useClients();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<PersonValues>();
  const roles = Form.useWatch('roles', form) ?? [];
  const [versions, setVersions] = useState<string[]>([]);
  const [base, setBase] = useState<Person | undefined>(person);
  const [loadError, setLoadError] = useState<AppError>();
  const client = current?.client.id ?? '';

  useEffect(() => {
    if (!person) return;
    void readPerson(client, person.id).then((r) => {
      if ('code' in r) {
        setLoadError(r);
        return;
      }
      const p = r.person as Person;
      setBase(p);
      setVersions(r.versions ?? []);
      form.setFieldsValue({
        name: p.name,
        kana: p.kana,
        roles: (p.roles ?? []) as PersonRole[],
        birth: p.birth,
        joined: p.joined,
        left: p.left,
        relationTo: p.relation?.to,
        relationKind: p.relation?.kind as RelationKind | undefined,
        postal: p.postal,
        address: p.address,
        phone: p.phone,
        email: p.email,
        notes: p.notes,
      });
    });
  }, [person, client, readPerson, form]);

  const { busy, error, submit } = useSubmit(
    (v: PersonValues) => {
      const dependent = v.roles.includes('dependent');
      const p: Person = {
        ...base,
        id: base?.id ?? '',
        client_id: client,
        name: v.name.trim(),
        kana: trim(v.kana),
        roles: v.roles,
        birth: dateValue(v.birth),
        joined: dateValue(v.joined),
        left: dateValue(v.left),
        relation: dependent && (v.relationTo || v.relationKind) ? { to: v.relationTo ?? '', kind: v.relationKind ?? '' } : undefined,
        postal: trim(v.postal),
        address: trim(v.address),
        phone: trim(v.phone),
        email: trim(v.email),
        notes: trim(v.notes),
      };
      return savePerson(p, person ? versions : []);
    },
    { onOk: onClose, onError: (err) => showFieldErrors(form, t, err, rename) },
  );

  const others = people.filter((o) => o.id !== person?.id);

  const remove = () => {
    if (!person) return;
    modal.confirm({
      title: t('person.deleteTitle', { name: person.name }),
      content: t('person.deleteBody'),
      okText: t('person.deleteOk'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'person-delete-ok' } as object) },
      cancelText: t('form.cancel'),
      onOk: async () => {
        const err = await deletePerson(client, person.id, versions);
        if (err) {
          void message.error(errorText(t, err));
          return;
        }
        void message.success(t('person.deleted'));
        onClose();
      },
    });
  };

  return (
    <Modal
      open
      width={720}
      title={person ? t('person.editTitle') : t('person.newTitle')}
      onCancel={onClose}
      okText={t('person.save')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'person-save', disabled: !!loadError } as ButtonProps}
      destroyOnHidden
      mask={{ closable: false }}
      footer={(buttons) => (
        <>
          {person && (
            <Button danger icon={<DeleteOutlined />} onClick={remove} disabled={!!loadError || busy} style={{ float: 'left' }} data-testid="person-delete">
              {t('person.delete')}
            </Button>
          )}
          {buttons}
        </>
      )}
    >
      <Form<PersonValues> form={form} layout="vertical" requiredMark={false} initialValues={{ roles: [] }} onFinish={submit} data-testid="person-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('person.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
              <Input placeholder={t('person.namePlaceholder')} data-testid="person-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kana" label={t('person.kana')}>
              <Input placeholder={t('person.kanaPlaceholder')} data-testid="person-kana" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roles" label={t('person.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.roles_required') }]}>
              <Checkbox.Group options={personRoles.map((r) => ({ value: r, label: t(`personRole.${r}`) }))} data-testid="person-roles" />
            </Form.Item>
          </Col>
          {roles.includes('dependent') && (
            <>
              <Col span={12}>
                <Form.Item name="relationTo" label={t('person.relationTo')} extra={t('person.relationToHelp')}>
                  <Select allowClear options={others.map((o) => ({ value: o.id, label: o.name }))} data-testid="person-relation-to" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="relationKind" label={t('person.relationKind')}>
                  <Select allowClear options={relations.map((r) => ({ value: r, label: t(`relation.${r}`) }))} data-testid="person-relation-kind" />
                </Form.Item>
              </Col>
            </>
          )}
          <Col span={24}>
            <Form.Item name="birth" label={t('person.birth')} rules={[dateRule(t)]}>
              <DateField testid="person-birth" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="joined" label={t('person.joined')} rules={[dateRule(t)]}>
              <DateField testid="person-joined" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="left" label={t('person.left')} rules={[dateRule(t)]}>
              <DateField testid="person-left" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="postal" label={t('person.postal')}>
              <Input placeholder={t('client.postalPlaceholder')} data-testid="person-postal" />
            </Form.Item>
          </Col>
          <Col span={18}>
            <Form.Item name="address" label={t('person.address')}>
              <Input data-testid="person-address" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('person.phone')}>
              <Input inputMode="tel" data-testid="person-phone" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="email" label={t('person.email')} extra={t('person.emailHelp')}>
              <Input inputMode="email" autoComplete="off" data-testid="person-email" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('person.notes')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="person-notes" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {loadError && <Alert type="error" showIcon title={errorText(t, loadError)} />}
      {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="person-error" />}
    </Modal>
  );
}
