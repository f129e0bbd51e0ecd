/**
 * Build-time rendering of the signed-out screen in each language (bin/build-console.mjs writes dist/prerender/<lang>.html).
 * The server puts it in the shell for a browser without a session, so sign-in paints before the script arrives; the
 * script then hydrates it.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { SignedOut } from './App.tsx';
import { I18n, type Locale } from './i18n/i18n.tsx';
import { ar } from './i18n/messages/ar.ts';
import { en, type Catalogue } from './i18n/messages/en.ts';
import { es } from './i18n/messages/es.ts';
import { fr } from './i18n/messages/fr.ts';

const catalogues: Record<Locale, Catalogue> = { en, fr, ar, es };

export function render(locale: Locale): string {
  return renderToString(
    <QueryClientProvider client={new QueryClient()}>
      <I18n initial={locale} catalogue={catalogues[locale]}>
        <SignedOut />
      </I18n>
    </QueryClientProvider>,
  );
}
