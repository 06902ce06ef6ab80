import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Area } from '../stores/nav';

/** The areas whose capability has not shipped yet. */
export type ComingArea = Exclude<Area, 'settings' | 'users' | 'vault' | 'clients' | 'mynumber' | 'audit' | 'backup'>;

/**
 * ComingSoonView stands in for an area whose capability has not shipped yet.
 * It says so plainly and describes what the area will do; it offers no
 * buttons that pretend to work.
 */
export function ComingSoonView({ area, icon }: { area: ComingArea; icon: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Result
      data-testid={`area-${area}`}
      icon={icon}
      title={t(`areas.${area}.title`)}
      subTitle={t('areas.comingTitle')}
      extra={<Typography.Paragraph style={{ maxWidth: 560, margin: '0 auto' }}>{t(`areas.${area}.about`)}</Typography.Paragraph>}
    />
  );
}
