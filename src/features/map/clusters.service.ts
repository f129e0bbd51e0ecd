/**
 * The responders' map: reports grouped into 64 px cells of the asked zoom, inside a bounding box, by SQL alone (no
 * PostGIS; see docs/decisions/0010-map-clustering.md): zooms 0 to 10 from the pre-aggregated report_cells, finer
 * zooms (and time windows in hours) from the reports' generated cell columns. Answers a GeoJSON FeatureCollection a MapLibre source takes as
 * is. A report alone in its cell is a point only for responders (personal:read), and jittered; roles that see
 * counts only get cells at zoom 10 at most, placed at the cell's centre.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { maySeeConfidential } from '../directory/directory.service.ts';
import { checkNeeds } from '../triage/needs.ts';
import { abbreviate, cellCentre, cellRange, cellsSpanned, clusterId, jitter, shiftFor } from './geo.ts';
import type { ClusterQuery } from './map.schemas.ts';
import { countOrganisations, pointOrganisations } from './map-scope.ts';
import * as repo from './reports.repo.ts';

/** Most cells one answer may span: 256 × 256 cells of 64 px is a 16,384 px square screen. */
export const MAX_CELLS = 65_536;
/** Roles without personal:read see cells no finer than this zoom (about 2.4 km at the equator). */
export const COUNTS_ONLY_MAX_ZOOM = 10;

/** A date alone as `to` means up to the end of that day. */
export function filterOf(q: { layer: 'reports' | 'incidents'; category?: string[] | undefined; verification?: string[] | undefined; from?: string | undefined; to?: string | undefined }): repo.ReportFilter {
  const to = q.to === undefined ? undefined : q.to.length === 10 ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : new Date(q.to);
  return {
    sources: q.layer === 'incidents' ? ['import'] : ['sos', 'responder'],
    categories: q.category,
    verification: q.verification ?? ['unverified', 'verified'],
    from: q.from === undefined ? undefined : new Date(q.from),
    to,
  };
}

const isWholeDay = (d: Date | undefined): boolean => d === undefined || d.getTime() % 86_400_000 === 0;

/**
 * Zooms 0 to 4 read level 4 of report_cells, 5 to 7 level 7, and 8 to 10 level 10 when no time window is asked (it
 * keeps all-time counts only); finer zooms, or a time window not in whole UTC days, read the reports.
 */
function rollupLevel(zoom: number, f: repo.ReportFilter): 4 | 7 | 10 | undefined {
  if (!isWholeDay(f.from) || !isWholeDay(f.to)) return undefined;
  if (zoom <= 4) return 4;
  if (zoom <= 7) return 7;
  return zoom <= 10 && !f.from && !f.to ? 10 : undefined;
}

/** A zoom-24 cell range widened to whole cells of a level. */
function expand(r: { x0: number; x1: number; y0: number; y1: number }, level: number) {
  const s = 22 - level;
  return { x0: (r.x0 >> s) << s, x1: (((r.x1 >> s) + 1) << s) - 1, y0: (r.y0 >> s) << s, y1: (((r.y1 >> s) + 1) << s) - 1 };
}

type Feature = {
  type: 'Feature';
  id: number | string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { cluster: boolean; cluster_id?: number; point_count: number; point_count_abbreviated: number | string; reportId?: string; categories?: string[]; verification?: string; source?: string };
};

