import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { FolderOpenOutlined, InboxOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ShareConflict } from '../../bridge';
import { useShare } from '../../stores/share';
import { useClients } from '../../stores/clients';
import { JobProgress } from '../../components/JobProgress';
import { backupTime, sizeText } from '../backup/format';
import { expiryText, shareError } from './format';

/** looksReturned says whether a file's name is a return package's (「…_返送_YYYYMMDD-HHMM.age」). */
export function looksReturned(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return /_返送_|_return_/i.test(name);
}

/**
 * OpenTab is 受け取る・開く: a package from the office's or another Kinko
 * (with its passphrase) or a client's return package (made with a return
 * envelope: no passphrase; it is filed under its client). Existing files are
 * never overwritten without asking.
 */
export function OpenTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const open = useShare((s) => s.open);
  const choosePackage = useShare((s) => s.choosePackage);
  const chooseFolder = useShare((s) => s.chooseFolder);
  const setPackage = useShare((s) => s.setPackage);
  const startOpen = useShare((s) => s.startOpen);
  const clearOpen = useShare((s) => s.clearOpen);
  const clients = useClients((s) => s.list);
  const [passphrase, setPassphrase] = useState('');
  const [target, setTarget] = useState('');
  const [conflict, setConflict] = useState<ShareConflict>('keep_both');
  const running = !!open.job;
  const returned = open.result ? open.result.manifest.kind === 'return' : open.path !== '' && looksReturned(open.path);

  const go = async (c: ShareConflict) => {
    const err = await startOpen(passphrase, target.trim(), c);
    if (err && err.code !== 'share.exists') void message.error(shareError(t, err));
  };

  const pickPackage = async () => {
    const err = await choosePackage(i18n.language);
    if (err) void message.error(shareError(t, err));
  };

  const pickTarget = async () => {
    const r = await chooseFolder('open', i18n.language);
    if (r.error) void message.error(shareError(t, r.error));
    else if (r.path) setTarget(r.path);
  };

  const r = open.status === 'ok' ? open.result : undefined;
  // The passphrase goes once the package is open.
  // The outcome is below the form: bring it into view when it arrives.
  const outcome = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (r) setPassphrase('');
    if (open.status || open.exists) outcome.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [r, open.status, open.exists]);
  const m = r?.manifest;
  const filedUnder = r?.client ? (clients.find((c) => c.id === r.client)?.name ?? r.client) : '';

  return (
    <div data-testid="share-open" style={{ maxWidth: 900 }}>
      <Form layout="vertical" onFinish={() => void go('')}>
        <Form.Item label={t('share.open.package')} required>
          <div style={{ ['--wails-drop-target' as string]: 'drop', border: '1px dashed #c9b99a', borderRadius: 8, padding: 12, background: '#fcfaf6' }} data-testid="share-open-drop">
            <Space.Compact style={{ width: '100%' }}>
              <Input
                value={open.path}
                onChange={(e) => setPackage(e.target.value)}
                placeholder={t('share.open.packagePlaceholder')}
                disabled={running}
                data-testid="share-open-path"
              />
              <Button icon={<FolderOpenOutlined />} onClick={() => void pickPackage()} disabled={running} data-testid="share-open-choose">
                {t('share.choose')}
              </Button>
            </Space.Compact>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>
              <InboxOutlined /> {t('share.open.drop')}
            </Typography.Text>
          </div>
        </Form.Item>
        {returned ? (
          <Alert type="info" showIcon title={t('share.open.returnRecognised')} style={{ marginBottom: 16 }} data-testid="share-open-return" />
        ) : (
          <Form.Item label={t('share.open.passphrase')} extra={t('share.open.passphraseHelp')}>
            <Input
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              style={{ fontFamily: '"Consolas", "BIZ UDGothic", monospace', fontSize: 16 }}
              disabled={running}
              data-secret
              data-testid="share-open-passphrase"
            />
          </Form.Item>
        )}
        <Form.Item label={t('share.open.target')} extra={returned ? t('share.open.targetReturnHelp') : t('share.open.targetHelp')}>
          <Space.Compact style={{ width: '100%' }}>
            <Input value={target} onChange={(e) => setTarget(e.target.value)} placeholder={t('share.open.targetDefault')} disabled={running} data-testid="share-open-target" />
            <Button icon={<FolderOpenOutlined />} onClick={() => void pickTarget()} disabled={running} data-testid="share-open-target-choose">
              {t('share.choose')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<UnlockOutlined />} disabled={!open.path || running} data-testid="share-open-go">
            {returned ? t('share.open.receive') : t('share.open.open')}
          </Button>
          {(open.status || open.path) && !running && (
            <Button onClick={clearOpen} data-testid="share-open-clear">
              {t('share.open.another')}
            </Button>
          )}
        </Space>
      </Form>

      <div ref={outcome} style={{ marginTop: 16 }}>
        {open.job && <JobProgress id={open.job} testid="share-open" />}
        {open.status === 'canceled' && <Alert type="info" showIcon title={t('share.open.canceled')} data-testid="share-open-canceled" />}
        {open.exists && open.exists.length >= 0 && open.error?.code === 'share.exists' && (
          <Alert
            type="warning"
            showIcon
            title={t('share.open.exists')}
            data-testid="share-open-exists"
            description={
              <Space orientation="vertical">
                {open.exists.length > 0 && (
                  <ul style={{ margin: 0 }}>
                    {open.exists.slice(0, 20).map((f) => (
                      <li key={f}>{f}</li>
                    ))}
                    {open.exists.length > 20 && <li>{t('share.open.more', { count: open.exists.length - 20 })}</li>}
                  </ul>
                )}
                <Radio.Group value={conflict} onChange={(e) => setConflict(e.target.value as ShareConflict)} data-testid="share-open-conflict">
                  <Radio value="keep_both">{t('share.open.conflict.keep_both')}</Radio>
                  <Radio value="overwrite">{t('share.open.conflict.overwrite')}</Radio>
                  <Radio value="skip">{t('share.open.conflict.skip')}</Radio>
                </Radio.Group>
                <Button type="primary" onClick={() => void go(conflict)} data-testid="share-open-continue">
                  {t('share.open.continue')}
                </Button>
              </Space>
            }
          />
        )}
        {open.status === 'failed' && open.error && open.error.code !== 'share.exists' && (
          <Alert type="error" showIcon title={shareError(t, open.error)} data-testid="share-open-error" />
        )}
        {r && m && (
          <Card
            title={
              <Space>
                {m.kind === 'return' ? <Tag color="blue">{t('share.direction.in')}</Tag> : <Tag color="gold">{t('share.open.package')}</Tag>}
                {t('share.open.done', { count: (r.written ?? []).length })}
              </Space>
            }
            data-testid="share-open-result"
          >
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('share.open.office')}>{m.office}</Descriptions.Item>
              {m.sender && <Descriptions.Item label={t('share.open.sender')}>{m.sender}</Descriptions.Item>}
              {m.recipient && <Descriptions.Item label={t('share.open.recipient')}>{m.recipient}</Descriptions.Item>}
              {m.message && (
                <Descriptions.Item label={t('share.open.message')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{m.message}</span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('share.open.created')}>{backupTime(m.created, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('share.open.expires')}>{expiryText(m.expires, i18n.language)}</Descriptions.Item>
              {filedUnder && (
                <Descriptions.Item label={t('share.open.filedUnder')}>
                  <span data-testid="share-open-client">{filedUnder}</span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('share.open.where')}>
                <Typography.Text code copyable data-testid="share-open-where">
                  {r.target}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('share.open.files')}>
                <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="share-open-files">
                  {(m.files ?? []).map((f) => (
                    <li key={f.path}>
                      {f.path} <Typography.Text type="secondary">（{sizeText(f.size)}）</Typography.Text>
                      {(r.skipped ?? []).includes(f.path) && <Tag style={{ marginInlineStart: 8 }}>{t('share.open.skipped')}</Tag>}
                    </li>
                  ))}
                </ul>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        )}
      </div>
    </div>
  );
}
