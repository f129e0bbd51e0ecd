import { locales, useLocale, useT, type Locale } from '../i18n/i18n.tsx';

export function LanguagePicker() {
  const { t } = useT();
  const { locale, setLocale } = useLocale();
  return (
    <label className="lang">
      <span>{t('lang.label')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {Object.entries(locales).map(([code, l]) => (
          <option key={code} value={code} lang={code}>{l.name}</option>
        ))}
      </select>
    </label>
  );
}
