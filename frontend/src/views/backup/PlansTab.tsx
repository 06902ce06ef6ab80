import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Divider, Drawer, Empty, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AppError, BackupPlan } from '../../bridge';
import { useBackup } from '../../stores/backup';
import { backupError } from './format';
import { FolderField } from './FolderField';
import { DestBadge, LevelTag, OtherPlans } from './StatusTab';

/** The form's values: a plan as edited. */
interface PlanForm {
  name: string;
  vault: boolean;
  sources: Array<{ path: string; excludes: string[] }>;
  excludes: string[];
  destPath: string;
  destLabel: string;
  watch: boolean;
  quietSeconds: number;
  dailyOn: boolean;
  daily: string;
}

/** The excludes a new plan starts with, on top of the engine's defaults. */
export const suggestedExcludes = ['~$*', '*.tmp', 'Thumbs.db'];

function toForm(p?: BackupPlan): PlanForm {
  if (!p) return { name: '', vault: true, sources: [], excludes: suggestedExcludes, destPath: '', destLabel: '', watch: true, quietSeconds: 60, dailyOn: true, daily: '18:30' };
  return {
    name: p.name,
    vault: p.vault,
    sources: p.sources.map((s) => ({ path: s.path, excludes: s.excludes ?? [] })),
    excludes: p.excludes ?? [],
    destPath: p.dest.path,
    destLabel: p.dest.label,
    watch: p.schedule.watch,
    quietSeconds: p.schedule.quietSeconds || 60,
    dailyOn: !!p.schedule.daily,
    daily: p.schedule.daily || '18:30',
  };
}

/** fromForm is the plan SavePlan gets: the edited one, or a new one of this PC. */
export function fromForm(v: PlanForm, base: BackupPlan | undefined, device: string, deviceName: string): BackupPlan {
  // Go decodes the times as time.Time: a new plan sends Go's zero time, never "".
  const zero = '0001-01-01T00:00:00Z';
  const emptyState = { lastRun: zero, lastSuccess: zero, nextRun: zero, daysSince: -1, level: 'none', result: '' };
  return {
    id: base?.id ?? '',
    name: v.name.trim(),
    device: base?.device ?? device,
    deviceName: base?.deviceName ?? deviceName,
    mine: true,
    vault: !!v.vault,
    sources: (v.sources ?? []).filter((s) => s?.path?.trim()).map((s) => ({ path: s.path.trim(), excludes: s.excludes ?? [] })),
    excludes: v.excludes ?? [],
    dest: { ...(base?.dest ?? { id: '', volumeId: '', present: false }), path: v.destPath.trim(), label: v.destLabel.trim() },
    schedule: { watch: !!v.watch, quietSeconds: v.watch ? Number(v.quietSeconds) || 60 : 0, daily: v.dailyOn ? v.daily.trim() : '' },
    state: base?.state ?? (emptyState as BackupPlan['state']),
  };
}

/**
 * PlansTab is the area's 設定: this PC's plans (sources with excludes, the
 * destination, the schedule), which only administrators add or change, and
 * the other PCs' plans read-only.
 */
