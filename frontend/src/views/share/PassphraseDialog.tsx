import { useEffect } from 'react';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { CheckOutlined, CopyOutlined, PhoneOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShare } from '../../stores/share';
import { useVault } from '../../stores/vault';
import { expiryText, wordGroups } from './format';

const mono = '"Consolas", "BIZ UDGothic", "Courier New", monospace';

/**
 * PassphraseDialog shows a new package's passphrase, once: big words in
 * groups, their kana to read out on the phone, copy (the clipboard is wiped
 * after a countdown) and print (a sheet of its own). Closing it drops the
 * passphrase from memory; while it is open the window is kept out of screen
 * capture. Elements that show the passphrase carry data-secret.
 */
export function PassphraseDialog({ recipient, client }: { recipient: string; client: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const created = useShare((s) => s.created);
  const shown = useShare((s) => s.passphraseShown);
  const close = useShare((s) => s.closePassphrase);
  const copy = useShare((s) => s.copyPassphrase);
  const left = useShare((s) => s.clipboardLeft);
  const office = useVault((s) => s.state?.vault?.name ?? '');

  useEffect(() => {
    if (created) shown();
  }, [created, shown]);

  if (!created) return null;
  const words = wordGroups(created.passphrase);
  const kana = created.kana ?? [];
  const files = created.files ?? [];
  const packageName = files.map((f) => f.split(/[\\/]/).pop()).join('、');
  const expires = expiryText(created.expires, i18n.language);

  const onCopy = async () => {
    if (await copy()) void message.info(t('share.pass.copied', { seconds: 15 }));
    else void message.error(t('share.pass.copyFailed'));
  };

  return (
    <Modal
      open
      width={720}
      title={t('share.pass.title')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={
        <Space className="kinko-no-print" wrap>
          <Button icon={<CopyOutlined />} onClick={() => void onCopy()} data-testid="share-pass-copy">
            {left > 0 ? t('share.pass.copyAgain') : t('share.pass.copy')}
          </Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="share-pass-print">
            {t('share.pass.print')}
          </Button>
          <Button type="primary" icon={<CheckOutlined />} onClick={close} data-testid="share-pass-close">
            {t('share.pass.close')}
          </Button>
        </Space>
      }
    >
      <div className="kinko-no-print" data-testid="share-pass-dialog">
        <Alert type="warning" showIcon title={t('share.pass.once')} style={{ marginBottom: 16 }} />
        <div
          data-secret
          data-testid="share-pass-words"
          aria-label={t('share.pass.label')}
          style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 14px', padding: '16px 18px', background: '#fcfaf6', border: '1px solid #d9cfc1', borderRadius: 8 }}
        >
          {words.map((w, i) => (
            <span key={i} style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'center' }}>
              <span style={{ fontFamily: mono, fontSize: 26, fontWeight: 600, letterSpacing: 1 }} data-testid="share-pass-word">
                {w}
              </span>
              {kana[i] && (
                <span style={{ fontSize: 14, color: '#6b5a45' }} data-testid="share-pass-kana">
                  {kana[i]}
                </span>
              )}
            </span>
          ))}
        </div>
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
          {t('share.pass.hyphens')}
        </Typography.Text>
        {left > 0 && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }} data-testid="share-pass-countdown">
            {t('share.pass.clipboardLeft', { seconds: left })}
          </Typography.Text>
        )}
        <Alert type="info" showIcon icon={<PhoneOutlined />} title={t('share.pass.channel')} description={t('share.pass.channelHelp')} style={{ margin: '16px 0' }} />
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('share.pass.expires')}：<Typography.Text strong>{expires}</Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 4 }}>{t('share.pass.saved')}</Typography.Paragraph>
        <ul style={{ marginTop: 0 }} data-testid="share-pass-files">
          {files.map((f) => (
            <li key={f}>
              <Typography.Text code copyable={{ text: f }}>
                {f}
              </Typography.Text>
            </li>
          ))}
        </ul>
      </div>
      {/* Printing while the dialog is open prints the sheet only: the window's own content is left out. */}
      <style>{'@media print { #root { display: none !important; } }'}</style>
      {/* The printed sheet: only printing shows it (global.css). */}
      <div className="kinko-print-sheet kinko-print-only" data-testid="share-pass-sheet">
        <h2 style={{ marginTop: 0 }}>{t('share.sheet.title')}</h2>
        <table style={{ borderCollapse: 'collapse', width: '100%', fontSize: 14 }}>
          <tbody>
            {[
              [t('share.sheet.office'), office],
              [t('share.sheet.to'), client ? `${client}　${recipient}` : recipient],
              [t('share.sheet.package'), packageName],
              [t('share.sheet.expires'), expires],
            ].map(([k, v]) => (
              <tr key={k}>
                <th style={{ textAlign: 'left', padding: '6px 12px 6px 0', width: '30%' }}>{k}</th>
                <td style={{ padding: '6px 0' }}>{v}</td>
              </tr>
            ))}
            <tr>
              <th style={{ textAlign: 'left', padding: '6px 12px 6px 0', verticalAlign: 'top' }}>{t('share.sheet.passphrase')}</th>
              <td style={{ padding: '6px 0' }} data-secret>
                <div style={{ fontFamily: mono, fontSize: 22, fontWeight: 600 }}>{words.join(' - ')}</div>
                <div style={{ fontSize: 14 }}>{kana.join('・')}</div>
              </td>
            </tr>
          </tbody>
        </table>
        <h3>{t('share.sheet.howTitle')}</h3>
        <ol style={{ fontSize: 14 }}>
          <li>{t('share.sheet.how1')}</li>
          <li>{t('share.sheet.how2')}</li>
          <li>{t('share.sheet.how3')}</li>
        </ol>
        <p style={{ fontSize: 12 }}>{t('share.sheet.note')}</p>
      </div>
    </Modal>
  );
}
