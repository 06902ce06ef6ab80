import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Modal, Space, Spin, Tag, Typography, theme } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AppError, HeldView } from '../bridge';
import { useVault } from '../stores/vault';
import { errorText, problemText } from '../i18n';
import { formatDateTime } from '../format/wareki';
import { useVirtualRows } from '../components/useVirtualRows';

/**
 * HeldCard lists, for a 責任者, the record edits held because their author's
 * rights were withdrawn concurrently (or refused). One written concurrently
 * with a revocation can be opened and entered again under the 責任者's name.
 */
export function HeldCard({ quarantined }: { quarantined: number }) {
  const { t } = useTranslation();
  const admin = useVault((s) => s.state?.user?.role === 'admin');
  const held = useVault((s) => s.held);
  const error = useVault((s) => s.heldError);
  const load = useVault((s) => s.loadHeld);
  const [opened, setOpened] = useState<string>();
  useEffect(() => {
    if (admin) void load();
  }, [admin, load, quarantined]);
  if (!admin || (held.length === 0 && !error)) return null;
  return (
    <Card title={t('sync.held.title')} data-testid="sync-held">
      {error && <Alert type="error" showIcon title={errorText(t, error)} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('sync.held.help')}</Typography.Paragraph>
      <HeldList held={held} onOpen={setOpened} />
      {opened && <HeldModal op={opened} onClose={() => setOpened(undefined)} />}
    </Card>
  );
}

/** Each held change takes this much height in the list (px): four lines at most. */
const heldRowHeight = 92;

/**
 * HeldList is the held changes as a virtual list: a revocation during a
 * busy day can hold thousands of edits, and only those in view are drawn.
 */
function HeldList({ held, onOpen }: { held: HeldView[]; onOpen: (op: string) => void }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const { scroller, range } = useVirtualRows(held.length, heldRowHeight, 0, 4, 12);
  const rows = [];
  for (let i = range.start; i < range.end; i++) {
    const h = held[i];
    rows.push(
      <div
        key={h.op}
        role="listitem"
        data-testid={`held-${h.op}`}
        style={{ position: 'absolute', top: i * heldRowHeight, left: 0, right: 0, height: heldRowHeight, boxSizing: 'border-box', padding: '8px 16px', display: 'flex', alignItems: 'center', gap: 12, borderBottom: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Space orientation="vertical" size={0} style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text ellipsis>
            <Tag>{t(`sync.held.kind.${h.kind}`, { defaultValue: h.kind })}</Tag>
            {h.label || t('sync.held.unnamed')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[h.author || t('sync.unknownUser'), h.device || t('sync.unknownPc'), formatDateTime(h.time, i18n.language)].join(' ・ ')}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {problemText(t, { kind: 'quarantine', reason: h.reason })}
          </Typography.Text>
          {h.reason === 'concurrent' && !h.open && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('sync.held.noAccess')}
            </Typography.Text>
          )}
        </Space>
        {h.reason === 'concurrent' && h.open && (
          <Button icon={<EyeOutlined />} onClick={() => onOpen(h.op)} data-testid={`held-check-${h.op}`}>
            {t('sync.held.check')}
          </Button>
        )}
      </div>,
    );
  }
  return (
    <div ref={scroller} role="list" style={{ maxHeight: 6 * heldRowHeight, overflow: 'auto', position: 'relative', border: `1px solid ${token.colorBorder}`, borderRadius: token.borderRadius }} data-testid="held-list">
      <div style={{ position: 'relative', height: held.length * heldRowHeight }}>{rows}</div>
    </div>
  );
}

