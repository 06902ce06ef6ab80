import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Form, Modal, Select, Space, Typography } from 'antd';
import { CopyOutlined, EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../bridge';
import { useClients } from '../stores/clients';
import { errorText } from '../i18n';

const mono = '"Consolas", "BIZ UDGothic", "Courier New", monospace';

/** The one clipboard clearing pending, whichever row copied: it outlives the row. */
let clipboardTimer: ReturnType<typeof setTimeout> | undefined;

/** group writes 12 digits as the masked form is laid out: 1234 5678 9018. */
function group(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export interface NumberRevealProps {
  client: string;
  person: string;
  /** The masked number as Go gives it: "**** **** 9018". */
  masked: string;
  /** The purposes recorded at acquisition; a reveal must name one. */
  purposes: string[];
}

/**
 * NumberReveal shows a My Number masked, and on request, for one of the
 * purposes recorded at acquisition, the 12 digits for a few seconds with a
 * countdown. The digits live only in this component's state: never in a
 * store, storage or the console, and they go when the time is up, on
 * 「隠す」 or when the row goes away. A copy is wiped from the clipboard
 * after a few seconds.
 */
export function NumberReveal({ client, person, masked, purposes }: NumberRevealProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reveal = useClients((s) => s.reveal);
  const conceal = useClients((s) => s.conceal);
  const copied = useClients((s) => s.copied);
  const revealSeconds = useClients((s) => s.revealSeconds);
  const clipboardSeconds = useClients((s) => s.clipboardSeconds);
  const [digits, setDigits] = useState<string>();
  const [remaining, setRemaining] = useState(0);
  const [choosing, setChoosing] = useState(false);
  const [purpose, setPurpose] = useState<string | undefined>(purposes[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();
  const timers = useRef<{ tick?: ReturnType<typeof setInterval>; end?: ReturnType<typeof setTimeout> }>({});

  const stop = () => {
    clearInterval(timers.current.tick);
    clearTimeout(timers.current.end);
    timers.current = {};
  };
  const shown = useRef(false);
  const hide = () => {
    stop();
    setDigits(undefined);
    setRemaining(0);
    if (shown.current) {
      shown.current = false;
      conceal();
    }
  };
  useEffect(() => hide, []); // eslint-disable-line react-hooks/exhaustive-deps

  const show = async () => {
    if (!purpose) return;
    setBusy(true);
    setError(undefined);
    const r = await reveal(client, person, purpose);
    setBusy(false);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    setChoosing(false);
    stop();
    if (shown.current) conceal(); // a second reveal replaces the first
    shown.current = true;
    setDigits(r.digits);
    const deadline = Date.now() + revealSeconds * 1000;
    setRemaining(revealSeconds);
    timers.current.tick = setInterval(() => setRemaining(Math.max(0, Math.ceil((deadline - Date.now()) / 1000))), 1000);
    timers.current.end = setTimeout(hide, revealSeconds * 1000);
  };

  const copy = async () => {
    if (!digits) return;
    try {
      await navigator.clipboard.writeText(digits);
    } catch {
      void message.error(t('number.copyFailed'));
      return;
    }
    // The copy is logged; if the log refuses, the copy does not stay.
    const err = await copied(client, person, purpose ?? '');
    if (err) {
      await navigator.clipboard.writeText('').catch(() => undefined);
      void message.error(errorText(t, err));
      return;
    }
    void message.info(t('number.copied', { seconds: clipboardSeconds }));
    clearTimeout(clipboardTimer);
    clipboardTimer = setTimeout(() => {
      clipboardTimer = undefined;
      navigator.clipboard.writeText('').catch(() => {
        // the window lost focus: the browser refuses; nothing more can be done here
      });
    }, clipboardSeconds * 1000);
  };

  return (
    <Space size={4} wrap>
      {digits ? (
        <>
          <Typography.Text strong style={{ fontFamily: mono, letterSpacing: 1 }} data-testid="number-revealed">
            {group(digits)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="number-countdown">
            {t('number.remaining', { seconds: remaining })}
          </Typography.Text>
          <Button size="small" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="number-copy">
            {t('number.copy')}
          </Button>
          <Button size="small" icon={<EyeInvisibleOutlined />} onClick={hide} data-testid="number-hide">
            {t('number.hide')}
          </Button>
        </>
      ) : (
        <>
          <Typography.Text style={{ fontFamily: mono }} data-testid="number-masked">
            {masked}
          </Typography.Text>
          <Button size="small" icon={<EyeOutlined />} onClick={() => setChoosing(true)} disabled={purposes.length === 0} data-testid="number-show">
            {t('number.show')}
          </Button>
        </>
      )}
      <Modal
        open={choosing}
        title={t('number.revealTitle')}
        okText={t('number.revealOk')}
        cancelText={t('form.cancel')}
        confirmLoading={busy}
        okButtonProps={{ disabled: !purpose, ...({ 'data-testid': 'number-reveal-ok' } as object) }}
        onOk={() => void show()}
        onCancel={() => {
          setChoosing(false);
          setError(undefined);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('number.revealIntro')}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={t('number.revealPurpose')}>
            <Select
              value={purpose}
              onChange={setPurpose}
              options={purposes.map((p) => ({ value: p, label: t(`purpose.${p}`) }))}
              data-testid="number-reveal-purpose"
            />
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="number-reveal-error" />}
      </Modal>
    </Space>
  );
}
