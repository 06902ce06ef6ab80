import { Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useBackup } from '../../stores/backup';

/** PlanPicker chooses the plan of this PC the history, restore and verify tabs show. */
export function PlanPicker() {
  const { t } = useTranslation();
  const all = useBackup((s) => s.overview?.plans);
  const plans = (all ?? []).filter((p) => p.mine);
  const plan = useBackup((s) => s.plan);
  const selectPlan = useBackup((s) => s.selectPlan);
  if (plans.length <= 1) return null;
  return (
    <Space style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('backup.planPicker')}</Typography.Text>
      <Select value={plan} onChange={selectPlan} style={{ minWidth: 240 }} options={plans.map((p) => ({ value: p.id, label: p.name }))} data-testid="backup-plan-picker" />
    </Space>
  );
}
