import { Typography } from 'antd';
import { LanguageSwitch } from './LanguageSwitch';

/**
 * CenteredPage is the full-window frame of the screens before the shell:
 * the first-run wizard, the vault picker and the login screen.
 */
export function CenteredPage({ children, width = 640, testid }: { children: React.ReactNode; width?: number; testid?: string }) {
  return (
    <div className="kinko-centered" data-testid={testid} style={{ minHeight: '100vh', background: '#f6f3ee', display: 'flex', flexDirection: 'column' }}>
      <div className="kinko-no-print" style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '14px 24px' }}>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }} data-testid="brand">
          <Typography.Title level={3} style={{ margin: 0, color: '#7a1f1f' }}>
            金庫
          </Typography.Title>
          <Typography.Text type="secondary">Kinko</Typography.Text>
        </div>
        <LanguageSwitch />
      </div>
      <div style={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', padding: '8px 24px 48px' }}>
        <div style={{ width: '100%', maxWidth: width }}>{children}</div>
      </div>
    </div>
  );
}
