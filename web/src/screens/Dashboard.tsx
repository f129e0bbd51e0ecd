/**
 * Per crisis: new SOS, overdue, open cases, referrals waiting, and two small charts. The figures are counts from
 * GET /dashboard (right at any size, and no message text or case reaches the browser for them); a figure your roles
 * do not cover is left out.
 */
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../api/client.ts';
import { BarChart } from '../components/BarChart.tsx';
import { Link } from '../components/Link.tsx';
import { useNeedLabel } from '../components/Needs.tsx';
import { QueryStatus } from '../components/Status.tsx';
import { useCrises } from '../crises.ts';
import { useT } from '../i18n/i18n.tsx';

export function Dashboard({ crisisId }: { crisisId: string }) {
  const { t, intl } = useT();
  const needLabel = useNeedLabel();
  const crisis = useCrises().data?.items.find((c) => c.id === crisisId);
  const figures = useQuery({ queryKey: ['dashboard', crisisId], queryFn: () => must(api.GET('/api/crises/{crisisId}/dashboard', { params: { path: { crisisId } } })), refetchInterval: 60_000 });
  const d = figures.data;
  const triage = d?.triage;
  const now = Date.now();
  const hours = (triage?.lastHours ?? []).map((value, i) => {
    const hour = intl.formatTime(now - (12 - i) * 3_600_000, { hour: 'numeric' });
    return { key: String(i), value, title: t('dashboard.chartBar', { hour, count: value }) };
  });
  const topNeeds = triage?.topNeeds ?? [];
  const topMax = Math.max(1, ...topNeeds.map((n) => n.count));

  return (
    <main id="main">
      <h1>{t('dashboard.title', { crisis: crisis?.name ?? '' })}</h1>
      <QueryStatus query={figures} />
      {d && (
        <>
          <ul className="tiles">
            {triage && <li><Link to={`/c/${crisisId}/triage`}>{t('dashboard.newSos', { count: triage.waiting })}</Link></li>}
            {triage && <li className={triage.overdue > 0 ? 'alert' : ''}><Link to={`/c/${crisisId}/triage`}>{t('dashboard.overdue', { count: triage.overdue })}</Link></li>}
            {d.openCases !== null && <li><Link to={`/c/${crisisId}/cases`}>{t('dashboard.openCases', { count: d.openCases })}</Link></li>}
            <li>{t('dashboard.referrals', { count: d.referrals.waiting })}</li>
          </ul>
          {triage && (
            <section className="panels">
              <figure>
                <figcaption>{t('dashboard.chartTitle')}</figcaption>
                <BarChart bars={hours} label={t('dashboard.chartTitle')} />
              </figure>
              <figure>
                <figcaption>{t('dashboard.needsTitle')}</figcaption>
                <ul className="meter">
                  {topNeeds.map(({ need, count }) => (
                    <li key={need}>
                      <span>{needLabel(need)}</span>
                      <meter min={0} max={topMax} value={count} aria-label={needLabel(need)} />
                      <span>{intl.formatNumber(count)}</span>
                    </li>
                  ))}
                </ul>
              </figure>
            </section>
          )}
        </>
      )}
    </main>
  );
}
