/** Server-side clusters for the visible box and zoom (TanStack Query; a request the map has moved past is aborted). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, must, type GetData } from '../../api/client.ts';
import type { paths } from '../../api/schema';

export type ClusterCollection = GetData<'/api/crises/{crisisId}/map/clusters'>;
export type ClusterFeature = ClusterCollection['features'][number];

type ClusterParams = NonNullable<paths['/api/crises/{crisisId}/map/clusters']['get']['parameters']['query']>;
type Category = NonNullable<ClusterParams['category']>[number];

export interface View {
  /** west, south, east, north, rounded so small moves reuse an answer. */
  bbox: [number, number, number, number];
  zoom: number;
}

export type ReportLayer = 'reports' | 'incidents';

export interface Filters {
  category: string;
  verification: Array<'unverified' | 'verified' | 'false' | 'duplicate'>;
  /** Days back from today, or undefined for all time. */
  days: number | undefined;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The box the map shows, clamped to the world (the API refuses a box across the antimeridian). */
export function viewOf(bounds: { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number }, zoom: number): View {
  const r = (v: number) => Math.round(v * 1000) / 1000;
  let west = clamp(bounds.getWest(), -180, 180);
  let east = clamp(bounds.getEast(), -180, 180);
  if (east - west >= 360 || west > east) [west, east] = [-180, 180];
  return { bbox: [r(west), r(clamp(bounds.getSouth(), -90, 90)), r(east), r(clamp(bounds.getNorth(), -90, 90))], zoom: Math.max(0, Math.min(22, Math.floor(zoom))) };
}

export function fromDate(days: number | undefined): string | undefined {
  if (days === undefined) return undefined;
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

export function useClusters(crisisId: string, layer: ReportLayer, view: View | undefined, filters: Filters, enabled: boolean) {
  return useQuery({
    queryKey: ['map-clusters', crisisId, layer, view, filters],
    enabled: enabled && view !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: ({ signal }) => {
      const from = fromDate(filters.days);
      return must(api.GET('/api/crises/{crisisId}/map/clusters', {
        signal,
        // bbox=w,s,e,n and category=a,b: lists joined by commas, as the API reads them.
        querySerializer: { array: { style: 'form', explode: false } },
        params: {
          path: { crisisId },
          query: {
            bbox: view!.bbox,
            zoom: view!.zoom,
            layer,
            ...(filters.category ? { category: [filters.category as Category] } : {}),
            ...(filters.verification.length > 0 ? { verification: filters.verification } : {}),
            ...(from ? { from } : {}),
          },
        },
      }));
    },
  });
}

/** A feature's point as MapLibre takes it. */
export const lngLat = (f: ClusterFeature): [number, number] => [f.geometry.coordinates[0] ?? 0, f.geometry.coordinates[1] ?? 0];