export function PlansTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const overview = useBackup((s) => s.overview);
  const deletePlan = useBackup((s) => s.deletePlan);
  const [editing, setEditing] = useState<BackupPlan | 'new'>();
  if (!overview) return null;
  const mine = overview.plans.filter((p) => p.mine);
  const others = overview.plans.filter((p) => !p.mine);
  const remove = async (id: string) => {
    const err = await deletePlan(id);
    if (err) void message.error(backupError(t, err));
    else void message.success(t('backup.plan.deleted'));
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="backup-plans">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Typography.Text type="secondary">{overview.canManage ? t('backup.plan.intro') : t('backup.plan.readOnly')}</Typography.Text>
        {overview.canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="backup-plan-add">
            {t('backup.plan.add')}
          </Button>
        )}
      </div>
      {mine.length === 0 && <Empty description={t('backup.plan.none', { pc: overview.deviceName })} />}
      {mine.map((p) => (
        <Card
          key={p.id}
          size="small"
          data-testid="backup-plan"
          title={
            <Space>
              {p.name}
              <LevelTag level={p.state.level} />
            </Space>
          }
          extra={
            overview.canManage && (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid="backup-plan-edit">
                  {t('backup.plan.edit')}
                </Button>
                <Popconfirm title={t('backup.plan.deleteConfirm')} description={t('backup.plan.deleteHelp')} okButtonProps={{ danger: true }} okText={t('backup.plan.delete')} onConfirm={() => remove(p.id)}>
                  <Button size="small" danger icon={<DeleteOutlined />} data-testid="backup-plan-delete">
                    {t('backup.plan.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            )
          }
        >
          <PlanSummary plan={p} />
        </Card>
      ))}
      {others.length > 0 && <OtherPlans plans={others} />}
      <Drawer
        open={!!editing}
        size={640}
        destroyOnHidden
        title={editing === 'new' ? t('backup.plan.addTitle') : t('backup.plan.editTitle')}
        onClose={() => setEditing(undefined)}
      >
        {editing && <PlanEditor base={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />}
      </Drawer>
    </Space>
  );
}

/** PlanSummary shows what a plan backs up, where and when. */
function PlanSummary({ plan }: { plan: BackupPlan }) {
  const { t } = useTranslation();
  const s = plan.schedule;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <div>
        <Typography.Text type="secondary">{t('backup.status.sources')}: </Typography.Text>
        {plan.vault && <Tag color="blue">{t('backup.plan.vaultSource')}</Tag>}
        {plan.sources.map((src) => (
          <div key={src.path} data-testid="backup-plan-source">
            {src.path}
            {(src.excludes ?? []).map((x) => (
              <Tag key={x} style={{ marginInlineStart: 6 }}>
                {t('backup.plan.excludeTag', { pattern: x })}
              </Tag>
            ))}
          </div>
        ))}
      </div>
      {(plan.excludes ?? []).length > 0 && (
        <div>
          <Typography.Text type="secondary">{t('backup.plan.excludes')}: </Typography.Text>
          {plan.excludes.map((x) => (
            <Tag key={x}>{x}</Tag>
          ))}
        </div>
      )}
      <div>
        <Typography.Text type="secondary">{t('backup.status.dest')}: </Typography.Text>
        <DestBadge plan={plan} /> <Typography.Text type="secondary">{plan.dest.path}</Typography.Text>
      </div>
      <div>
        <Typography.Text type="secondary">{t('backup.plan.schedule')}: </Typography.Text>
        {[s.watch ? t('backup.plan.watchText', { count: s.quietSeconds }) : '', s.daily ? t('backup.plan.dailyText', { time: s.daily }) : ''].filter(Boolean).join(t('backup.plan.and')) || t('backup.plan.manualOnly')}
      </div>
    </Space>
  );
}

/** PlanEditor is the form of a plan of this PC (administrators). */
function PlanEditor({ base, onDone }: { base?: BackupPlan; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const overview = useBackup((s) => s.overview)!;
  const savePlan = useBackup((s) => s.savePlan);
  const [form] = Form.useForm<PlanForm>();
  const watch = Form.useWatch('watch', form);
  const dailyOn = Form.useWatch('dailyOn', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const submit = async (v: PlanForm) => {
    setBusy(true);
    setError(undefined);
    const r = await savePlan(fromForm(v, base, overview.device, overview.deviceName));
    setBusy(false);
    if (r.error) setError(r.error);
    else {
      void message.success(t('backup.plan.saved'));
      onDone();
    }
  };
  const tags = (testid: string) => <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', '、']} placeholder={t('backup.plan.excludePlaceholder')} data-testid={testid} />;

  return (
    <Form<PlanForm> form={form} layout="vertical" requiredMark={false} initialValues={toForm(base)} onFinish={(v) => void submit(v)} data-testid="backup-plan-form">
      <Form.Item name="name" label={t('backup.plan.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <Input placeholder={t('backup.plan.namePlaceholder')} data-testid="backup-plan-name" />
      </Form.Item>
      <Divider titlePlacement="start">{t('backup.status.sources')}</Divider>
      <Form.Item name="vault" valuePropName="checked" extra={t('backup.plan.vaultHelp')}>
        <Checkbox data-testid="backup-plan-vault">{t('backup.plan.vaultSource')}</Checkbox>
      </Form.Item>
      <Form.List name="sources">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card key={f.key} size="small" style={{ marginBottom: 12 }} data-testid="backup-plan-source-row">
                <Form.Item name={[f.name, 'path']} label={t('backup.plan.folder')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
                  <FolderField purpose="source" testid={`backup-plan-source-${i}`} placeholder={t('backup.plan.folderPlaceholder')} />
                </Form.Item>
                <Form.Item name={[f.name, 'excludes']} label={t('backup.plan.sourceExcludes')} style={{ marginBottom: 8 }}>
                  {tags(`backup-plan-source-${i}-excludes`)}
                </Form.Item>
                <Button size="small" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)}>
                  {t('backup.plan.removeFolder')}
                </Button>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ path: '', excludes: [] })} data-testid="backup-plan-add-source" style={{ marginBottom: 16 }}>
              {t('backup.plan.addFolder')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="excludes" label={t('backup.plan.excludes')} extra={t('backup.plan.excludesHelp')}>
        {tags('backup-plan-excludes')}
      </Form.Item>
      <Divider titlePlacement="start">{t('backup.status.dest')}</Divider>
      <Form.Item name="destPath" label={t('backup.plan.destPath')} extra={t('backup.plan.destHelp')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
        <FolderField purpose="destination" testid="backup-plan-dest" placeholder={t('backup.plan.destPlaceholder')} />
      </Form.Item>
      <Form.Item name="destLabel" label={t('backup.plan.destLabel')}>
        <Input placeholder={t('backup.plan.destLabelPlaceholder')} data-testid="backup-plan-dest-label" />
      </Form.Item>
      <Divider titlePlacement="start">{t('backup.plan.schedule')}</Divider>
      <Space align="start" wrap>
        <Form.Item name="watch" valuePropName="checked" label={t('backup.plan.watch')}>
          <Switch data-testid="backup-plan-watch" />
        </Form.Item>
        <Form.Item name="quietSeconds" label={t('backup.plan.quiet')} extra={t('backup.plan.quietHelp')}>
          <InputNumber min={5} max={3600} disabled={!watch} suffix={t('backup.plan.seconds')} data-testid="backup-plan-quiet" />
        </Form.Item>
      </Space>
      <Space align="start" wrap>
        <Form.Item name="dailyOn" valuePropName="checked" label={t('backup.plan.daily')}>
          <Switch data-testid="backup-plan-daily-on" />
        </Form.Item>
        <Form.Item
          name="daily"
          label={t('backup.plan.dailyTime')}
          rules={[{ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, message: t('backup.plan.timeFormat') }]}
          extra={t('backup.plan.dailyHelp')}
        >
          <Input disabled={!dailyOn} style={{ width: 100 }} placeholder="18:30" data-testid="backup-plan-daily" />
        </Form.Item>
      </Space>
      {error && <Alert type="error" showIcon title={backupError(t, error)} style={{ marginBottom: 16 }} data-testid="backup-plan-error" />}
      <Space>
        <Button onClick={onDone} disabled={busy}>
          {t('form.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="backup-plan-save">
          {t('backup.plan.save')}
        </Button>
      </Space>
    </Form>
  );
}
