import { useEffect, useState } from 'react';
import { Alert, App, AutoComplete, Button, Card, Col, Empty, Form, Input, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, FileAddOutlined, FolderAddOutlined, FolderOpenOutlined, InboxOutlined, SafetyOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ShareFormat, ShareItem, ShareRecipient } from '../../bridge';
import { useShare } from '../../stores/share';
import { useClients } from '../../stores/clients';
import { DateField, dateRule, dateValue } from '../../components/DateField';
import { JobProgress } from '../../components/JobProgress';
import { sizeText } from '../backup/format';
import { addDays, shareError, todayJst } from './format';
import { ScanResult, type OverrideValues } from './ScanResult';
import { PassphraseDialog } from './PassphraseDialog';

/** The longest expiry Go accepts (days from today). */
const maxDays = 366;

/** The purposes the form suggests (a free text: the register keeps it). */
export const purposeSuggestions = ['filedReturn', 'financials', 'answer', 'payroll', 'other'] as const;

interface SendValues {
  client?: string;
  person?: string;
  purpose?: string;
  message?: string;
  expires?: string;
  format: ShareFormat;
  output?: string;
}

/** recipientLabel is how a registered person is offered: 氏名（フリガナ）・役割・e-mail. */
export function RecipientOption({ r }: { r: ShareRecipient }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'baseline', flexWrap: 'wrap' }} data-testid="share-recipient-option">
      <Typography.Text strong>{r.name}</Typography.Text>
      {r.kana && <Typography.Text type="secondary">（{r.kana}）</Typography.Text>}
      {(r.roles ?? []).map((role) => (
        <Tag key={role} style={{ marginInlineEnd: 0 }}>
          {t(`personRole.${role}`, { defaultValue: role })}
        </Tag>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.email || t('share.send.noEmail')}
      </Typography.Text>
    </div>
  );
}

/**
 * SendTab is 送る: the client, one of its registered people, the files
 * (dropped on the area or chosen), the purpose, message, expiry and format;
 * then the check for My Numbers (確認) and the package (作成), whose
 * passphrase is shown once.
 */
