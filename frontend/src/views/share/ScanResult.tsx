import { useEffect, useRef } from 'react';
import { Alert, Card, Checkbox, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShareScan } from '../../bridge';
import { useClients } from '../../stores/clients';
import { placeText, unscannedText } from './format';

/** A handler's decision to send My Numbers anyway (app.ShareOverride). */
export interface OverrideValues {
  purpose: string;
  reason: string;
}

interface OverrideForm {
  purpose?: string;
  reason?: string;
  confirmed?: boolean;
}

/**
 * ScanResult is what the check for My Numbers found: 個人番号 block the
 * package (each named by its place, never by the number); a 事務取扱担当者
 * may send anyway with the purpose, a reason and an explicit confirmation
 * (its own access-log entry). 法人番号 are a warning; files that could not
 * be searched are listed as 未確認.
 */
export function ScanResult({ scan, onOverride }: { scan: ShareScan; client: string; onOverride: (v: OverrideValues | undefined) => void }) {
  const { t } = useTranslation();
  const findings = scan.findings ?? [];
  const individual = findings.filter((f) => f.kind === 'individual');
  const corporate = findings.filter((f) => f.kind === 'corporate');
  const unscanned = scan.unscanned ?? [];
  const blocked = scan.individual > 0;
  const clean = !blocked && scan.corporate === 0 && unscanned.length === 0;
  // The result is below the long form: bring it into view when it arrives.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [scan]);

  return (
    <div ref={box} data-testid="share-scan-result" data-blocked={blocked ? 'true' : 'false'} style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      {clean && <Alert type="success" showIcon title={t('share.scan.clean', { count: scan.files })} data-testid="share-scan-clean" />}
      {!blocked && !clean && <Alert type="success" showIcon title={t('share.scan.noIndividual', { count: scan.files })} />}
      {blocked && (
        <Alert
          type="error"
          showIcon
          title={t('share.scan.blocked', { count: scan.individual })}
          description={
            <>
              <Typography.Paragraph style={{ marginBottom: 8 }}>{scan.canOverride ? t('share.scan.blockedHandler') : t('share.scan.blockedStaff')}</Typography.Paragraph>
              <Places items={individual} testid="share-finding" render={(f) => placeText(t, f)} />
            </>
          }
          data-testid="share-scan-blocked"
        />
      )}
      {corporate.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('share.scan.corporate', { count: scan.corporate })}
          description={
            <Places items={corporate} testid="share-finding-corporate" render={(f) => placeText(t, f)} />
          }
          data-testid="share-scan-corporate"
        />
      )}
      {unscanned.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('share.scan.unscanned', { count: unscanned.length })}
          description={
            <Places
              items={unscanned}
              testid="share-unscanned"
              render={(u) => (
                <>
                  <span>{placeText(t, u)}</span>{' '}
                  <Typography.Text type="secondary">
                    （{t('share.scan.unconfirmed')}：{unscannedText(t, u)}）
                  </Typography.Text>
                </>
              )}
            />
          }
          data-testid="share-scan-unscanned"
        />
      )}
      {blocked && scan.canOverride && <OverrideCard onOverride={onOverride} />}
    </div>
  );
}

/** How many places a list shows; the rest are counted. */
const shownPlaces = 50;

/** Places lists where the scan found something (the first shownPlaces of them). */
function Places<T>({ items, testid, render }: { items: T[]; testid: string; render: (item: T) => React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
      {items.slice(0, shownPlaces).map((item, i) => (
        <li key={i} data-testid={testid}>
          {render(item)}
        </li>
      ))}
      {items.length > shownPlaces && <li>{t('share.open.more', { count: items.length - shownPlaces })}</li>}
    </ul>
  );
}

/** OverrideCard is the 事務取扱担当者's explicit decision: purpose, reason and the confirmation. */
function OverrideCard({ onOverride }: { onOverride: (v: OverrideValues | undefined) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OverrideForm>();
  const choices = useClients((s) => s.choices);
  const loadChoices = useClients((s) => s.loadChoices);
  useEffect(() => {
    void loadChoices();
  }, [loadChoices]);
  useEffect(() => () => onOverride(undefined), [onOverride]);

  const changed = (_: unknown, v: OverrideForm) => {
    const ok = !!v.purpose && !!v.reason?.trim() && v.confirmed === true;
    onOverride(ok ? { purpose: v.purpose!, reason: v.reason!.trim() } : undefined);
  };

  return (
    <Card size="small" title={t('share.override.title')} style={{ borderColor: '#ffa39e' }} data-testid="share-override">
      <Typography.Paragraph type="secondary">{t('share.override.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onValuesChange={changed} requiredMark>
        <Form.Item name="purpose" label={t('share.override.purpose')} rules={[{ required: true, message: t('share.override.purposeRequired') }]}>
          <Select
            placeholder={t('share.override.purposePlaceholder')}
            options={(choices?.purposes ?? []).map((p) => ({ value: p, label: t(`purpose.${p}`) }))}
            data-testid="share-override-purpose"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('share.override.reason')} rules={[{ required: true, whitespace: true, message: t('share.override.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} placeholder={t('share.override.reasonPlaceholder')} data-testid="share-override-reason" />
        </Form.Item>
        <Form.Item
          name="confirmed"
          valuePropName="checked"
          rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('share.override.confirmRequired')))) }]}
          style={{ marginBottom: 0 }}
        >
          <Checkbox data-testid="share-override-confirm">{t('share.override.confirm')}</Checkbox>
        </Form.Item>
      </Form>
    </Card>
  );
}
