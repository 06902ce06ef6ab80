import { Alert, Button, Tooltip } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useVault } from '../stores/vault';
import { errorText } from '../i18n';
import { useSubmit } from './useSubmit';

/**
 * LeaveDemoButton closes the demo vault and goes back to the start screen,
 * where the office creates or joins its real vault.
 */
export function LeaveDemoButton({ type = 'default' }: { type?: 'default' | 'primary' | 'link' }) {
  const { t } = useTranslation();
  const leaveDemo = useVault((s) => s.leaveDemo);
  const { busy, error, submit } = useSubmit(() => leaveDemo());
  return (
    <>
      <Tooltip title={t('setup.leaveDemoHelp')}>
        <Button type={type} icon={<LogoutOutlined />} loading={busy} onClick={() => void submit(undefined)} data-testid="demo-leave">
          {t('setup.leaveDemo')}
        </Button>
      </Tooltip>
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginTop: 8 }} />}
    </>
  );
}

/** DemoBanner says, above every screen of the demo vault, that it is the demo, with the way out. */
export function DemoBanner() {
  const { t } = useTranslation();
  const demo = useVault((s) => !!s.state?.demoPassword);
  if (!demo) return null;
  return <Alert type="warning" showIcon banner title={t('setup.demoBanner')} action={<LeaveDemoButton />} data-testid="demo-banner" />;
}
