/** The MapLibre map: offline base map, the report clusters and points, the place layers; reports its view on moveend. */
import { AttributionControl, type GeoJSONSource, Map as MapLibre, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Feature, FeatureCollection } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n.tsx';
import { addAdmin1WhenZoomedIn, baseStyle, loadBaseShapes, loadOnlineTiles } from './basemap.ts';
import { addOverlayLayers, type PlaceLayer } from './layers.ts';
import { MarkerLayer, type MarkerLabels } from './markers.ts';
import { lngLat, viewOf, type ClusterFeature, type View } from './useClusters.ts';

// The worker script is a file of the console itself (same origin, allowed by the page's content security policy).
setWorkerUrl(workerUrl);

export interface Place { layer: PlaceLayer; name: string; detail: string }

interface Props {
  features: ClusterFeature[];
  places: Record<PlaceLayer, FeatureCollection | undefined>;
  visible: Record<PlaceLayer, boolean>;
  labels: MarkerLabels;
  onView: (view: View) => void;
  onReport: (reportId: string) => void;
  onPlace: (place: Place) => void;
}

export function MapCanvas({ features, places, visible, labels, onView, onReport, onPlace }: Props) {
  const { t } = useT();
  const { locale } = useLocale();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibre | undefined>(undefined);
  const markers = useRef<MarkerLayer | undefined>(undefined);
  const fitted = useRef(false);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | undefined>();
  const handlers = useRef({ onView, onReport, onPlace });
  handlers.current = { onView, onReport, onPlace };
  const rtl = locale === 'ar';

  useEffect(() => {
    let live = true;
    let created: MapLibre | undefined;
    Promise.all([loadBaseShapes(), loadOnlineTiles()]).then(([shapes, online]) => {
      if (!live || !container.current) return;
      created = new MapLibre({
        container: container.current,
        style: baseStyle(shapes, online),
        center: [20, 20],
        zoom: 2,
        maxZoom: 18,
        attributionControl: false,
        renderWorldCopies: false,
        locale: { 'NavigationControl.ZoomIn': t('map.zoomIn'), 'NavigationControl.ZoomOut': t('map.zoomOut'), 'NavigationControl.ResetBearing': t('map.resetNorth'), 'Map.Title': t('map.canvas') },
      });
      map.current = created;
      created.addControl(new NavigationControl({ showCompass: false }), rtl ? 'top-left' : 'top-right');
      created.addControl(new ScaleControl({}), rtl ? 'bottom-right' : 'bottom-left');
      // Natural Earth (public domain, credited all the same) and, when online tiles are drawn, their provider.
      created.addControl(new AttributionControl({ compact: true }), rtl ? 'bottom-left' : 'bottom-right');
      const m = created;
      markers.current = new MarkerLayer(m, (f) => m.easeTo({ center: lngLat(f), zoom: Math.min(18, m.getZoom() + 2) }), (f) => f.properties.reportId && handlers.current.onReport(f.properties.reportId));
      m.on('load', () => {
        addOverlayLayers(m);
        addAdmin1WhenZoomedIn(m, () => container.current?.setAttribute('data-admin1', 'drawn'));
        setReady(true);
        handlers.current.onView(viewOf(m.getBounds(), m.getZoom()));
      });
      m.on('moveend', () => handlers.current.onView(viewOf(m.getBounds(), m.getZoom())));
      m.on('idle', () => container.current?.dispatchEvent(new CustomEvent('map-idle')));
      for (const layer of ['services', 'evacuation'] as const) {
        m.on('click', layer, (e) => {
          const p = (e.features?.[0]?.properties ?? {}) as Record<string, unknown>;
          handlers.current.onPlace({ layer, name: String(p['name'] ?? ''), detail: String(p['organization'] ?? p['kind'] ?? '') });
        });
      }
    }).catch((e: unknown) => live && setFailed(String(e)));
    return () => {
      live = false;
      markers.current?.clear();
      created?.remove();
      map.current = undefined;
    };
    // The map is made once; the language changes its controls' position on the next visit.
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m) return;
    void (m.getSource('reports') as GeoJSONSource).setData({ type: 'FeatureCollection', features: features as Feature[] });
    markers.current?.show(features, labels);
    container.current?.setAttribute('data-drawn', String(Number(container.current.getAttribute('data-drawn') ?? 0) + 1));
    // The first answer: frame the reports once, unless the user has moved the map already.
    if (!fitted.current && features.length > 0) {
      fitted.current = true;
      const xs = features.map((f) => lngLat(f)[0]);
      const ys = features.map((f) => lngLat(f)[1]);
      m.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, maxZoom: 9, duration: 0 });
    }
  }, [ready, features, labels]);

  useEffect(() => {
    const m = map.current;
    if (!ready || !m) return;
    for (const layer of ['services', 'evacuation'] as const) {
      const data = places[layer];
      if (data) void (m.getSource(layer) as GeoJSONSource).setData(data);
      m.setLayoutProperty(layer, 'visibility', visible[layer] ? 'visible' : 'none');
    }
  }, [ready, places, visible]);

  return (
    <div className="map-frame">
      <div ref={container} className="map-canvas" data-ready={ready ? 'true' : 'false'} />
      {failed && <p role="alert" className="error">{t('app.error', { message: failed })}</p>}
    </div>
  );
}
