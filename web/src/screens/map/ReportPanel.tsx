/** What a click on a report point opens: the report (jittered point), its verification, and a link to its case. */
import { useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client.ts';
import { Link } from '../../components/Link.tsx';
import { NeedTags } from '../../components/Needs.tsx';
import { QueryStatus } from '../../components/Status.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages/en.ts';

export function ReportPanel({ crisisId, reportId, onClose }: { crisisId: string; reportId: string; onClose: () => void }) {
  const { t, intl } = useT();
  const report = useQuery({ queryKey: ['report', reportId], queryFn: () => must(api.GET('/api/reports/{id}', { params: { path: { id: reportId } } })) });
  const r = report.data;
  return (
    <section className="map-details card" aria-labelledby="report-title">
      <h2 id="report-title">{t('map.report')}</h2>
      <QueryStatus query={report} />
      {r && (
        <>
          <NeedTags needs={r.categories} />
          <dl className="facts">
            <dt>{t('map.verification')}</dt>
            <dd>{t(`map.status.${r.verification}` as MessageKey)}</dd>
            <dt>{t('map.occurred')}</dt>
            <dd>{intl.formatDate(r.occurredAt, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
            {r.peopleCount != null && (<><dt>{t('map.people')}</dt><dd>{intl.formatNumber(r.peopleCount)}</dd></>)}
            {r.admin1Name && (<><dt>{t('map.area')}</dt><dd dir="auto">{r.admin1Name}</dd></>)}
          </dl>
          {r.description && <p dir="auto">{r.description}</p>}
          {r.isJittered && <p className="hint">{t('map.jittered')}</p>}
          {r.caseId ? <p><Link to={`/c/${crisisId}/cases/${r.caseId}`}>{t('map.openCase')}</Link></p> : <p className="hint">{t('map.noCase')}</p>}
        </>
      )}
      <button type="button" onClick={onClose}>{t('map.close')}</button>
    </section>
  );
}
