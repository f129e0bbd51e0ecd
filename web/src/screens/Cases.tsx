/** The case list of a crisis, highest priority first; filters for my cases and overdue follow-ups. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../api/client.ts';
import { Link } from '../components/Link.tsx';
import { NeedTags } from '../components/Needs.tsx';
import { QueryStatus } from '../components/Status.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

type Filter = 'all' | 'mine' | 'overdue';

export function Cases({ crisisId }: { crisisId: string }) {
  const { t, intl } = useT();
  const [filter, setFilter] = useState<Filter>('all');
  const cases = useQuery({
    queryKey: ['cases', crisisId, filter],
    queryFn: () => must(api.GET('/api/crises/{crisisId}/cases', { params: { path: { crisisId }, query: { limit: 100, ...(filter === 'mine' ? { mine: 'true' as const } : {}), ...(filter === 'overdue' ? { overdue: 'true' as const } : {}) } } })),
  });
  const items = cases.data?.items ?? [];
  return (
    <main id="main">
      <h1>{t('cases.title')}</h1>
      <label>
        {t('cases.filter')}{' '}
        <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          <option value="all">{t('cases.all')}</option>
          <option value="mine">{t('cases.mine')}</option>
          <option value="overdue">{t('cases.overdue')}</option>
        </select>
      </label>
      <QueryStatus query={cases} />
      {cases.data && items.length === 0 && <p>{t('cases.empty')}</p>}
      {items.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">{t('cases.reference')}</th><th scope="col">{t('cases.status')}</th><th scope="col">{t('cases.risk')}</th><th scope="col">{t('cases.needs')}</th><th scope="col">{t('cases.updated')}</th></tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className={c.followUpOverdue ? 'overdue' : undefined}>
                <td><Link to={`/c/${crisisId}/cases/${c.id}`}><span dir="ltr">{c.reference}</span></Link></td>
                <td>{t(`status.${c.status}` as MessageKey)}</td>
                <td>{t(`risk.${c.riskLevel}` as MessageKey)}</td>
                <td><NeedTags needs={c.needs} /></td>
                <td>{intl.formatDate(c.updatedAt, { dateStyle: 'medium' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
