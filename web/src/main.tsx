import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { I18n, initialLocale, preloadLocale } from './i18n/i18n.tsx';
import { ApiError } from './api/client.ts';
import { forgetOfflineCopies, SIGN_OUT_PENDING } from './offline/forget.ts';
import { forgetSession, signedOutAtLoad } from './session.ts';
import './styles.css';

// A 401 on any call means the session ended (expired, revoked): forget what was read under it and show sign-in.
// A 403 may mean the roles changed or the CSRF token is stale (the session was renewed in another tab): ask again
// who is signed in, which refreshes both, so the next try can work.
const onError = (error: unknown): void => {
  if (!(error instanceof ApiError) || queryClient.getQueryData(['session']) === null) return;
  if (error.status === 403) void queryClient.invalidateQueries({ queryKey: ['session'] });
  if (error.status !== 401) return;
  void forgetSession(queryClient).then(() => queryClient.setQueryData(['session'], null));
};
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: { queries: { retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status < 500), refetchOnWindowFocus: false, networkMode: 'offlineFirst' } },
});

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
if (signedOutAtLoad && navigator.onLine) {
  queryClient.setQueryData(['session'], null);
  // No session cookie: whatever an earlier session left for offline reading goes, and there is no session to end.
  localStorage.removeItem(SIGN_OUT_PENDING);
  void forgetOfflineCopies();
}
// The server sent sign-in already rendered in this language: attach to it rather than draw it again.
if (signedOutAtLoad && navigator.onLine && root.dataset['prerendered'] === locale) {
  hydrateRoot(root, app);
} else {
  createRoot(root).render(app);
}
