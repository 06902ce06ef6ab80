import { useEffect, useState } from 'react';
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { MailOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ShareEnvelope, ShareRecipient } from '../../bridge';
import { useShare } from '../../stores/share';
import { useClients } from '../../stores/clients';
import { DateField, dateRule, dateValue } from '../../components/DateField';
import { backupTime } from '../backup/format';
import { addDays, expiryText, jstDay, shareError, todayJst } from './format';

interface EnvelopeValues {
  client?: string;
  person?: string;
  message?: string;
  expires?: string;
}

/**
 * EnvelopesTab is 返信用封筒: pages the office gives a client to send files
 * back safely (encrypted to a key only this office's users who can read the
 * client can open). Each can be revoked.
 */
export function EnvelopesTab() {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const envelopes = useShare((s) => s.envelopes);
  const loading = useShare((s) => s.envelopesLoading);
  const error = useShare((s) => s.envelopesError);
  const load = useShare((s) => s.loadEnvelopes);
  const revoke = useShare((s) => s.revokeEnvelope);
  const people = useShare((s) => s.people);
  const loadPeople = useShare((s) => s.loadPeople);
  const clients = useClients((s) => s.list);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    for (const c of new Set((envelopes ?? []).map((e) => e.client))) void loadPeople(c);
  }, [envelopes, loadPeople]);

  const clientName = (id: string) => clients.find((c) => c.id === id)?.name ?? id;
  const personName = (client: string, id: string) => (id ? (people[client]?.find((p) => p.id === id)?.name ?? '—') : t('share.env.anyone'));
  const today = todayJst();

  const confirmRevoke = (e: ShareEnvelope) =>
    modal.confirm({
      title: t('share.env.revokeTitle'),
      content: t('share.env.revokeBody', { client: clientName(e.client) }),
      okText: t('share.env.revokeOk'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'share-env-revoke-ok' } as object) },
      cancelText: t('form.cancel'),
      onOk: async () => {
        const err = await revoke(e.client, e.id);
        if (err) void message.error(shareError(t, err));
        else void message.success(t('share.env.revoked'));
      },
    });

  const columns = [
    { key: 'client', title: t('share.col.client'), render: (_: unknown, e: ShareEnvelope) => clientName(e.client) },
    { key: 'person', title: t('share.col.person'), render: (_: unknown, e: ShareEnvelope) => personName(e.client, e.person) },
    { key: 'created', title: t('share.env.created'), width: 170, render: (_: unknown, e: ShareEnvelope) => backupTime(e.created, i18n.language) },
    {
      key: 'expires',
      title: t('share.col.expires'),
      width: 190,
      render: (_: unknown, e: ShareEnvelope) => (
        <Space size={4}>
          {expiryText(e.expires, i18n.language)}
          {jstDay(e.expires) < today && <Tag>{t('share.expired')}</Tag>}
        </Space>
      ),
    },
    { key: 'received', title: t('share.env.received'), width: 90, align: 'right' as const, render: (_: unknown, e: ShareEnvelope) => <span data-testid="share-env-received">{e.received}</span> },
    {
      key: 'state',
      title: '',
      width: 140,
      render: (_: unknown, e: ShareEnvelope) =>
        e.revoked ? (
          <Tag color="default" data-testid="share-env-revoked">
            {t('share.env.revokedTag')}
          </Tag>
        ) : (
          <Button size="small" danger icon={<StopOutlined />} onClick={() => confirmRevoke(e)} data-testid="share-env-revoke">
            {t('share.env.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <div data-testid="share-envelopes">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 720 }}>
          {t('share.env.intro')}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="share-env-new">
          {t('share.env.new')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={shareError(t, error)} action={<Button onClick={() => void load()}>{t('share.retry')}</Button>} style={{ marginBottom: 12 }} />}
      <Table<ShareEnvelope>
        size="small"
        rowKey="id"
        loading={loading && !envelopes}
        columns={columns}
        dataSource={envelopes ?? []}
        pagination={false}
        scroll={{ x: 820 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('share.env.empty')} /> }}
        data-testid="share-env-table"
      />
      {creating && <EnvelopeModal onClose={() => setCreating(false)} />}
    </div>
  );
}

/** EnvelopeModal makes a return envelope: the client, who is expected to send (optional), a message, the expiry. */
function EnvelopeModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EnvelopeValues>();
  const clients = useClients((s) => s.list);
  const loadPeople = useShare((s) => s.loadPeople);
  const createEnvelope = useShare((s) => s.createEnvelope);
  const client = Form.useWatch('client', form);
  const [people, setPeople] = useState<ShareRecipient[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setPeople([]);
    if (client) void loadPeople(client).then(setPeople);
  }, [client, loadPeople]);

  const submit = async (v: EnvelopeValues) => {
    setBusy(true);
    const r = await createEnvelope({ client: v.client ?? '', person: v.person ?? '', message: (v.message ?? '').trim(), expires: dateValue(v.expires) ?? '', lang: i18n.language });
    setBusy(false);
    if (r.error) {
      void message.error(shareError(t, r.error));
      return;
    }
    if (r.envelope?.path) void message.success(t('share.env.saved', { path: r.envelope.path }));
    onClose();
  };

  return (
    <Modal
      open
      title={
        <Space>
          <MailOutlined />
          {t('share.env.new')}
        </Space>
      }
      okText={t('share.env.create')}
      cancelText={t('form.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ ...({ 'data-testid': 'share-env-create' } as object) }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ expires: addDays(30) }} requiredMark>
        <Form.Item name="client" label={t('share.send.client')} rules={[{ required: true, message: t('share.send.clientRequired') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={clients.map((c) => ({ value: c.id, label: c.code ? `${c.code} ${c.name}` : c.name }))}
            data-testid="share-env-client"
          />
        </Form.Item>
        <Form.Item name="person" label={t('share.env.person')} extra={t('share.env.personHelp')}>
          <Select allowClear disabled={!client} options={people.map((p) => ({ value: p.id, label: p.name }))} data-testid="share-env-person" />
        </Form.Item>
        <Form.Item name="message" label={t('share.send.message')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} placeholder={t('share.env.messagePlaceholder')} data-testid="share-env-message" />
        </Form.Item>
        <Form.Item name="expires" label={t('share.send.expires')} rules={[{ required: true, message: t('share.send.expiresRequired') }, dateRule(t)]}>
          <DateField testid="share-env-expires" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
