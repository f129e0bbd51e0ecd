/**
 * Reports of a crisis as GeoJSON, CSV or HXL-tagged CSV, streamed in keyset batches (never built in memory), with the
 * personal-data rules of the caller's role, and an audit entry naming the fields that left:
 * - exact=true (export:personal): the stored point, the description, the message and case links;
 * - responders (personal:read): the point jittered as on the map, no description or links;
 * - roles that see counts only: no point at all, admin areas and the week.
 */
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { type Cell, hxlTable, toCsv } from '../../shared/hxl.ts';
import { organisationsWith, countOrganisations, pointOrganisations } from './map-scope.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { checkNeeds } from '../triage/needs.ts';
import { filterOf } from './clusters.service.ts';
import { jitter, round, weekStart } from './geo.ts';
import type { ExportQuery } from './map.schemas.ts';
import { exportBatch, type ExportRow } from './reports.repo.ts';

const BATCH = 2000;
export type ExportLevel = 'exact' | 'jittered' | 'area';

interface Column {
  header: string;
  tag: string;
  levels: readonly ExportLevel[];
  value: (r: ExportRow, point: { lat: number; lon: number } | null) => Cell;
}

const all: readonly ExportLevel[] = ['exact', 'jittered', 'area'];
const located: readonly ExportLevel[] = ['exact', 'jittered'];
const columns: Column[] = [
  { header: 'Report id', tag: '#meta+id', levels: all, value: (r) => r.id },
  { header: 'Source', tag: '#meta+source', levels: all, value: (r) => r.source },
  { header: 'Occurred', tag: '#date+occurred', levels: ['exact', 'jittered'], value: (r) => new Date(r.occurred_at).toISOString() },
  { header: 'Week', tag: '#date+week', levels: ['area'], value: (r) => weekStart(new Date(r.occurred_at)) },
  { header: 'Latitude', tag: '#geo+lat', levels: located, value: (_r, p) => p?.lat ?? null },
  { header: 'Longitude', tag: '#geo+lon', levels: located, value: (_r, p) => p?.lon ?? null },
  { header: 'Country', tag: '#country+code', levels: all, value: (r) => r.country?.trim() ?? null },
  { header: 'Admin 1 code', tag: '#adm1+code', levels: all, value: (r) => r.admin1_code },
  { header: 'Admin 1', tag: '#adm1+name', levels: all, value: (r) => r.admin1_name },
  { header: 'Admin 2 code', tag: '#adm2+code', levels: all, value: (r) => r.admin2_code },
  { header: 'Admin 2', tag: '#adm2+name', levels: all, value: (r) => r.admin2_name },
  { header: 'Categories', tag: '#need+code', levels: all, value: (r) => r.categories.join(';') },
  { header: 'Verification', tag: '#status+code', levels: all, value: (r) => r.verification },
  { header: 'People', tag: '#affected', levels: all, value: (r) => r.people_count },
  { header: 'Dead', tag: '#affected+killed', levels: all, value: (r) => r.dead_count },
  { header: 'Missing', tag: '#affected+missing', levels: all, value: (r) => r.missing_count },
  { header: 'Description', tag: '#description', levels: ['exact'], value: (r) => r.description },
  { header: 'Message id', tag: '#meta+message', levels: ['exact'], value: (r) => r.source_message_id },
  { header: 'Case id', tag: '#meta+case', levels: ['exact'], value: (r) => r.case_id },
];

export interface ExportPlan {
  level: ExportLevel;
  organisationIds: string[];
}

/** What the principal may export from this crisis; 404 when nothing, 403 when exact points are asked without export:personal. */
export function planExport(principal: Principal, crisisId: string, exact: boolean): ExportPlan {
  const counts = countOrganisations(principal, crisisId);
  if (counts.length === 0) throw AppError.notFound('Crisis');
  if (exact) {
    const orgs = organisationsWith(principal, 'export:personal', crisisId);
    if (orgs.length === 0) throw new AppError('FORBIDDEN', 'Your role may not export exact points and descriptions (needs export:personal)');
    return { level: 'exact', organisationIds: orgs };
  }
  const points = pointOrganisations(principal, crisisId);
  return points.length > 0 ? { level: 'jittered', organisationIds: points } : { level: 'area', organisationIds: counts };
}

export async function exportReports(db: Kysely<Database>, principal: Principal, crisisId: string, query: ExportQuery & { exact?: boolean }, key: Buffer, requestId: string): Promise<Readable> {
  await checkNeeds(db, query.category, 'query.category', { use: 'filter' });
  const plan = planExport(principal, crisisId, query.exact === true);
  const shown = columns.filter((c) => c.levels.includes(plan.level));
  const filter = filterOf(query);
  await recordAudit(db, {
    action: 'export', actor: actorOf(principal), crisisId, subjectType: 'reports', requestId,
    fields: shown.map((c) => c.header.toLowerCase().replaceAll(' ', '_')), metadata: { format: query.format, layer: query.layer, level: plan.level },
  });
  const pointOf = (r: ExportRow): { lat: number; lon: number } | null =>
    plan.level === 'exact' ? { lat: round(r.latitude, 6), lon: round(r.longitude, 6) } : plan.level === 'jittered' ? jitter(r.id, r.latitude, r.longitude, key) : null;
  const scope = { crisisId, organisationIds: plan.organisationIds };

  async function* batches(): AsyncGenerator<ExportRow[]> {
    let after: string | null = null;
    for (;;) {
      const batch = await exportBatch(db, scope, filter, after, BATCH, plan.level === 'exact');
      if (batch.length === 0) return;
      yield batch;
      if (batch.length < BATCH) return;
      after = (batch.at(-1) as ExportRow).id;
    }
  }

  async function* csv(hxl: boolean): AsyncGenerator<string> {
    const head = hxlTable(shown.map(({ header, tag }) => ({ header, tag })), []);
    yield toCsv(hxl ? head : head.slice(0, 1));
    for await (const batch of batches()) {
      yield toCsv(batch.map((r) => {
        const p = pointOf(r);
        return shown.map((c) => { const v = c.value(r, p); return v === null ? '' : String(v); });
      }));
    }
  }

  async function* geojson(): AsyncGenerator<string> {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const batch of batches()) {
      const parts = batch.map((r) => {
        const p = pointOf(r);
        const properties = Object.fromEntries(shown.filter((c) => c.tag !== '#geo+lat' && c.tag !== '#geo+lon').map((c) => [c.header.toLowerCase().replaceAll(' ', '_'), c.value(r, p)]));
        return JSON.stringify({ type: 'Feature', id: r.id, geometry: p ? { type: 'Point', coordinates: [p.lon, p.lat] } : null, properties });
      });
      yield (first ? '' : ',') + parts.join(',');
      first = false;
    }
    yield ']}';
  }

  return Readable.from(query.format === 'geojson' ? geojson() : csv(query.format === 'hxl'));
}
