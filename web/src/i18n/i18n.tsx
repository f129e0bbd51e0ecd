/** One i18n library (react-intl, ICU MessageFormat) for every string; the user picks the language, kept in localStorage. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { ar } from './messages/ar.ts';
import { en, type Catalogue, type MessageKey } from './messages/en.ts';
import { es } from './messages/es.ts';
import { fr } from './messages/fr.ts';

export const locales = { en: { name: 'English', dir: 'ltr' }, fr: { name: 'Français', dir: 'ltr' }, ar: { name: 'العربية', dir: 'rtl' }, es: { name: 'Español', dir: 'ltr' } } as const;
export type Locale = keyof typeof locales;
const catalogues: Record<Locale, Catalogue> = { en, fr, ar, es };

const KEY = 'lifeline.locale';
function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const saved = fromUrl ?? localStorage.getItem(KEY) ?? navigator.language.slice(0, 2);
  return saved && saved in locales ? (saved as Locale) : 'en';
}

const LocaleContext = createContext<{ locale: Locale; setLocale: (l: Locale) => void }>({ locale: 'en', setLocale: () => undefined });

export function I18n({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = locales[locale].dir;
  }, [locale]);
  const setLocale = (l: Locale): void => {
    localStorage.setItem(KEY, l);
    setLocaleState(l);
  };
  return (
    <LocaleContext.Provider value={{ locale, setLocale }}>
      <IntlProvider locale={locale} messages={catalogues[locale]} defaultLocale="en">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export const useLocale = () => useContext(LocaleContext);

type Values = Record<string, string | number | boolean | Date | null | undefined>;
/** t('key', values): a typed key, so a missing English string is a type error. */
export function useT() {
  const intl = useIntl();
  const t = (id: MessageKey, values?: Values): string => intl.formatMessage({ id }, values as Record<string, string | number>);
  return { t, intl };
}
