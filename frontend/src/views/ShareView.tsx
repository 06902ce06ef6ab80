import { useEffect } from 'react';
import { Alert, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShare, type ShareTab } from '../stores/share';
import { SendTab } from './share/SendTab';
import { OpenTab } from './share/OpenTab';
import { EnvelopesTab } from './share/EnvelopesTab';
import { RegisterTab } from './share/RegisterTab';

/**
 * ShareView is the 共有 area: packages to clients (送る), opening packages
 * and clients' returns (受け取る・開く), return envelopes (返信用封筒) and the
 * register of everything sent and received (送受信台帳). Long steps are jobs
 * with a progress bar and a cancel button here and in the status bar.
 */
export function ShareView() {
  const { t } = useTranslation();
  const tab = useShare((s) => s.tab);
  const setTab = useShare((s) => s.setTab);
  const start = useShare((s) => s.start);

  useEffect(() => start(), [start]);

  const tabs: Array<{ key: ShareTab; label: string; children: React.ReactNode }> = [
    { key: 'send', label: t('share.tab.send'), children: <SendTab /> },
    { key: 'open', label: t('share.tab.open'), children: <OpenTab /> },
    { key: 'envelopes', label: t('share.tab.envelopes'), children: <EnvelopesTab /> },
    { key: 'register', label: t('share.tab.register'), children: <RegisterTab /> },
  ];

  return (
    <div data-testid="area-share" style={{ maxWidth: 1200 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('share.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 820 }}>
        {t('share.intro')}
      </Typography.Paragraph>
      <Alert type="info" showIcon title={t('share.honesty')} style={{ marginBottom: 12, maxWidth: 820 }} data-testid="share-honesty" />
      <Tabs activeKey={tab} onChange={(k) => setTab(k as ShareTab)} items={tabs} data-testid="share-tabs" />
    </div>
  );
}
