/**
 * Buttons over the clusters and points: they carry the count labels (the base map has no font files, so no map text)
 * and make every cluster and report reachable with the keyboard (Tab, then Enter). At most one per 64 px cell.
 */
import { Marker, type Map as MapLibre } from 'maplibre-gl';
import { lngLat, type ClusterFeature } from './useClusters.ts';

export interface MarkerLabels {
  cluster: (count: number, short: string) => string;
  point: (feature: ClusterFeature) => string;
}

export class MarkerLayer {
  private markers: Marker[] = [];

  constructor(
    private readonly map: MapLibre,
    private readonly onCluster: (feature: ClusterFeature) => void,
    private readonly onPoint: (feature: ClusterFeature) => void,
  ) {}

  show(features: ClusterFeature[], labels: MarkerLabels): void {
    this.clear();
    for (const f of features) {
      const button = document.createElement('button');
      button.type = 'button';
      const cluster = f.properties.cluster;
      button.className = cluster ? 'map-cluster' : 'map-point';
      if (cluster) button.textContent = String(f.properties.point_count_abbreviated);
      button.setAttribute('aria-label', cluster ? labels.cluster(f.properties.point_count, String(f.properties.point_count_abbreviated)) : labels.point(f));
      const size = cluster ? (f.properties.point_count >= 10_000 ? 62 : f.properties.point_count >= 1000 ? 50 : f.properties.point_count >= 100 ? 38 : 28) : 16;
      button.style.setProperty('--size', `${size}px`);
      button.addEventListener('click', (e) => {
        e.stopPropagation();
        (cluster ? this.onCluster : this.onPoint)(f);
      });
      this.markers.push(new Marker({ element: button }).setLngLat(lngLat(f)).addTo(this.map));
    }
  }

  clear(): void {
    for (const m of this.markers) m.remove();
    this.markers = [];
  }
}
