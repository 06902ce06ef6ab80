import { Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RecoverySheet } from '../bridge';
import { formatDate } from '../format/wareki';
import { QrCode } from './QrCode';

/**
 * RecoverySheetView is the printable recovery sheet: the office, the vault
 * id, the date, the key in groups and as a QR code, and what to do with it.
 * Printing shows this element only (global.css). The key is rendered and
 * nothing else: it is never copied to storage, the console or a log.
 */
export function RecoverySheetView({ sheet }: { sheet: RecoverySheet }) {
  const { t, i18n } = useTranslation();
  const created = sheet.created ? new Date(sheet.created) : new Date();
  return (
    <div className="kinko-print-sheet" data-testid="recovery-sheet" style={{ border: '1px solid #d9cfc1', borderRadius: 8, padding: 24, background: '#fff' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('sheet.title')}
      </Typography.Title>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('sheet.office')}>
          <span data-testid="recovery-office">{sheet.vaultName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sheet.vaultId')}>
          <Typography.Text code>{sheet.vaultId}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('sheet.created')}>
          <span data-testid="recovery-date">{formatDate(created, i18n.language)}</span>
        </Descriptions.Item>
      </Descriptions>
      <div style={{ display: 'flex', gap: 24, alignItems: 'center', flexWrap: 'wrap' }}>
        <div
          data-testid="recovery-groups"
          aria-label={t('sheet.key')}
          style={{
            flex: '1 1 300px',
            display: 'grid',
            gridTemplateColumns: 'repeat(4, max-content)',
            gap: '8px 18px',
            fontFamily: '"Consolas", "BIZ UDGothic", "Courier New", monospace',
            fontSize: 22,
            letterSpacing: 2,
            padding: '12px 16px',
            background: '#faf8f4',
            border: '1px dashed #b08d57',
            borderRadius: 6,
          }}
        >
          {sheet.groups.map((g, i) => (
            <span key={i} data-testid="recovery-group">
              {g}
            </span>
          ))}
        </div>
        <QrCode svg={sheet.qrSvg} />
      </div>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t('sheet.whatFor')}
      </Typography.Title>
      <ul style={{ marginTop: 0, paddingLeft: 20 }}>
        <li>{t('sheet.use1')}</li>
        <li>{t('sheet.use2')}</li>
        <li>{t('sheet.use3')}</li>
      </ul>
      <Typography.Title level={5}>{t('sheet.howToKeep')}</Typography.Title>
      <ul style={{ marginTop: 0, paddingLeft: 20 }}>
        <li>{t('sheet.keep1')}</li>
        <li>{t('sheet.keep2')}</li>
        <li>
          <Typography.Text strong type="danger">
            {t('sheet.keep3')}
          </Typography.Text>
        </li>
      </ul>
    </div>
  );
}
