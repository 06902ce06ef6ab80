import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Modal, Radio, Result, Select, Space, Steps, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AppError, Client, ImportEncoding, ImportKind, ImportPreview, Person } from '../../bridge';
import { useClients } from '../../stores/clients';
import { useVault } from '../../stores/vault';
import { HiddenUsersSelect, useHideable } from './HiddenUsersSelect';
import { errorText, rowErrorText } from '../../i18n';
import { formatIsoDate } from '../../format/wareki';

const encodings: ImportEncoding[] = ['auto', 'utf-8', 'utf-8-bom', 'shift_jis'];
const encodingKey = (e: string) => `import.encoding.${e.replace(/-/g, '_')}`;
/**
 * maxImportMB is Go's office.MaxImportBytes (64 MB): a larger file is
 * refused here without reading it into the page (Go refuses it too).
 */
const maxImportMB = 64;
/** isWorkbook: an Excel file by its name (Go also tells it by content). */
const isWorkbook = (name: string) => /\.xlsx$/i.test(name);

/** readFile reads a chosen file's bytes. */
function readFile(file: File): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as ArrayBuffer);
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(file);
  });
}

/** ImportModal is the import dialog of the clients area (CSV or Excel .xlsx): file, columns, check, import. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} title={t('import.title')} width={960} footer={null} onCancel={onClose} destroyOnHidden mask={{ closable: false }} data-testid="import-modal">
      <ImportSteps onClose={onClose} />
    </Modal>
  );
}

function ImportSteps({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message, notification } = App.useApp();
  const { importPreview, importCommit } = useClients();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('clients');
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [file, setFile] = useState<{ name: string; data: ArrayBuffer }>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [mapping, setMapping] = useState<string[]>([]);
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const [count, setCount] = useState<number>();
  // What every imported client is created with (a 責任者's choice).
  const admin = useVault((s) => s.state?.user)?.role === 'admin';
  const hideable = useHideable();
  const [ownerOnly, setOwnerOnly] = useState(false);
  const [hidden, setHidden] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  /** Each preview gets a number; only the latest may set the result. */
  const seq = useRef(0);

  const reset = () => {
    seq.current++;
    setBusy(false);
    setPreview(undefined);
    setMapping([]);
    setError(undefined);
  };

  const choose = async (f: File | undefined) => {
    reset();
    if (!f) {
      setFile(undefined);
      return;
    }
    if (f.size > maxImportMB << 20) {
      setFile(undefined);
      setError({ code: 'import.too_large', params: { max_mb: maxImportMB } });
      return;
    }
    try {
      setFile({ name: f.name, data: await readFile(f) });
    } catch {
      setFile(undefined);
      setError({ code: 'internal' });
    }
  };

  const run = async (m: string[] | null): Promise<boolean> => {
    if (!file) return false;
    const n = ++seq.current;
    setBusy(true);
    setError(undefined);
    const r = await importPreview(kind, file.name, file.data, encoding, m);
    if (n !== seq.current) return false;
    setBusy(false);
    if ('error' in r) {
      setError(r.error);
      return false;
    }
    setPreview(r.preview);
    setMapping(r.preview.mapping ?? []);
    return true;
  };

  const next = async () => {
    if (await run(null)) setStep(1);
  };

  const remap = (i: number, field: string) => {
    const m = mapping.map((f, j) => (j === i ? field : f === field && field !== '' ? '' : f));
    setMapping(m);
    void run(m);
  };

  const commit = async () => {
    if (!preview) return;
    setBusy(true);
    setError(undefined);
    const clients = kind === 'clients' && admin;
    const r = await importCommit(preview.token, clients && ownerOnly, clients ? hidden : []);
    setBusy(false);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    setCount(r.count);
    setStep(3);
    void message.success(t('import.done', { count: r.count }));
  };

  const errors = preview?.errors ?? [];
  // An error here says nothing is imported: an earlier import's
  // "imported" toasts must not stay on screen over it.
  const failing = !!error || errors.length > 0;
  useEffect(() => {
    if (!failing) return;
    message.destroy();
    notification.destroy();
  }, [failing, message, notification]);

  const detected = (p: ImportPreview) => (p.format === 'xlsx' ? t('import.detectedXlsx') : t('import.detected', { encoding: t(encodingKey(p.encoding)) }));
  const rowsOk = !!preview && preview.rows > 0 && errors.length === 0;

  const clientColumns: ColumnsType<Client & { key: number }> = [
    { key: 'code', title: t('clients.col.code'), dataIndex: 'code', width: 90 },
    { key: 'name', title: t('clients.col.name'), dataIndex: 'name', width: 200 },
    { key: 'kana', title: t('clients.col.kana'), dataIndex: 'kana', width: 160 },
    { key: 'kind', title: t('clients.col.kind'), width: 100, render: (_, c) => (c.kind ? t(`clientKind.${c.kind}`) : '') },
    { key: 'fiscal', title: t('clients.col.fiscalMonth'), width: 80, render: (_, c) => (c.fiscal_month ? t('clients.month', { month: c.fiscal_month }) : '') },
    { key: 'phone', title: t('clients.col.phone'), dataIndex: 'phone', width: 130 },
  ];
  const peopleColumns: ColumnsType<Person & { key: number }> = [
    { key: 'name', title: t('people.col.name'), dataIndex: 'name', width: 160 },
    { key: 'kana', title: t('people.col.kana'), dataIndex: 'kana', width: 160 },
    { key: 'roles', title: t('people.col.roles'), width: 200, render: (_, p) => (p.roles ?? []).map((r) => t(`personRole.${r}`)).join('・') },
    { key: 'birth', title: t('people.col.birth'), width: 160, render: (_, p) => formatIsoDate(p.birth, i18n.language) },
  ];

  const errorAlert = error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="import-error" />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Steps
        size="small"
        current={step}
        items={[{ title: t('import.steps.file') }, { title: t('import.steps.mapping') }, { title: t('import.steps.confirm') }, { title: t('import.steps.done') }]}
      />

      {step === 0 && (
        <Form layout="vertical" component="div">
          <Form.Item label={t('import.kindLabel')}>
            <Radio.Group
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as ImportKind);
                reset();
              }}
              data-testid="import-kind"
            >
              <Radio.Button value="clients" data-testid="import-kind-clients">
                {t('import.kind.clients')}
              </Radio.Button>
              <Radio.Button value="people" data-testid="import-kind-people">
                {t('import.kind.people')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          {kind === 'clients' ? (
            <Typography.Paragraph type="secondary">{t('import.clientsHelp')}</Typography.Paragraph>
          ) : (
            <>
              <Typography.Paragraph type="secondary">{t('import.peopleHelp')}</Typography.Paragraph>
              <Alert type="info" showIcon title={t('import.noMyNumber')} style={{ marginBottom: 16 }} data-testid="import-no-mynumber" />
            </>
          )}
          <Form.Item label={t('import.fileLabel')}>
            <Space>
              <input
                ref={input}
                type="file"
                accept=".csv,.txt,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                style={{ display: 'none' }}
                onChange={(e) => {
                  void choose(e.target.files?.[0]);
                  e.target.value = ''; // the same file may be chosen again after a fix
                }}
                data-testid="import-file"
              />
              <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} data-testid="import-choose">
                {t('import.chooseFile')}
              </Button>
              <Typography.Text type={file ? undefined : 'secondary'} data-testid="import-file-name">
                {file ? file.name : t('import.noFile')}
              </Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item label={t('import.encodingLabel')} extra={file && isWorkbook(file.name) ? t('import.encodingXlsx') : undefined}>
            <Select<ImportEncoding>
              value={encoding}
              disabled={!!file && isWorkbook(file.name)}
              onChange={(v) => {
                setEncoding(v);
                reset();
              }}
              options={encodings.map((e) => ({ value: e, label: t(encodingKey(e)) }))}
              style={{ width: 220 }}
              data-testid="import-encoding"
            />
          </Form.Item>
          {errorAlert}
        </Form>
      )}

      {step === 1 && preview && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('import.mappingHelp')}
          </Typography.Paragraph>
          <Space size="large" data-testid="import-summary">
            <Typography.Text>{detected(preview)}</Typography.Text>
            <Typography.Text>{t('import.rowCount', { count: preview.rows })}</Typography.Text>
          </Space>
          <Table<{ i: number; title: string }>
            size="small"
            rowKey="i"
            pagination={false}
            scroll={{ y: 360 }}
            dataSource={preview.header.map((title, i) => ({ i, title }))}
            columns={[
              { key: 'column', title: t('import.col.column'), dataIndex: 'title' },
              {
                key: 'field',
                title: t('import.col.field'),
                width: 280,
                render: (_, r) => (
                  <Select<string>
                    value={mapping[r.i] ?? ''}
                    onChange={(v) => remap(r.i, v)}
                    options={[{ value: '', label: t('import.skip') }, ...preview.fields.map((f) => ({ value: f, label: t(`import.field.${f}`) }))]}
                    style={{ width: 240 }}
                    virtual={false}
                    data-testid={`import-map-${r.i}`}
                  />
                ),
              },
            ]}
            data-testid="import-mapping"
          />
          {errorAlert}
        </Space>
      )}

      {step === 2 && preview && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-confirm">
          <Space size="large">
            <Typography.Text>{detected(preview)}</Typography.Text>
            <Typography.Text>{t('import.rowCount', { count: preview.rows })}</Typography.Text>
          </Space>
          <Typography.Text strong>{t('import.previewTitle', { count: kind === 'clients' ? preview.clients.length : preview.people.length })}</Typography.Text>
          {kind === 'clients' ? (
            <Table<Client & { key: number }>
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ y: 240 }}
              columns={clientColumns}
              dataSource={preview.clients.map((c, i) => ({ ...c, key: i }))}
              locale={{ emptyText: t('import.previewEmpty') }}
              data-testid="import-preview"
            />
          ) : (
            <Table<Person & { key: number }>
              size="small"
              rowKey="key"
              pagination={false}
              scroll={{ y: 240 }}
              columns={peopleColumns}
              dataSource={preview.people.map((p, i) => ({ ...p, key: i }))}
              locale={{ emptyText: t('import.previewEmpty') }}
              data-testid="import-preview"
            />
          )}
          {errors.length > 0 ? (
            <>
              <Alert type="error" showIcon title={t('import.allOrNothing')} data-testid="import-blocked" />
              <div data-testid="import-errors">
                <Typography.Text strong>{t('import.errorsTitle', { count: errors.length })}</Typography.Text>
                <ul style={{ maxHeight: 220, overflow: 'auto', margin: '8px 0 0', paddingLeft: 20 }}>
                  {errors.map((e, i) => (
                    <li key={i} data-testid="import-row-error">
                      <Typography.Text type="danger">{rowErrorText(t, e)}</Typography.Text>
                    </li>
                  ))}
                </ul>
              </div>
            </>
          ) : (
            preview.rows > 0 && <Alert type="success" showIcon title={t('import.ready', { count: preview.rows })} data-testid="import-ready" />
          )}
          {kind === 'clients' && admin && rowsOk && (
            <Form layout="vertical" component="div" data-testid="import-access">
              <Form.Item extra={t('client.ownerOnlyHelp')}>
                <Checkbox checked={ownerOnly} onChange={(e) => setOwnerOnly(e.target.checked)} data-testid="import-owner-only">
                  {t('import.ownerOnly')}
                </Checkbox>
              </Form.Item>
              {hideable.length > 0 && (
                <Form.Item label={t('import.hidden')} extra={t('client.hiddenHelp')} style={{ marginBottom: 0 }}>
                  <HiddenUsersSelect users={hideable} value={hidden} onChange={setHidden} testid="import-hidden" />
                </Form.Item>
              )}
            </Form>
          )}
          {errorAlert}
        </Space>
      )}

      {step === 3 && (
        <Result status="success" title={t('import.done', { count: count ?? 0 })} data-testid="import-done" />
      )}

      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        {step < 3 && (
          <Button onClick={onClose} data-testid="import-cancel">
            {t('form.cancel')}
          </Button>
        )}
        {(step === 1 || step === 2) && (
          <Button
            onClick={() => {
              setError(undefined);
              setStep(step - 1);
            }}
            disabled={busy}
            data-testid="import-back"
          >
            {t('form.back')}
          </Button>
        )}
        {step === 0 && (
          <Button type="primary" onClick={() => void next()} disabled={!file} loading={busy} data-testid="import-next">
            {t('import.next')}
          </Button>
        )}
        {step === 1 && (
          <Button type="primary" onClick={() => setStep(2)} disabled={busy || !!error} loading={busy} data-testid="import-next">
            {t('import.next')}
          </Button>
        )}
        {step === 2 && (
          <Button type="primary" onClick={() => void commit()} disabled={!rowsOk || busy || !!error} loading={busy} data-testid="import-commit">
            {t('import.commit')}
          </Button>
        )}
        {step === 3 && (
          <Button type="primary" onClick={onClose} data-testid="import-close">
            {t('import.close')}
          </Button>
        )}
      </div>
    </Space>
  );
}
