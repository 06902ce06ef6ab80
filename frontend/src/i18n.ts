import i18n, { type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import ja from './locales/ja.json';
import en from './locales/en.json';
import type { AppError, MappedChar } from './bridge';

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

export function isLanguage(s: unknown): s is Language {
  return typeof s === 'string' && (languages as readonly string[]).includes(s);
}

/** initI18n starts i18next in lang; Japanese is the fallback for any missing key. */
export function initI18n(lang: Language) {
  void i18n.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng: lang,
    fallbackLng: 'ja',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    showSupportNotice: false, // no advertising in an offline office app's console
  });
  return i18n;
}

/** errorText is the one place an AppError becomes words. */
export function errorText(t: TFunction, err: AppError): string {
  const key = `errors.${err.code}`;
  return i18n.exists(key) ? t(key, err.params ?? {}) : t('errors.internal');
}

/** jobKindText names a job kind ("backup.run"); unknown kinds get a generic word. */
export function jobKindText(t: TFunction, kind: string): string {
  const key = `jobs.kind.${kind}`;
  return i18n.exists(key) ? t(key) : t('jobs.kind.unknown');
}

/** jobStageText names a job stage ("scan"); unknown stages get a generic word. */
export function jobStageText(t: TFunction, kind: string, stage: string): string {
  const key = `jobs.stage.${kind}.${stage}`;
  return i18n.exists(key) ? t(key) : t('jobs.stage.unknown');
}

export default i18n;

/**
 * errorTextIn is errorText with a screen's own wording where the generic one
 * would mislead (on the reset screen a wrong recovery key comes back as
 * vault.wrong_password): `<screen>.errors.<code>` first, then errorText.
 */
export function errorTextIn(t: TFunction, screen: string, err: AppError): string {
  const key = `${screen}.errors.${err.code}`;
  return i18n.exists(key) ? t(key, err.params ?? {}) : errorText(t, err);
}

/**
 * problemText explains a finding of the vault check or a PC's broken chain
 * (vault.Problem: kind "chain" | "quarantine" | "replica" and a stable
 * reason such as "prev-mismatch"); unknown ones get a generic sentence.
 */
export function problemText(t: TFunction, p: { kind: string; reason: string }): string {
  const key = `problems.${p.kind}.${p.reason.replace(/-/g, '_')}`;
  return i18n.exists(key) ? t(key) : t('problems.unknown');
}

/**
 * mappedText tells which characters a Shift_JIS export wrote in their
 * Windows (CP932) form (app.MappedChar): 「〜（U+301C）→ ～（U+FF5E）3 件」.
 */
export function mappedText(t: TFunction, mapped: MappedChar[]): string {
  const sep = i18n.language === 'en' ? ', ' : '、';
  return t('export.mapped', { list: mapped.map((m) => t('export.mappedItem', { ...m })).join(sep) });
}

/**
 * rowErrorText explains one row problem of an imported file (office.RowError):
 * 「12 行目「郵便番号」: …」. Codes are records validation codes
 * ("postal.format" → validation.postal_format) or import.* codes (errors.*).
 */
export function rowErrorText(t: TFunction, e: { row: number; column: string; field: string; code: string; cell?: string; value?: string; first?: number }): string {
  const key = e.code.startsWith('import.') ? `errors.${e.code}` : `validation.${e.code.replace(/\./g, '_')}`;
  // A taken client code names the code, and a duplicate the row it is first on.
  const message = i18n.exists(key) ? t(key, { value: e.value, first: e.first }) : t('errors.internal');
  const column = e.column || (e.field ? t(`import.field.${e.field}`) : '');
  // A workbook's errors also name the cell ("C12") as Excel shows it.
  if (e.cell) return t('import.rowErrorCell', { row: e.row, column, cell: e.cell, message });
  return t('import.rowError', { row: e.row, column, message });
}
