import { useState } from 'react';
import { Alert, Button, Descriptions, Divider, Form, Input, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBackup } from '../../stores/backup';
import { useVault } from '../../stores/vault';
import { backupTime, newPCError } from './format';
import { FolderField } from './FolderField';
import { JobProgress } from '../../components/JobProgress';

interface KeyForm {
  recovery: string;
  vaultTarget: string;
  folders: Record<string, string>;
}

/**
 * NewPCRestore is the first-run wizard's "restore from a backup": on a new
 * PC with only the installer, the destination and the recovery sheet, it
 * finds the backup (its marker), takes the recovery key as typed from the
 * sheet (a password field; the key goes to Go once and is kept nowhere),
 * where to put the vault and each folder, runs the restore as a job with
 * progress and cancel, then goes on to the login.
 */
export function NewPCRestore({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const n = useBackup((s) => s.newPC);
  const inspect = useBackup((s) => s.inspectDestination);
  const reset = useBackup((s) => s.resetNewPC);
  const [path, setPath] = useState(n.path);
  const back = () => {
    reset();
    onBack();
  };

  if (n.job || n.status === 'ok') return <Running />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="newpc-restore">
      <Typography.Paragraph style={{ margin: 0 }}>{t('backup.newPC.about')}</Typography.Paragraph>
      <Form layout="vertical" requiredMark={false} onFinish={() => void inspect(path.trim())}>
        <Form.Item label={t('backup.newPC.dest')} extra={t('backup.newPC.destHelp')}>
          <FolderField value={path} onChange={setPath} purpose="destination" testid="newpc-dest" placeholder={t('backup.plan.destPlaceholder')} />
        </Form.Item>
        <Space>
          <Button onClick={back} disabled={n.inspecting}>
            {t('form.back')}
          </Button>
          <Button type={n.info ? 'default' : 'primary'} htmlType="submit" loading={n.inspecting} disabled={!path.trim()} data-testid="newpc-inspect">
            {t('backup.newPC.inspect')}
          </Button>
        </Space>
      </Form>
      {n.inspectError && <Alert type="error" showIcon title={newPCError(t, n.inspectError)} data-testid="newpc-inspect-error" />}
      {n.info && <KeyStep />}
    </Space>
  );
}

/** KeyStep shows the backup found and asks for the key and the places. */
function KeyStep() {
  const { t, i18n } = useTranslation();
  const n = useBackup((s) => s.newPC);
  const info = n.info!;
  const start = useBackup((s) => s.restoreNewPC);
  const suggested = useVault((s) => s.state?.suggestedFolder ?? '');
  const [form] = Form.useForm<KeyForm>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: KeyForm) => {
    setBusy(true);
    const folders = Object.fromEntries(Object.entries(v.folders ?? {}).filter(([, to]) => to?.trim()).map(([from, to]) => [from, to.trim()]));
    // The key leaves the form here, once; a failure clears it.
    const err = await start(v.recovery, v.vaultTarget.trim(), folders);
    setBusy(false);
    if (err) form.setFieldValue('recovery', '');
  };
  const sources = [...new Set(info.latest.map((s) => s.source))];
  return (
    <>
      <Alert
        type="success"
        showIcon
        title={t('backup.newPC.found')}
        data-testid="newpc-found"
        description={
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('backup.newPC.label')}>
              <span data-testid="newpc-label">{info.label}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('backup.newPC.created')}>{backupTime(info.created, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('backup.newPC.vault')}>
              <Typography.Text code>{info.vault}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        }
      />
      <Form<KeyForm> form={form} layout="vertical" requiredMark={false} initialValues={{ vaultTarget: suggested, folders: {} }} onFinish={(v) => void submit(v)} data-testid="newpc-form">
        <Form.Item name="recovery" label={t('backup.newPC.key')} extra={t('backup.newPC.keyHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input.Password autoComplete="off" spellCheck={false} data-testid="newpc-key" />
        </Form.Item>
        <Form.Item name="vaultTarget" label={t('backup.newPC.vaultTarget')} extra={t('backup.newPC.vaultTargetHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <FolderField purpose="restore" testid="newpc-vault-target" />
        </Form.Item>
        {sources.length > 0 && (
          <>
            <Divider titlePlacement="start">{t('backup.newPC.folders')}</Divider>
            <Typography.Paragraph type="secondary">{t('backup.newPC.foldersHelp')}</Typography.Paragraph>
            {sources.map((src, i) => (
              <Form.Item key={src} name={['folders', src]} label={src}>
                <FolderField purpose="restore" testid={`newpc-folder-${i}`} placeholder={t('backup.newPC.folderTarget')} />
              </Form.Item>
            ))}
          </>
        )}
        {n.status === 'failed' && n.error && <Alert type="error" showIcon title={newPCError(t, n.error)} style={{ marginBottom: 16 }} data-testid="newpc-error" />}
        {n.status === 'canceled' && <Alert type="info" showIcon title={t('backup.newPC.canceled')} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="newpc-start">
          {t('backup.newPC.start')}
        </Button>
      </Form>
    </>
  );
}

/** Running is the restore's progress and cancel, then the way to the login. */
function Running() {
  const { t } = useTranslation();
  const n = useBackup((s) => s.newPC);
  const finish = useBackup((s) => s.finishNewPC);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (n.job) return <JobProgress id={n.job} testid="newpc" />;
  const go = async () => {
    setBusy(true);
    const err = await finish();
    setBusy(false);
    if (err) setError(newPCError(t, err));
  };
  return (
    <Result
      status="success"
      title={t('backup.newPC.done')}
      subTitle={t('backup.newPC.doneHelp')}
      data-testid="newpc-done"
      extra={
        <Space orientation="vertical">
          <Button type="primary" loading={busy} onClick={() => void go()} data-testid="newpc-login">
            {t('backup.newPC.toLogin')}
          </Button>
          {error && <Alert type="error" showIcon title={error} />}
        </Space>
      }
    />
  );
}
