import { useEffect } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import jaJP from 'antd/locale/ja_JP';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/ja';
import { Gate } from './components/Gate';
import { JobNotifier } from './components/JobNotifier';
import { useSettings } from './stores/settings';
import { useSystem } from './stores/system';
import { useJobs } from './stores/jobs';
import { useVault } from './stores/vault';
import { useAudit } from './stores/audit';
import { useBackup } from './stores/backup';
import { theme } from './theme';


export default function App() {
  const lang = useSettings((s) => s.lang);
  const loadSystem = useSystem((s) => s.load);
  const startJobs = useJobs((s) => s.start);
  const startVault = useVault((s) => s.start);
  const startAudit = useAudit((s) => s.start);
  const startBackup = useBackup((s) => s.start);

  useEffect(() => {
    void loadSystem();
    const stopJobs = startJobs();
    const stopVault = startVault();
    const stopAudit = startAudit();
    const stopBackup = startBackup();
    return () => {
      stopJobs();
      stopVault();
      stopAudit();
      stopBackup();
    };
  }, [loadSystem, startJobs, startVault, startAudit, startBackup]);

  useEffect(() => {
    dayjs.locale(lang === 'ja' ? 'ja' : 'en');
  }, [lang]);

  return (
    <ConfigProvider locale={lang === 'ja' ? jaJP : enUS} theme={theme}>
      <AntApp>
        <JobNotifier />
        <Gate />
      </AntApp>
    </ConfigProvider>
  );
}
