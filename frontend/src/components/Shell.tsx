import { Button, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import {
  AuditOutlined,
  CloudServerOutlined,
  IdcardOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  SettingOutlined,
  SyncOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNav, type Area } from '../stores/nav';
import { useVault } from '../stores/vault';
import { LanguageSwitch } from './LanguageSwitch';
import { StatusBar } from './StatusBar';
import { ComingSoonView } from '../views/ComingSoonView';
import { SettingsView } from '../views/SettingsView';
import { UsersView } from '../views/UsersView';
import { SyncView } from '../views/SyncView';
import { ClientsView } from '../views/ClientsView';
import { MyNumberView } from '../views/MyNumberView';
import { AuditView } from '../views/AuditView';
import { BackupView } from '../views/BackupView';
import { ShareView } from '../views/ShareView';
import { DemoBanner } from './DemoBanner';
import { OfficeBackupBanner } from '../views/backup/BackupIndicator';

const icons: Record<Area, React.ReactNode> = {
  clients: <TeamOutlined />,
  mynumber: <IdcardOutlined />,
  backup: <CloudServerOutlined />,
  share: <SendOutlined />,
  audit: <AuditOutlined />,
  users: <SafetyCertificateOutlined />,
  vault: <SyncOutlined />,
  settings: <SettingOutlined />,
};

function AreaView({ area }: { area: Area }) {
  if (area === 'settings') return <SettingsView />;
  if (area === 'users') return <UsersView />;
  if (area === 'vault') return <SyncView />;
  if (area === 'clients') return <ClientsView />;
  if (area === 'mynumber') return <MyNumberView />;
  if (area === 'audit') return <AuditView />;
  if (area === 'backup') return <BackupView />;
  if (area === 'share') return <ShareView />;
  return <ComingSoonView area={area} icon={<span style={{ fontSize: 64, color: '#b08d57' }}>{icons[area]}</span>} />;
}

/** Shell is the window's frame: side menu of areas, header, content, status bar. */
export function Shell() {
  const { t } = useTranslation();
  const area = useNav((s) => s.area);
  const go = useNav((s) => s.go);
  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Sider width={208} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', display: 'flex', alignItems: 'baseline', gap: 8 }} data-testid="brand">
          <Typography.Title level={3} style={{ margin: 0, color: '#7a1f1f' }}>
            金庫
          </Typography.Title>
          <Typography.Text type="secondary">Kinko</Typography.Text>
        </div>
        <Menu
          data-testid="side-menu"
          mode="inline"
          selectedKeys={[area]}
          onClick={(e) => go(e.key as Area)}
          items={(Object.keys(icons) as Area[]).map((a) => ({ key: a, icon: icons[a], label: t(`menu.${a}`), 'data-testid': `menu-${a}` }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'space-between', alignItems: 'center', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Text strong data-testid="header-title">
            {t(`menu.${area}`)}
          </Typography.Text>
          <Space size="middle">
            <LanguageSwitch />
            <SessionBadge />
          </Space>
        </Layout.Header>
        <DemoBanner />
        {(area === 'clients' || area === 'vault') && <OfficeBackupBanner />}
        <Layout.Content style={{ padding: 24, overflow: 'auto' }}>
          <AreaView area={area} />
        </Layout.Content>
        <Layout.Footer style={{ padding: '6px 16px', background: '#fafafa', borderTop: '1px solid #f0f0f0' }}>
          <StatusBar />
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}

/** SessionBadge is the header's who-is-logged-in and the lock button. */
function SessionBadge() {
  const { t } = useTranslation();
  const user = useVault((s) => s.state?.user);
  const vaultName = useVault((s) => s.state?.vault?.name);
  const lock = useVault((s) => s.lock);
  return (
    <Space size="small">
      <Tooltip title={vaultName}>
        <Typography.Text data-testid="header-user">
          <UserOutlined /> {user?.name}
        </Typography.Text>
      </Tooltip>
      <Tooltip title={t('header.lockHelp')}>
        <Button icon={<LockOutlined />} onClick={() => void lock()} data-testid="header-lock">
          {t('header.lock')}
        </Button>
      </Tooltip>
    </Space>
  );
}