export async function clusters(db: Kysely<Database>, principal: Principal, crisisId: string, query: ClusterQuery, key: Buffer) {
  await checkNeeds(db, query.category, 'query.category', { use: 'filter' });
  const pointOrgs = pointOrganisations(principal, crisisId);
  const responder = pointOrgs.length > 0;
  const organisationIds = responder ? pointOrgs : countOrganisations(principal, crisisId);
  if (organisationIds.length === 0) throw AppError.notFound('Crisis');
  const [west, south, east, north] = query.bbox;
  const box = { west, south, east, north };
  const zoom = responder ? query.zoom : Math.min(query.zoom, COUNTS_ONLY_MAX_ZOOM);
  if (cellsSpanned(box, zoom) > MAX_CELLS) {
    throw AppError.validation('query.bbox', 'too_large_for_zoom', `The box spans more than ${MAX_CELLS} cells at zoom ${zoom}: ask for a smaller box or a lower zoom`);
  }
  const scope = { crisisId, organisationIds };
  const filter = filterOf(query);
  const shift = shiftFor(zoom);
  const range = cellRange(box);
  const level = rollupLevel(zoom, filter);
  const cells = level ? await repo.clusterCellsRollup(db, scope, filter, level, zoom, range) : await repo.clusterCells(db, scope, filter, shift, range);
  const singles = responder ? cells.filter((c) => c.n === 1).map((c) => c.cx * 4294967296 + c.cy) : [];
  // Whole cells of the zoom: a pre-aggregated cell may reach past the box.
  const whole = { x0: (range.x0 >> shift) << shift, x1: (((range.x1 >> shift) + 1) << shift) - 1, y0: (range.y0 >> shift) << shift, y1: (((range.y1 >> shift) + 1) << shift) - 1 };
  const points = new Map((await repo.singlePoints(db, scope, filter, shift, level ? expand(whole, level) : whole, singles)).map((p) => [p.cx * 4294967296 + p.cy, p]));
  let total = 0;
  const features: Feature[] = cells.map((c) => {
    total += c.n;
    const point = points.get(c.cx * 4294967296 + c.cy);
    if (c.n === 1 && point) {
      const shown = jitter(point.id, point.latitude, point.longitude, key);
      return {
        type: 'Feature', id: point.id, geometry: { type: 'Point', coordinates: [shown.lon, shown.lat] },
        properties: { cluster: false, point_count: 1, point_count_abbreviated: 1, reportId: point.id, categories: point.categories, verification: point.verification, source: point.source },
      };
    }
    const id = clusterId(zoom, c.cx, c.cy);
    // Responders see a cluster at its reports' mean position, jittered like a point: reports made at the same spot
    // would otherwise put their exact point on the map. A lone report whose point was not read goes to the cell centre.
    const at = responder && c.n > 1 ? jitter(`cluster:${zoom}:${id}`, Number(c.lat), Number(c.lon), key) : cellCentre(zoom, c.cx, c.cy);
    return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [at.lon, at.lat] }, properties: { cluster: true, cluster_id: id, point_count: c.n, point_count_abbreviated: abbreviate(c.n) } };
  });
  return { type: 'FeatureCollection' as const, features, zoom, total, pointsAreJittered: responder };
}

/** Directory services with a located place, as GeoJSON; safe houses only for those allowed to see them. */
export async function servicesLayer(db: Kysely<Database>, principal: Principal, crisisId: string, box?: { west: number; south: number; east: number; north: number }) {
  if (countOrganisations(principal, crisisId).length === 0) throw AppError.notFound('Crisis');
  const rows = await repo.servicePlaces(db, crisisId, maySeeConfidential(principal), box);
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const, id: `${r.service_id}:${r.location_id}`, geometry: { type: 'Point' as const, coordinates: [r.longitude, r.latitude] as [number, number] },
      properties: { serviceId: r.service_id, name: r.name, kind: r.kind, needs: r.needs, organization: r.organization_name, place: r.location_name, confidential: r.is_confidential, bedsFree: r.beds_free, bedsTotal: r.beds_total },
    })),
  };
}

export async function evacuationLayer(db: Kysely<Database>, principal: Principal, crisisId: string) {
  if (countOrganisations(principal, crisisId).length === 0) throw AppError.notFound('Crisis');
  const rows = await repo.listEvacuationPoints(db, crisisId, false);
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const, id: r.id, geometry: { type: 'Point' as const, coordinates: [r.longitude, r.latitude] as [number, number] },
      properties: { name: r.name, kind: r.kind, status: r.status, isPublic: r.is_public, country: r.country?.trim() ?? null, admin1Name: r.admin1_name, notes: r.notes },
    })),
  };
}
