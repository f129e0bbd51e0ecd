/** Directory search: services by keyword, need and opening hours, for this crisis. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../api/client.ts';
import { NeedTags, useNeedCodes, useNeedLabel } from '../components/Needs.tsx';
import { QueryStatus } from '../components/Status.tsx';
import { useT } from '../i18n/i18n.tsx';

interface Search { q: string; need: string; openNow: boolean }

export function Directory({ crisisId }: { crisisId: string }) {
  const { t } = useT();
  const needLabel = useNeedLabel();
  const needCodes = useNeedCodes();
  const [search, setSearch] = useState<Search>(() => ({ q: '', need: new URLSearchParams(location.search).get('need') ?? '', openNow: false }));
  const results = useQuery({
    queryKey: ['directory', crisisId, search],
    queryFn: () => must(api.GET('/api/directory/search', { params: { query: { crisisId, limit: 30, ...(search.q.trim().length >= 2 ? { q: search.q.trim() } : {}), ...(search.need ? { need: search.need } : {}), ...(search.openNow ? { openNow: 'true' as const } : {}) } } })),
  });
  const items = results.data?.items ?? [];
  return (
    <main id="main">
      <h1>{t('directory.title')}</h1>
      <form
        role="search"
        className="search"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setSearch({ q: String(f.get('q') ?? ''), need: String(f.get('need') ?? ''), openNow: f.get('openNow') === 'on' });
        }}
      >
        <label>{t('directory.query')} <input name="q" type="search" defaultValue={search.q} dir="auto" /></label>
        <label>
          {t('directory.need')}{' '}
          <select name="need" defaultValue={search.need}>
            <option value="">{t('directory.anyNeed')}</option>
            {needCodes.map((n) => <option key={n} value={n}>{needLabel(n)}</option>)}
          </select>
        </label>
        <label className="inline"><input type="checkbox" name="openNow" defaultChecked={search.openNow} /> {t('directory.openNow')}</label>
        <button type="submit">{t('directory.search')}</button>
      </form>
      <QueryStatus query={results} />
      <p aria-live="polite">{results.data ? t('directory.results', { count: items.length }) : ''}</p>
      <ul className="services">
        {items.map((s) => (
          <li key={s.serviceId} className="card">
            <h2 dir="auto">{s.name}</h2>
            <p dir="auto">{s.organization.name}</p>
            <NeedTags needs={s.needs} />
            <p className="flags">
              {s.safeWithoutDocuments && <span>{t('directory.noDocuments')}</span>}
              {s.servesRegardlessOfStatus && <span>{t('directory.anyStatus')}</span>}
              {s.capacity?.bedsFree != null && <span>{t('directory.beds', { free: s.capacity.bedsFree })}</span>}
              {s.distanceKm != null && <span>{t('directory.distance', { km: Math.round(s.distanceKm * 10) / 10 })}</span>}
              {s.openNow && <span>{t('directory.openNow')}</span>}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
