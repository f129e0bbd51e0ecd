/** One i18n library (react-intl, ICU MessageFormat) for every string; the user picks the language, kept in localStorage. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { en, type Catalogue, type MessageKey } from './messages/en.ts';

export const locales = { en: { name: 'English', dir: 'ltr' }, fr: { name: 'Français', dir: 'ltr' }, ar: { name: 'العربية', dir: 'rtl' }, es: { name: 'Español', dir: 'ltr' } } as const;
export type Locale = keyof typeof locales;
// English ships in the first script; another language loads once, when picked (a small chunk of its own).
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<Catalogue>> = {
  fr: () => import('./messages/fr.ts').then((m) => m.fr),
  ar: () => import('./messages/ar.ts').then((m) => m.ar),
  es: () => import('./messages/es.ts').then((m) => m.es),
};
const loaded: Partial<Record<Locale, Catalogue>> = { en };

const KEY = 'lifeline.locale';
export function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const saved = fromUrl ?? localStorage.getItem(KEY) ?? navigator.language.slice(0, 2);
  return saved && saved in locales ? (saved as Locale) : 'en';
}

/** Loads a catalogue before the first render (so a page the server rendered in that language hydrates as it is). */
export async function preloadLocale(locale: Locale): Promise<void> {
  if (!loaded[locale]) loaded[locale] = await loaders[locale as Exclude<Locale, 'en'>]();
}

const LocaleContext = createContext<{ locale: Locale; setLocale: (l: Locale) => void }>({ locale: 'en', setLocale: () => undefined });

/** `initial` and `catalogue` are for rendering on the server at build time (web/src/prerender.tsx). */
export function I18n({ children, initial, catalogue }: { children: ReactNode; initial?: Locale; catalogue?: Catalogue }) {
  if (initial && catalogue) loaded[initial] = catalogue;
  const [locale, setLocaleState] = useState<Locale>(() => initial ?? initialLocale());
  const [messages, setMessages] = useState<{ locale: Locale; catalogue: Catalogue } | undefined>(() => (loaded[locale] ? { locale, catalogue: loaded[locale] } : undefined));
  useEffect(() => {
    let live = true;
    const ready = loaded[locale];
    const apply = (catalogue: Catalogue) => {
      if (!live) return;
      loaded[locale] = catalogue;
      setMessages({ locale, catalogue });
      document.documentElement.lang = locale;
      document.documentElement.dir = locales[locale].dir;
    };
    if (ready) apply(ready);
    else void loaders[locale as Exclude<Locale, 'en'>]().then(apply);
    return () => {
      live = false;
    };
  }, [locale]);
  const setLocale = (l: Locale): void => {
    localStorage.setItem(KEY, l);
    // The server renders the sign-in page in this language next time (the cookie holds nothing else).
    document.cookie = `lifeline_lang=${l}; path=/console; max-age=31536000; samesite=lax`;
    setLocaleState(l);
  };
  return (
    <LocaleContext.Provider value={{ locale, setLocale }}>
      {messages && (
        <IntlProvider locale={messages.locale} messages={messages.catalogue} defaultLocale="en">
          {children}
        </IntlProvider>
      )}
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
