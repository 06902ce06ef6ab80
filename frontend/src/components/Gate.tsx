import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useVault } from '../stores/vault';
import { errorText } from '../i18n';
import { Shell } from './Shell';
import { SetupWizard } from '../views/setup/SetupWizard';
import { VaultPicker } from '../views/setup/VaultPicker';
import { LoginView } from '../views/LoginView';

/**
 * Gate picks the screen from the vault's phase: the first-run wizard
 * (setup, or while a new vault's recovery sheet waits to be confirmed), the
 * vault picker (choose), the login screen (locked) or the shell (open).
 */
export function Gate() {
  const { t } = useTranslation();
  const state = useVault((s) => s.state);
  const loadError = useVault((s) => s.loadError);
  const sheet = useVault((s) => s.sheet);
  const wizard = useVault((s) => s.wizard);
  const picking = useVault((s) => s.picking);
  if (!state) {
    if (loadError) return <Result status="warning" title={t('gate.unavailable')} subTitle={errorText(t, loadError)} data-testid="gate-error" />;
    return (
      <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" description={t('app.loading')} />
      </div>
    );
  }
  if (sheet || wizard || state.phase === 'setup') return <SetupWizard />;
  if (picking || state.phase === 'choose') return <VaultPicker />;
  if (state.phase === 'locked') return <LoginView />;
  return <Shell />;
}
