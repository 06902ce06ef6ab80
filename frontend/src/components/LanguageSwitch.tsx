import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../stores/settings';
import { languages, type Language } from '../i18n';

/** LanguageSwitch toggles 日本語 / English; each label is in its own language. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = useSettings((s) => s.lang);
  const setLang = useSettings((s) => s.setLang);
  return (
    <Segmented<Language>
      data-testid="language-switch"
      size="small"
      value={lang}
      onChange={setLang}
      options={languages.map((l) => ({ value: l, label: t(`language.${l}`) }))}
    />
  );
}
