import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { I18n, initialLocale, preloadLocale } from './i18n/i18n.tsx';
import { signedOutAtLoad } from './session.ts';
import './styles.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } } });

// The service worker keeps the shell and the last triage queue and case pages readable offline (public/sw.js).
if ('serviceWorker' in navigator) addEventListener('load', () => void navigator.serviceWorker.register('/console/sw.js', { scope: '/console/' }).catch(() => undefined));

const root = document.getElementById('root')!;
const locale = initialLocale();
await preloadLocale(locale);
const app = (
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18n>
        <App />
      </I18n>
    </QueryClientProvider>
  </StrictMode>
);
// No session cookie was sent: nobody is signed in, no need to ask (one round trip fewer on a slow network).
// Offline, the cached shell may be older than the session, so the console asks (the service worker answers).
if (signedOutAtLoad && navigator.onLine) queryClient.setQueryData(['session'], null);
// The server sent sign-in already rendered in this language: attach to it rather than draw it again.
if (signedOutAtLoad && navigator.onLine && root.dataset['prerendered'] === locale) {
  hydrateRoot(root, app);
} else {
  createRoot(root).render(app);
}
