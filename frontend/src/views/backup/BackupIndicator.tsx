import { Alert, Button, Tooltip, Typography } from 'antd';
import { CheckCircleOutlined, CloudServerOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { BackupLevel } from '../../bridge';
import { useBackup } from '../../stores/backup';
import { useNav } from '../../stores/nav';
import { levelColour } from './format';

/**
 * BackupIndicator is the status bar's backup state of this PC: nothing
 * without a plan, a quiet "backed up", or the days since the last backup in
 * a colour that escalates (gold, orange-red, red). A click opens the area.
 */
export function BackupIndicator() {
  const { t } = useTranslation();
  const level = useBackup((s) => (s.overview?.level || 'none') as BackupLevel);
  const days = useBackup((s) => s.overview?.daysSince ?? -1);
  const go = useNav((s) => s.go);
  if (level === 'none') return null;
  const text = level === 'ok' ? t('backup.bar.ok') : days < 0 ? t('backup.bar.never') : t('backup.bar.days', { count: days });
  const icon = level === 'ok' ? <CheckCircleOutlined /> : level === 'notice' ? <CloudServerOutlined /> : <WarningOutlined />;
  return (
    <Tooltip title={t(`backup.bar.help.${level}`)}>
      <Typography.Link onClick={() => go('backup')} data-testid="status-backup" data-level={level}>
        <span style={{ color: levelColour[level], fontWeight: level === 'alert' ? 600 : undefined }}>
          {icon} {text}
        </span>
      </Typography.Link>
    </Tooltip>
  );
}

/**
 * OfficeBackupBanner is one line on the administrator's start screen when
 * any PC of the office has gone a week or more without a backup.
 */
export function OfficeBackupBanner() {
  const { t } = useTranslation();
  const office = useBackup((s) => (s.overview?.canManage ? s.overview.office : 'none')) as BackupLevel;
  const go = useNav((s) => s.go);
  if (office !== 'warning' && office !== 'alert') return null;
  return (
    <Alert
      banner
      type={office === 'alert' ? 'error' : 'warning'}
      title={t(`backup.office.${office}`)}
      action={
        <Button size="small" onClick={() => go('backup')}>
          {t('backup.office.open')}
        </Button>
      }
      data-testid="office-backup-banner"
      data-level={office}
    />
  );
}
