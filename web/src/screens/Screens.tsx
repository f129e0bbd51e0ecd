/** The signed-in screens, loaded after sign-in (a separate chunk keeps the first screen light). */
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useCrises } from '../crises.ts';
import { useT } from '../i18n/i18n.tsx';
import { navigate, parse, usePath } from '../router.ts';
import type { Session } from '../session.ts';
import { Audit } from './Audit.tsx';
import { CasePage } from './CasePage.tsx';
import { Cases } from './Cases.tsx';
import { Channels } from './Channels.tsx';
import { Dashboard } from './Dashboard.tsx';
import { Directory } from './Directory.tsx';
import { Needs } from './Needs.tsx';
import { Triage } from './Triage.tsx';
import { Users } from './Users.tsx';

// MapLibre is large: only the map screen loads it, in a chunk of its own.
const MapScreen = lazy(() => import('./map/MapScreen.tsx'));

export default function Screens({ session }: { session: Session }) {
  const { t } = useT();
  const path = usePath();
  const route = parse(path);
  const crises = useCrises();
  useScreenChange(path, t('app.name'));
  const first = crises.data?.items[0]?.id;
  useEffect(() => {
    if (route.screen === 'home' && first) navigate(`/c/${first}`);
  }, [route.screen, first]);

  switch (route.screen) {
    case 'home':
      return <main id="main"><p>{crises.isPending ? t('app.loading') : t('crisis.none')}</p></main>;
    case 'dashboard':
      return <Dashboard crisisId={route.crisisId} />;
    case 'triage':
      return <Triage crisisId={route.crisisId} />;
    case 'cases':
      return <Cases crisisId={route.crisisId} />;
    case 'case':
      return <CasePage crisisId={route.crisisId} caseId={route.caseId} />;
    case 'directory':
      return <Directory crisisId={route.crisisId} />;
    case 'channels':
      return <Channels crisisId={route.crisisId} />;
    case 'map':
      return (
        <Suspense fallback={<main id="main"><h1>{t('map.title')}</h1><p>{t('app.loading')}</p></main>}>
          <MapScreen crisisId={route.crisisId} />
        </Suspense>
      );
    case 'users':
      return <Users session={session} />;
    case 'audit':
      return <Audit />;
    case 'needs':
      return <Needs />;
  }
}

/**
 * A new screen in the same page: focus moves to its heading (or its main region while it loads), so keyboard and
 * screen reader users start there rather than on the link they left, and the window title names the screen.
 */
function useScreenChange(path: string, appName: string): void {
  const first = useRef(true);
  useEffect(() => {
    const initial = first.current;
    first.current = false;
    const timer = setTimeout(() => {
      const main = document.getElementById('main');
      const heading = main?.querySelector('h1');
      document.title = heading?.textContent ? `${heading.textContent} · ${appName}` : appName;
      if (initial) return;
      const target = heading ?? main;
      if (!target) return;
      target.setAttribute('tabindex', '-1');
      target.focus();
    }, 0);
    return () => clearTimeout(timer);
  }, [path, appName]);
}
