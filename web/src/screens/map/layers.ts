/** The map's own sources and layers over the base map: reports (clusters and single points) and the place layers. */
import type { Map as MapLibre } from 'maplibre-gl';

export const placeLayers = ['services', 'evacuation'] as const;
export type PlaceLayer = (typeof placeLayers)[number];

const empty = { type: 'FeatureCollection' as const, features: [] };

export function addOverlayLayers(map: MapLibre): void {
  map.addSource('reports', { type: 'geojson', data: empty });
  map.addSource('services', { type: 'geojson', data: empty });
  map.addSource('evacuation', { type: 'geojson', data: empty });
  map.addLayer({ id: 'services', type: 'circle', source: 'services', paint: { 'circle-radius': 6, 'circle-color': '#1e6b2e', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
  map.addLayer({ id: 'evacuation', type: 'circle', source: 'evacuation', paint: { 'circle-radius': 7, 'circle-color': '#6a3d9a', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1.5 } });
  // Clusters sized by their count (the labels are the buttons drawn over them, see markers.ts).
  map.addLayer({
    id: 'clusters', type: 'circle', source: 'reports', filter: ['==', ['get', 'cluster'], true],
    paint: {
      'circle-color': ['step', ['get', 'point_count'], '#4f8fd6', 100, '#e0a030', 1000, '#d05a2a'],
      'circle-radius': ['step', ['get', 'point_count'], 14, 100, 19, 1000, 25, 10000, 31],
      'circle-opacity': 0.85, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: 'points', type: 'circle', source: 'reports', filter: ['==', ['get', 'cluster'], false],
    paint: { 'circle-radius': 7, 'circle-color': ['match', ['get', 'verification'], 'verified', '#0b5cad', '#a4161a'], 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
}
