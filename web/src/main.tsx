import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { I18n } from './i18n/i18n.tsx';
import './styles.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, networkMode: 'offlineFirst' } } });

// The service worker keeps the shell and the last triage queue and case pages readable offline (public/sw.js).
if ('serviceWorker' in navigator) addEventListener('load', () => void navigator.serviceWorker.register('/console/sw.js', { scope: '/console/' }).catch(() => undefined));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18n>
        <App />
      </I18n>
    </QueryClientProvider>
  </StrictMode>,
);
