/** Per crisis: new SOS, overdue, open cases, referrals waiting, and two small charts, from the API's own lists. */
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
  const queue = useQuery({ queryKey: ['triage', crisisId], queryFn: () => must(api.GET('/api/crises/{crisisId}/triage-queue', { params: { path: { crisisId }, query: { limit: 200 } } })) });
  const cases = useQuery({ queryKey: ['cases', crisisId, 'all'], queryFn: () => must(api.GET('/api/crises/{crisisId}/cases', { params: { path: { crisisId }, query: { limit: 200 } } })) });
  const referrals = useQuery({ queryKey: ['referrals-waiting', crisisId], queryFn: () => must(api.GET('/api/crises/{crisisId}/referrals/waiting', { params: { path: { crisisId } } })) });

  const items = queue.data?.items ?? [];
  const openCases = (cases.data?.items ?? []).filter((c) => c.status !== 'closed').length;
  const waiting = referrals.data?.waiting ?? 0;
  const now = Date.now();
  const hours = Array.from({ length: 12 }, (_, i) => {
    const start = now - (12 - i) * 3_600_000;
    const value = items.filter((m) => {
      const at = Date.parse(m.receivedAt);
      return at >= start && at < start + 3_600_000;
    }).length;
    const hour = intl.formatTime(start, { hour: 'numeric' });
    return { key: String(i), value, title: t('dashboard.chartBar', { hour, count: value }) };
  });
  const needCounts = new Map<string, number>();
  for (const m of items) for (const n of m.needs) needCounts.set(n, (needCounts.get(n) ?? 0) + 1);
  const topNeeds = [...needCounts].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const topMax = Math.max(1, ...topNeeds.map(([, c]) => c));

  return (
    <main id="main">
      <h1>{t('dashboard.title', { crisis: crisis?.name ?? '' })}</h1>
      <QueryStatus query={queue} />
      <ul className="tiles">
        <li><Link to={`/c/${crisisId}/triage`}>{t('dashboard.newSos', { count: items.length })}</Link></li>
        <li className={items.some((m) => m.isOverdue) ? 'alert' : ''}><Link to={`/c/${crisisId}/triage`}>{t('dashboard.overdue', { count: items.filter((m) => m.isOverdue).length })}</Link></li>
        <li><Link to={`/c/${crisisId}/cases`}>{t('dashboard.openCases', { count: openCases })}</Link></li>
        <li>{t('dashboard.referrals', { count: waiting })}</li>
      </ul>
      <section className="panels">
        <figure>
          <figcaption>{t('dashboard.chartTitle')}</figcaption>
          <BarChart bars={hours} label={t('dashboard.chartTitle')} />
        </figure>
        <figure>
          <figcaption>{t('dashboard.needsTitle')}</figcaption>
          <ul className="meter">
            {topNeeds.map(([need, count]) => (
              <li key={need}>
                <span>{needLabel(need)}</span>
                <meter min={0} max={topMax} value={count} aria-label={needLabel(need)} />
                <span>{intl.formatNumber(count)}</span>
              </li>
            ))}
          </ul>
        </figure>
      </section>
    </main>
  );
}