export function SendTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SendValues>();
  const clients = useClients((s) => s.list);
  const loadList = useClients((s) => s.loadList);
  const listLoaded = useClients((s) => s.listLoaded);
  const client = useShare((s) => s.client);
  const selectClient = useShare((s) => s.selectClient);
  const recipients = useShare((s) => s.recipients);
  const recipientsLoading = useShare((s) => s.recipientsLoading);
  const recipientsError = useShare((s) => s.recipientsError);
  const selection = useShare((s) => s.selection);
  const removeItem = useShare((s) => s.removeItem);
  const clearSelection = useShare((s) => s.clearSelection);
  const chooseFiles = useShare((s) => s.chooseFiles);
  const chooseFolder = useShare((s) => s.chooseFolder);
  const scan = useShare((s) => s.scan);
  const startScan = useShare((s) => s.startScan);
  const create = useShare((s) => s.create);
  const startCreate = useShare((s) => s.startCreate);
  const [override, setOverride] = useState<OverrideValues>();

  useEffect(() => {
    if (!listLoaded) void loadList();
  }, [listLoaded, loadList]);

  useEffect(() => {
    form.setFieldsValue({ client });
  }, [client, form]);

  const blocked = (scan?.result?.individual ?? 0) > 0;
  const scanning = !!scan?.job || (scan !== undefined && !scan.status);
  const creating = !!create?.job || (create !== undefined && !create.status);
  const canCreate = scan?.status === 'ok' && !!scan.result && (!blocked || !!override) && !creating;

  const onClient = (id: string | undefined) => {
    form.setFieldsValue({ person: undefined });
    void selectClient(id);
  };

  const check = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setOverride(undefined);
    const err = await startScan();
    if (err) void message.error(shareError(t, err));
  };

  const make = async () => {
    let v: SendValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const err = await startCreate({
      client: v.client ?? '',
      person: v.person ?? '',
      purpose: (v.purpose ?? '').trim(),
      message: (v.message ?? '').trim(),
      expires: dateValue(v.expires) ?? '',
      output: (v.output ?? '').trim(),
      format: v.format,
      override: blocked ? override : undefined,
      lang: i18n.language,
    });
    if (err) void message.error(shareError(t, err));
  };

  const pickOutput = async () => {
    const r = await chooseFolder('output', i18n.language);
    if (r.error) void message.error(shareError(t, r.error));
    else if (r.path) form.setFieldsValue({ output: r.path });
  };

  const pick = async (what: 'files' | 'folder') => {
    const err = what === 'files' ? await chooseFiles(i18n.language) : (await chooseFolder('send', i18n.language)).error;
    if (err) void message.error(shareError(t, err));
  };

  const notPast = {
    validator: (_: unknown, v: string | undefined) => {
      const iso = dateValue(v);
      if (iso && iso < todayJst()) return Promise.reject(new Error(t('share.send.expiresPast')));
      if (iso && iso > addDays(maxDays)) return Promise.reject(new Error(t('share.send.expiresTooFar', { days: maxDays })));
      return Promise.resolve();
    },
  };

  const columns = [
    { key: 'name', title: t('share.send.col.name'), dataIndex: 'name', ellipsis: true, render: (n: string) => <span data-testid="share-item-name">{n}</span> },
    { key: 'size', title: t('share.send.col.size'), dataIndex: 'size', width: 110, align: 'right' as const, render: (n: number) => sizeText(n) },
    {
      key: 'remove',
      title: '',
      width: 60,
      render: (_: unknown, it: ShareItem) => (
        <Button
          size="small"
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t('share.send.remove', { name: it.name })}
          title={t('share.send.remove', { name: it.name })}
          disabled={scanning || creating}
          onClick={() => void removeItem(it.path)}
          data-testid="share-item-remove"
        />
      ),
    },
  ];

  return (
    <div data-testid="share-send">
      <Form
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ format: 'auto', expires: addDays(14) }}
        onValuesChange={(changed) => {
          // What the scan looked at is what is sent: a change of the files needs a new check, nothing else does.
          if ('client' in changed) onClient(changed.client as string | undefined);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item name="client" label={t('share.send.client')} rules={[{ required: true, message: t('share.send.clientRequired') }]}>
              <Select
                showSearch
                allowClear
                optionFilterProp="label"
                placeholder={t('share.send.clientPlaceholder')}
                options={clients.map((c) => ({ value: c.id, label: c.code ? `${c.code} ${c.name}` : c.name }))}
                data-testid="share-client"
                notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('share.send.noClients')} />}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item
              name="person"
              label={t('share.send.person')}
              extra={t('share.send.personHelp')}
              rules={[{ required: true, message: t('share.send.personRequired') }]}
            >
              <Select
                disabled={!client}
                loading={recipientsLoading}
                placeholder={client ? t('share.send.personPlaceholder') : t('share.send.clientFirst')}
                options={recipients.map((r) => ({ value: r.id, label: r.name, r }))}
                optionRender={(o) => <RecipientOption r={(o.data as { r: ShareRecipient }).r} />}
                labelRender={(o) => {
                  const r = recipients.find((x) => x.id === o.value);
                  return r ? `${r.name}${r.email ? `（${r.email}）` : ''}` : o.label;
                }}
                data-testid="share-person"
                notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('share.send.noPeople')} />}
              />
            </Form.Item>
            {recipientsError && <Alert type="error" showIcon title={shareError(t, recipientsError)} style={{ marginBottom: 12 }} />}
          </Col>
        </Row>

        <Form.Item label={t('share.send.files')} required>
          <div
            className="kinko-share-drop"
            style={{ ['--wails-drop-target' as string]: 'drop', border: '1px dashed #c9b99a', borderRadius: 8, padding: 16, background: '#fcfaf6' }}
            data-testid="share-drop"
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text type="secondary">
                  <InboxOutlined /> {t('share.send.drop')}
                </Typography.Text>
                <Space wrap>
                  <Button icon={<FileAddOutlined />} onClick={() => void pick('files')} disabled={scanning || creating} data-testid="share-add-files">
                    {t('share.send.addFiles')}
                  </Button>
                  <Button icon={<FolderAddOutlined />} onClick={() => void pick('folder')} disabled={scanning || creating} data-testid="share-add-folder">
                    {t('share.send.addFolder')}
                  </Button>
                  {selection.items.length > 0 && (
                    <Button type="text" onClick={clearSelection} disabled={scanning || creating} data-testid="share-clear-files">
                      {t('share.send.clearFiles')}
                    </Button>
                  )}
                </Space>
              </Space>
              {selection.error && <Alert type="error" showIcon title={shareError(t, selection.error)} data-testid="share-collect-error" />}
              {selection.items.length > 0 || selection.collecting ? (
                <Table<ShareItem>
                  size="small"
                  rowKey="path"
                  loading={selection.collecting}
                  columns={columns}
                  dataSource={selection.items}
                  pagination={false}
                  scroll={{ y: 220 }}
                  data-testid="share-items"
                  summary={() => (
                    <Table.Summary fixed>
                      <Table.Summary.Row>
                        <Table.Summary.Cell index={0}>
                          <Typography.Text strong>{t('share.send.total', { count: selection.items.length })}</Typography.Text>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={1} align="right">
                          <Typography.Text strong data-testid="share-total">
                            {sizeText(selection.total)}
                          </Typography.Text>
                        </Table.Summary.Cell>
                        <Table.Summary.Cell index={2} />
                      </Table.Summary.Row>
                    </Table.Summary>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('share.send.noFiles')} data-testid="share-no-files" />
              )}
            </Space>
          </div>
        </Form.Item>

        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item name="purpose" label={t('share.send.purpose')} extra={t('share.send.purposeHelp')} rules={[{ required: true, whitespace: true, message: t('share.send.purposeRequired') }]}>
              <AutoComplete
                options={purposeSuggestions.map((k) => ({ value: t(`share.purposes.${k}`) }))}
                placeholder={t('share.purposes.filedReturn')}
                data-testid="share-purpose"
                filterOption={false}
              />
            </Form.Item>
            <Form.Item name="expires" label={t('share.send.expires')} extra={t('share.send.expiresHelp')} rules={[{ required: true, message: t('share.send.expiresRequired') }, dateRule(t), notPast]}>
              <DateField testid="share-expires" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item name="message" label={t('share.send.message')}>
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 8 }} maxLength={2000} placeholder={t('share.send.messagePlaceholder')} data-testid="share-message" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item name="format" label={t('share.send.format')}>
              <Radio.Group data-testid="share-format">
                <Space orientation="vertical">
                  <Radio value="auto">{t('share.format.auto')}</Radio>
                  <Radio value="html">{t('share.format.html')}</Radio>
                  <Radio value="age">{t('share.format.age')}</Radio>
                </Space>
              </Radio.Group>
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item label={t('share.send.output')} extra={t('share.send.outputHelp')}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="output" noStyle>
                  <Input placeholder={t('share.send.outputDefault')} data-testid="share-output" />
                </Form.Item>
                <Button icon={<FolderOpenOutlined />} onClick={() => void pickOutput()} data-testid="share-output-choose">
                  {t('share.choose')}
                </Button>
              </Space.Compact>
            </Form.Item>
          </Col>
        </Row>
      </Form>

      <Card size="small" style={{ marginTop: 8 }} data-testid="share-check">
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Button
              icon={<SafetyOutlined />}
              onClick={() => void check()}
              disabled={selection.items.length === 0 || selection.collecting || scanning || creating}
              data-testid="share-scan"
            >
              {t('share.send.scan')}
            </Button>
            <Typography.Text type="secondary">{t('share.send.scanHelp')}</Typography.Text>
          </Space>
          {scan?.job && <JobProgress id={scan.job} testid="share-scan" />}
          {scan?.status === 'canceled' && <Alert type="info" showIcon title={t('share.send.scanCanceled')} data-testid="share-scan-canceled" />}
          {scan?.status === 'failed' && scan.error && <Alert type="error" showIcon title={shareError(t, scan.error)} data-testid="share-scan-error" />}
          {scan?.status === 'ok' && scan.result && <ScanResult scan={scan.result} client={client ?? ''} onOverride={setOverride} />}

          {scan?.status === 'ok' && (
            <Space wrap>
              <Button type="primary" size="large" icon={<SendOutlined />} disabled={!canCreate} loading={creating && !create?.job} onClick={() => void make()} data-testid="share-create">
                {t('share.send.create')}
              </Button>
              {blocked && !override && <Typography.Text type="danger">{t('share.send.createBlocked')}</Typography.Text>}
            </Space>
          )}
          {create?.job && <JobProgress id={create.job} testid="share-create" />}
          {create?.status === 'canceled' && <Alert type="info" showIcon title={t('share.send.createCanceled')} data-testid="share-create-canceled" />}
          {create?.status === 'failed' && create.error && <Alert type="error" showIcon title={shareError(t, create.error)} data-testid="share-create-error" />}
        </Space>
      </Card>
      <PassphraseDialog recipient={recipients.find((r) => r.id === form.getFieldValue('person'))?.name ?? ''} client={clients.find((c) => c.id === client)?.name ?? ''} />
    </div>
  );
}
