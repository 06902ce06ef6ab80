import { Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { minPasswordLength, passwordStrength } from '../format/password';

const steps = { short: 0, weak: 1, fair: 2, strong: 3 } as const;
const colors = { short: '#d9d9d9', weak: '#cf1322', fair: '#d48806', strong: '#389e0d' } as const;

/** PasswordStrength is the hint under a new password field; personal as in PasswordFields. */
export function PasswordStrength({ value, personal = [] }: { value: string; personal?: string[] }) {
  const { t } = useTranslation();
  const s = passwordStrength(value, personal);
  const left = minPasswordLength - [...value].length;
  return (
    <div data-testid="password-strength" style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 4 }}>
      <Progress steps={3} percent={(steps[s] / 3) * 100} showInfo={false} size={[28, 6]} strokeColor={colors[s]} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {s === 'short' ? t('password.short', { count: left, min: minPasswordLength }) : t(`password.${s}`)}
      </Typography.Text>
    </div>
  );
}
