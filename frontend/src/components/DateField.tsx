import { Input, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatIsoDate, parseDateInput } from '../format/wareki';

/**
 * DateField is a date typed as a clerk writes it: 令和7年4月1日, R7.4.1 or
 * 2025-04-01. The form keeps the text; the date it reads is shown next to
 * the box in 和暦 and 西暦, so a typo is seen before saving.
 */
export function DateField({ value, onChange, testid, id }: { value?: string; onChange?: (v: string) => void; testid?: string; id?: string }) {
  const { t, i18n } = useTranslation();
  const iso = parseDateInput(value ?? '');
  return (
    <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        placeholder={t('date.placeholder')}
        style={{ width: 240 }}
        autoComplete="off"
        data-testid={testid}
      />
      {iso ? (
        <Typography.Text type="secondary" data-testid={testid && `${testid}-read`}>
          {i18n.language === 'ja' ? `${formatIsoDate(iso, 'ja')}（${iso}）` : formatIsoDate(iso, i18n.language)}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** dateRule refuses text DateField cannot read. */
export function dateRule(t: TFunction): Rule {
  return {
    validator: (_, v: string | undefined) => (parseDateInput(v ?? '') === null ? Promise.reject(new Error(t('date.invalid'))) : Promise.resolve()),
  };
}

/** dateValue turns a DateField's text into the stored form ("YYYY-MM-DD"), or undefined when blank. */
export function dateValue(text: string | undefined): string | undefined {
  const iso = parseDateInput(text ?? '');
  return iso ? iso : undefined;
}
