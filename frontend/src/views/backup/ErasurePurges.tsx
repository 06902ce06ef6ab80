import { useEffect } from 'react';
import { Space, Tag, Typography } from 'antd';
import { CheckOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useBackup } from '../../stores/backup';
import { backupError, backupTime } from './format';

/**
 * ErasurePurges is, in the 廃棄記録, where an approved erasure stands at each
 * backup destination: "purged on …" or "pending" (an absent drive gets the
 * purge when it is next attached).
 */
export function ErasurePurges({ erasure }: { erasure: string }) {
  const { t, i18n } = useTranslation();
  const state = useBackup((s) => s.purges[erasure]);
  const load = useBackup((s) => s.loadPurges);
  useEffect(() => {
    void load(erasure);
  }, [erasure, load]);
  if (!state) return null;
  if (state.error) return <Typography.Text type="secondary">{backupError(t, state.error)}</Typography.Text>;
  const list = state.list ?? [];
  if (list.length === 0) return <Typography.Text type="secondary">{t('backup.purge.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} data-testid="erasure-purges">
      {list.map((p) =>
        p.pending ? (
          <Tag key={p.dest} color="gold" icon={<ClockCircleOutlined />} data-testid="erasure-purge" data-pending="true">
            {t('backup.purge.pending', { label: p.label || p.dest })}
          </Tag>
        ) : (
          <Tag key={p.dest} color="green" icon={<CheckOutlined />} data-testid="erasure-purge" data-pending="false">
            {t('backup.purge.purged', { label: p.label || p.dest, time: backupTime(p.purged, i18n.language) })}
          </Tag>
        ),
      )}
    </Space>
  );
}
