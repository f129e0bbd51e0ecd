/**
 * The crisis map (a chunk of its own, with MapLibre: only this screen loads it). Clusters come from the server for the
 * visible box and zoom; filters, layer toggles and the time window change the query; a point opens its report.
 */
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api, must } from '../../api/client.ts';
import { useNeedLabel } from '../../components/Needs.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages/en.ts';
import { MapCanvas, type Place } from './MapCanvas.tsx';
import { MapFilters, type LayerName } from './MapFilters.tsx';
import { ReportPanel } from './ReportPanel.tsx';
import { useClusters, type Filters, type View } from './useClusters.ts';

export default function MapScreen({ crisisId }: { crisisId: string }) {
  const { t, intl } = useT();
  const needLabel = useNeedLabel();
  const [view, setView] = useState<View | undefined>();
  const [filters, setFilters] = useState<Filters>({ category: '', verification: ['unverified', 'verified'], days: undefined });
  const [layers, setLayers] = useState<Record<LayerName, boolean>>({ reports: true, incidents: false, services: false, evacuation: false });
  const [reportId, setReportId] = useState<string | undefined>();
  const [place, setPlace] = useState<Place | undefined>();

  const reports = useClusters(crisisId, 'reports', view, filters, layers.reports);
  const incidents = useClusters(crisisId, 'incidents', view, filters, layers.incidents);
  const services = useQuery({ queryKey: ['map-services', crisisId], enabled: layers.services, staleTime: 300_000, queryFn: () => must(api.GET('/api/crises/{crisisId}/map/services', { params: { path: { crisisId } } })) });
  const evacuation = useQuery({ queryKey: ['map-evacuation', crisisId], enabled: layers.evacuation, staleTime: 300_000, queryFn: () => must(api.GET('/api/crises/{crisisId}/map/evacuation-points', { params: { path: { crisisId } } })) });

  const features = useMemo(
    () => [...(layers.reports ? (reports.data?.features ?? []) : []), ...(layers.incidents ? (incidents.data?.features ?? []) : [])],
    [layers.reports, layers.incidents, reports.data, incidents.data],
  );
  const total = (layers.reports ? (reports.data?.total ?? 0) : 0) + (layers.incidents ? (incidents.data?.total ?? 0) : 0);
  const labels = useMemo(() => ({
    cluster: (count: number, short: string) => t('map.clusterLabel', { count, short }),
    point: (f: { properties: { categories?: string[] | undefined; verification?: string | undefined } }) =>
      t('map.pointLabel', { needs: (f.properties.categories ?? []).map(needLabel).join(', '), status: t(`map.status.${f.properties.verification ?? 'unverified'}` as MessageKey) }),
  }), [intl.locale]);
  const loading = reports.isFetching || incidents.isFetching;
  const error = reports.error ?? incidents.error;

  return (
    <main id="main" className="map-screen">
      <h1>{t('map.title')}</h1>
      <p className="hint">{t('map.help')}</p>
      <MapFilters filters={filters} onFilters={setFilters} layers={layers} onLayers={setLayers} />
      <p aria-live="polite" className="map-status">
        {loading ? t('map.loadingReports') : t('map.shown', { count: total })}
        {error && <span role="alert" className="error"> {t('app.error', { message: error.message })}</span>}
      </p>
      <div className="map-layout">
        <MapCanvas
          features={features}
          places={{ services: services.data, evacuation: evacuation.data }}
          visible={{ services: layers.services, evacuation: layers.evacuation }}
          labels={labels}
          onView={setView}
          onReport={(id) => {
            setPlace(undefined);
            setReportId(id);
          }}
          onPlace={(p) => {
            setReportId(undefined);
            setPlace(p);
          }}
        />
        {reportId && <ReportPanel key={reportId} crisisId={crisisId} reportId={reportId} onClose={() => setReportId(undefined)} />}
        {place && (
          <section className="map-details card" aria-label={t(`map.layer.${place.layer}` as MessageKey)}>
            <h2 dir="auto">{place.name}</h2>
            <p dir="auto">{place.detail}</p>
            <button type="button" onClick={() => setPlace(undefined)}>{t('map.close')}</button>
          </section>
        )}
      </div>
    </main>
  );
}
