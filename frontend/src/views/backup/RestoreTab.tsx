import { useEffect, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, FileOutlined, FolderOutlined, HistoryOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BackupEntry, BackupSnapshot } from '../../bridge';
import { useBackup } from '../../stores/backup';
import { backupError, backupTime, baseName, joinPath, sizeText } from './format';
import { FolderField } from './FolderField';
import { JobProgress } from '../../components/JobProgress';
import { PlanPicker } from './PlanPicker';

/** What the restore dialog restores: a file or folder of the browsed snapshot ("" the whole snapshot). */
interface Pick {
  path: string;
  name: string;
  dir: boolean;
}

/**
 * RestoreTab is the area's 復元: the snapshots by date, a snapshot's
 * folders, and the restore of a whole folder or one file to a place that
 * does not exist yet — never over an existing file or folder.
 */
export function RestoreTab() {
  const { t, i18n } = useTranslation();
  const plan = useBackup((s) => s.plan);
  const snapshots = useBackup((s) => s.snapshots);
  const snapshotsFor = useBackup((s) => s.snapshotsFor);
  const loading = useBackup((s) => s.snapshotsLoading);
  const error = useBackup((s) => s.snapshotsError);
  const load = useBackup((s) => s.loadSnapshots);
  const browsing = useBackup((s) => s.browsing);
  const browse = useBackup((s) => s.browse);
  useEffect(() => {
    if (plan && snapshotsFor !== plan) void load(plan);
  }, [plan, snapshotsFor, load]);
  if (!plan) return null;

  const columns: ColumnsType<BackupSnapshot> = [
    { key: 'at', title: t('backup.restore.at'), width: 200, render: (_, s) => <span data-testid="backup-snapshot-at">{backupTime(s.at, i18n.language)}</span> },
    { key: 'source', title: t('backup.restore.source'), render: (_, s) => <Typography.Text ellipsis={{ tooltip: s.source }}>{s.source}</Typography.Text> },
    { key: 'files', title: t('backup.history.files'), width: 110, align: 'right', render: (_, s) => s.files.toLocaleString() },
    { key: 'size', title: t('backup.history.size'), width: 100, align: 'right', render: (_, s) => sizeText(s.bytes) },
    {
      key: 'marks',
      title: '',
      width: 150,
      render: (_, s) => (
        <Space size={2} wrap>
          {s.partial && <Tag color="gold">{t('backup.restore.partial')}</Tag>}
          {s.flagged && <Tag color="red">{t('backup.restore.flagged')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'open',
      width: 110,
      render: (_, s) => (
        <Button size="small" icon={<FolderOutlined />} onClick={() => void browse(s, '')} data-testid="backup-snapshot-open">
          {t('backup.restore.open')}
        </Button>
      ),
    },
  ];

  return (
    <div data-testid="backup-restore">
      {browsing ? (
        <Browser />
      ) : (
        <>
          <div style={{ display: 'flex', justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
            <PlanPicker />
            <Button icon={<ReloadOutlined />} loading={loading} onClick={() => void load(plan)} data-testid="backup-snapshots-refresh">
              {t('backup.refresh')}
            </Button>
          </div>
          <Typography.Paragraph type="secondary">{t('backup.restore.intro')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={backupError(t, error)} style={{ marginBottom: 12 }} data-testid="backup-snapshots-error" />}
          <Table<BackupSnapshot>
            virtual
            data-testid="backup-snapshots"
            rowKey="id"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={snapshots}
            pagination={false}
            scroll={{ x: 900, y: 480 }}
            locale={{ emptyText: t('backup.restore.noSnapshots') }}
            onRow={(s) => ({ 'data-testid': 'backup-snapshot-row', onDoubleClick: () => void browse(s, '') }) as React.HTMLAttributes<HTMLElement>}
          />
        </>
      )}
      <RestoreStatus />
    </div>
  );
}

/** Browser shows one folder of a snapshot: open a folder, restore it or one file. */
function Browser() {
  const { t, i18n } = useTranslation();
  const b = useBackup((s) => s.browsing)!;
  const browse = useBackup((s) => s.browse);
  const close = useBackup((s) => s.closeBrowser);
  const running = useBackup((s) => !!s.restore?.job);
  const [pick, setPick] = useState<Pick>();
  const parts = b.dir ? b.dir.split('/') : [];
  const rel = (name: string) => (b.dir ? `${b.dir}/${name}` : name);
  const topName = baseName(b.snapshot.source);

  const columns: ColumnsType<BackupEntry> = [
    {
      key: 'name',
      title: t('backup.restore.name'),
      render: (_, e) =>
        e.dir ? (
          <Typography.Link onClick={() => void browse(b.snapshot, rel(e.name))} data-testid="backup-entry-dir">
            <FolderOutlined style={{ color: '#b08d57' }} /> {e.name}
          </Typography.Link>
        ) : (
          <span data-testid="backup-entry-file">
            <FileOutlined /> {e.name}
          </span>
        ),
    },
    { key: 'size', title: t('backup.history.size'), width: 110, align: 'right', render: (_, e) => (e.dir ? '' : sizeText(e.size)) },
    { key: 'modified', title: t('backup.restore.modified'), width: 200, render: (_, e) => backupTime(e.modified, i18n.language) },
    {
      key: 'restore',
      width: 120,
      render: (_, e) => (
        <Button size="small" icon={<RollbackOutlined />} disabled={running} onClick={() => setPick({ path: rel(e.name), name: e.name, dir: e.dir })} data-testid="backup-entry-restore">
          {t('backup.restore.restore')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      size="small"
      data-testid="backup-browser"
      title={
        <Space>
          <HistoryOutlined />
          {t('backup.restore.browsing', { time: backupTime(b.snapshot.at, i18n.language) })}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<RollbackOutlined />} disabled={running} onClick={() => setPick({ path: b.dir, name: parts[parts.length - 1] ?? topName, dir: true })} data-testid="backup-restore-folder">
            {t('backup.restore.restoreFolder')}
          </Button>
          <Button icon={<ArrowLeftOutlined />} onClick={close} data-testid="backup-browser-close">
            {t('backup.restore.back')}
          </Button>
        </Space>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 8 }}
        data-testid="backup-breadcrumb"
        items={[
          { title: <Typography.Link onClick={() => void browse(b.snapshot, '')}>{b.snapshot.source}</Typography.Link> },
          ...parts.map((p, i) => ({
            title: i === parts.length - 1 ? p : <Typography.Link onClick={() => void browse(b.snapshot, parts.slice(0, i + 1).join('/'))}>{p}</Typography.Link>,
          })),
        ]}
      />
      {b.error && <Alert type="error" showIcon title={backupError(t, b.error)} style={{ marginBottom: 8 }} />}
      <Table<BackupEntry>
        virtual
        data-testid="backup-entries"
        rowKey={(e) => `${e.dir ? 'd' : 'f'}/${e.name}`}
        size="small"
        loading={b.loading}
        columns={columns}
        dataSource={b.entries}
        pagination={false}
        scroll={{ x: 760, y: 460 }}
        locale={{ emptyText: b.error ? ' ' : t('backup.restore.emptyFolder') }}
      />
      <RestoreDialog pick={pick} onClose={() => setPick(undefined)} />
    </Card>
  );
}

/** RestoreDialog asks where to restore to: a path that must not exist yet. */
function RestoreDialog({ pick, onClose }: { pick?: Pick; onClose: () => void }) {
  const { t } = useTranslation();
  const start = useBackup((s) => s.startRestore);
  const [form] = Form.useForm<{ target: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (pick) form.resetFields();
  }, [pick, form]);
  const submit = async (v: { target: string }) => {
    setBusy(true);
    await start(pick!.path, v.target.trim());
    setBusy(false);
    // The outcome (a refusal too) shows under the browser, where it stays.
    onClose();
  };
  return (
    <Modal
      open={!!pick}
      title={pick ? (pick.dir ? t('backup.restore.dialogFolder', { name: pick.name }) : t('backup.restore.dialogFile', { name: pick.name })) : ''}
      okText={t('backup.restore.start')}
      okButtonProps={{ loading: busy, ...({ 'data-testid': 'backup-restore-ok' } as object) }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <Typography.Paragraph type="secondary">{t('backup.restore.targetHelp')}</Typography.Paragraph>
        <Form.Item name="target" label={t('backup.restore.target')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <FolderField purpose="restore" testid="backup-restore-target" placeholder={t('backup.restore.targetPlaceholder')} then={(dir) => joinPath(dir, pick?.name ?? '')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** RestoreStatus is the running restore (progress, cancel) or how the last one ended. */
function RestoreStatus() {
  const { t } = useTranslation();
  const r = useBackup((s) => s.restore);
  const clear = useBackup((s) => s.clearRestore);
  if (!r) return null;
  return (
    <div style={{ marginTop: 16 }} data-testid="backup-restore-status">
      {r.job && <JobProgress id={r.job} testid="backup-restore" />}
      {r.status === 'ok' && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: clear }}
          data-testid="backup-restore-ok-result"
          title={t('backup.restore.done', { target: r.target })}
          description={r.result ? t('backup.restore.doneCount', { files: r.result.files.toLocaleString(), size: sizeText(r.result.bytes) }) : undefined}
        />
      )}
      {r.status === 'canceled' && <Alert type="info" showIcon closable={{ onClose: clear }} title={t('backup.restore.canceled')} />}
      {r.status === 'failed' && r.error && (
        <Alert
          type={r.error.code === 'backup.target_exists' ? 'warning' : 'error'}
          showIcon
          closable={{ onClose: clear }}
          data-testid={r.error.code === 'backup.target_exists' ? 'backup-restore-exists' : 'backup-restore-error'}
          title={r.error.code === 'backup.target_exists' ? t('backup.restore.existsTitle', { target: r.target }) : backupError(t, r.error)}
          description={r.error.code === 'backup.target_exists' ? t('backup.restore.existsHelp') : undefined}
        />
      )}
    </div>
  );
}
