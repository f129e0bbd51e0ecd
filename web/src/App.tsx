/** The console: sign-in until a session exists, then the shell (crisis switcher, menu) around one screen. */
import { lazy, Suspense } from 'react';
import { useErrorText } from './api/error-text.ts';
import { useT } from './i18n/i18n.tsx';
import { LanguagePicker } from './components/LanguagePicker.tsx';
import { Shell } from './components/Shell.tsx';
import { SignIn } from './screens/SignIn.tsx';
import { useSession } from './session.ts';

const Screens = lazy(() => import('./screens/Screens.tsx'));

/** What a visitor sees before signing in; also rendered to HTML at build time (prerender.tsx). */
export function SignedOut() {
  const { t } = useT();
  return (
    <>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <LanguagePicker />
      </header>
      <SignIn />
    </>
  );
}

export function App() {
  const { t } = useT();
  const errorText = useErrorText();
  const session = useSession();
  if (session.isPending) return <p className="boot">{t('app.loading')}</p>;
  if (session.isError) {
    return (
      <main id="main">
        <p role="alert" className="error">
          {t('app.error', { message: errorText(session.error) })} <button type="button" onClick={() => void session.refetch()}>{t('app.retry')}</button>
        </p>
      </main>
    );
  }
  if (!session.data) return <SignedOut />;
  return (
    <Shell session={session.data}>
      <Suspense fallback={<p className="boot">{t('app.loading')}</p>}>
        <Screens session={session.data} />
      </Suspense>
    </Shell>
  );
}