/** HeldModal shows one held edit — who, when, on which PC, which record, its content — and offers to enter it again. */
export function HeldModal({ op, onClose }: { op: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const openHeld = useVault((s) => s.openHeld);
  const reapply = useVault((s) => s.reapply);
  const [view, setView] = useState<HeldView>();
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    let live = true;
    void openHeld(op).then((r) => {
      if (!live) return;
      setView(r.view);
      setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [op, openHeld]);

  const record = view ? `${t(`sync.held.kind.${view.kind}`, { defaultValue: view.kind })}「${view.label || t('sync.held.unnamed')}」` : '';
  const confirm = () => {
    if (!view) return;
    modal.confirm({
      title: t('sync.held.confirmTitle'),
      content: t('sync.held.confirmBody', { record, author: view.author || t('sync.unknownUser') }),
      okText: t('sync.held.confirmOk'),
      okButtonProps: { ...({ 'data-testid': 'held-confirm-ok' } as object) },
      cancelText: t('form.cancel'),
      onOk: async () => {
        const err = await reapply(view.op);
        if (err) {
          void message.error(errorText(t, err));
          return;
        }
        void message.success(t('sync.held.done'));
        onClose();
      },
    });
  };

  return (
    <Modal
      open
      width={720}
      title={t('sync.held.modalTitle')}
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('form.cancel')}
        </Button>,
        <Button key="reapply" type="primary" disabled={!view} onClick={confirm} data-testid="held-reapply">
          {t('sync.held.reapply')}
        </Button>,
      ]}
    >
      <div data-testid="held-modal">
        {error && <Alert type="error" showIcon title={errorText(t, error)} data-testid="held-error" />}
        {!view && !error && <Spin />}
        {view && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('sync.held.author')}>{view.author || t('sync.unknownUser')}</Descriptions.Item>
              <Descriptions.Item label={t('sync.time')}>{formatDateTime(view.time, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('sync.pc')}>{view.device || t('sync.unknownPc')}</Descriptions.Item>
              <Descriptions.Item label={t('sync.held.record')}>{record}</Descriptions.Item>
              <Descriptions.Item label={t('sync.held.reason')}>{problemText(t, { kind: 'quarantine', reason: view.reason })}</Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>{t('sync.held.content')}</Typography.Text>
            <HeldContent kind={view.kind} text={view.text ?? ''} />
          </Space>
        )}
      </div>
    </Modal>
  );
}

/** The words for a record's JSON fields, where the forms already have them. */
const fieldLabels: Record<string, Record<string, string>> = {
  client: {
    kind: 'client.kind',
    name: 'client.name',
    kana: 'client.kana',
    code: 'client.code',
    corporate_number: 'client.corporateNumber',
    postal: 'client.postal',
    address: 'client.address',
    phone: 'client.phone',
    email: 'client.email',
    fiscal_month: 'client.fiscalMonth',
    engaged_from: 'client.engagedFrom',
    engaged_until: 'client.engagedUntil',
    notes: 'client.notes',
    tags: 'client.tags',
  },
  person: {
    name: 'person.name',
    kana: 'person.kana',
    roles: 'person.roles',
    birth: 'person.birth',
    joined: 'person.joined',
    left: 'person.left',
    postal: 'person.postal',
    address: 'person.address',
    phone: 'person.phone',
    notes: 'person.notes',
  },
};

/** Ids say nothing to a reader: the record is named above. */
const hiddenFields = new Set(['id', 'client_id']);

/** Coded values the app already words (a client's kind, a person's roles). */
const valueWords: Record<string, Record<string, string>> = { client: { kind: 'clientKind' }, person: { roles: 'personRole' } };

function fieldValue(t: TFunction, kind: string, key: string, v: unknown): string {
  const words = valueWords[kind]?.[key];
  const word = (x: string) => (words ? t(`${words}.${x}`, { defaultValue: x }) : x);
  if (typeof v === 'string') return word(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map(word).join('、');
  return JSON.stringify(v, null, 1);
}

/** HeldContent shows a record's JSON as labelled fields, anything else as text. */
function HeldContent({ kind, text }: { kind: string; text: string }) {
  const { t } = useTranslation();
  let fields: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fields = parsed as Record<string, unknown>;
  } catch {
    fields = undefined;
  }
  if (!fields) {
    return (
      <pre style={{ margin: 0, padding: 8, background: '#fafafa', whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12, maxHeight: 320, overflow: 'auto' }} data-testid="held-content">
        {text}
      </pre>
    );
  }
  const entries = Object.entries(fields).filter(([k, v]) => !hiddenFields.has(k) && v !== null && v !== '');
  return (
    <Descriptions column={1} size="small" bordered data-testid="held-content">
      {entries.map(([k, v]) => (
        <Descriptions.Item key={k} label={label(t, kind, k)}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{fieldValue(t, kind, k, v)}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

function label(t: TFunction, kind: string, key: string): string {
  const k = fieldLabels[kind]?.[key];
  return k ? t(k) : key;
}
