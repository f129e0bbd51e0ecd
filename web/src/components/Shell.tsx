/** Header (crisis switcher, language, sign-out) and the main menu around the current screen. */
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, ApiError, must } from '../api/client.ts';
import { useCrises } from '../crises.ts';
import { useT } from '../i18n/i18n.tsx';
import { navigate, parse, usePath } from '../router.ts';
import { forgetSession, type Session } from '../session.ts';
import { SIGN_OUT_PENDING } from '../offline/forget.ts';
import { clearOutbox } from '../offline/outbox.ts';
import { OutboxPanel } from '../offline/OutboxPanel.tsx';
import { LanguagePicker } from './LanguagePicker.tsx';
import { Link } from './Link.tsx';

export function Shell({ session, children }: { session: Session; children: ReactNode }) {
  const { t } = useT();
  const queryClient = useQueryClient();
  const route = parse(usePath());
  const crises = useCrises();
  const crisisId = 'crisisId' in route ? route.crisisId : crises.data?.items[0]?.id;
  const canAudit = session.user.isPlatformAdmin || session.grants.some((g) => g.role === 'data_protection_officer' || g.role === 'administrator');

  const signOut = async () => {
    try {
      await must(api.POST('/api/auth/sign-out'));
    } catch (error) {
      // Offline (or the server failed): the session cookie stays until the server can be told, on the next load.
      if (!(error instanceof ApiError && error.status === 401)) localStorage.setItem(SIGN_OUT_PENDING, '1');
    }
    // Nothing of this user stays on the device: cached pages, this page's data and anything still waiting to be sent.
    await clearOutbox();
    await forgetSession(queryClient);
    queryClient.setQueryData(['session'], null);
    navigate('/');
  };

  const item = (to: string, label: string, current: boolean) => (
    <li><Link to={to} current={current}>{label}</Link></li>
  );
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <label className="crisis">
          <span>{t('crisis.label')}</span>
          <select value={crisisId ?? ''} onChange={(e) => navigate(`/c/${e.target.value}`)}>
            {crises.data?.items.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <LanguagePicker />
        <span className="who">{session.user.displayName}</span>
        <button type="button" className="link" onClick={signOut}>{t('nav.signOut')}</button>
      </header>
      <nav aria-label={t('nav.label')} className="menu">
        <ul>
          {crisisId && (
            <>
              {item(`/c/${crisisId}`, t('nav.dashboard'), route.screen === 'dashboard')}
              {item(`/c/${crisisId}/triage`, t('nav.triage'), route.screen === 'triage')}
              {item(`/c/${crisisId}/cases`, t('nav.cases'), route.screen === 'cases' || route.screen === 'case')}
              {item(`/c/${crisisId}/directory`, t('nav.directory'), route.screen === 'directory')}
              {item(`/c/${crisisId}/map`, t('nav.map'), route.screen === 'map')}
              {item(`/c/${crisisId}/channels`, t('nav.channels'), route.screen === 'channels')}
            </>
          )}
          {item('/users', t('nav.users'), route.screen === 'users')}
          {canAudit && item('/audit', t('nav.audit'), route.screen === 'audit')}
          {session.user.isPlatformAdmin && item('/needs', t('nav.needs'), route.screen === 'needs')}
        </ul>
      </nav>
      <OutboxPanel userId={session.user.id} />
      {children}
    </>
  );
}
