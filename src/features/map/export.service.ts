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
import { type Cell, csvRecord, hxlTable, toCsv } from '../../shared/hxl.ts';
import { organisationsWith, countOrganisations, pointOrganisations } from './map-scope.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { checkNeeds } from '../triage/needs.ts';
import { filterOf } from './clusters.service.ts';
import { decimalText, jitter, round, weekStart } from './geo.ts';
import type { ExportQuery } from './map.schemas.ts';
import { exportBatch, type ExportRow } from './reports.repo.ts';

/**
 * Rows per keyset query. Small on purpose: a batch's row objects should die young (in V8's new space) rather than live
 * through a second scavenge and be promoted, which is what made the server's heap grow by 100 MB and more per export.
 */
const BATCH = 1000;
/** Bytes the export stream holds before it waits for the client to read (backpressure). */
const HIGH_WATER_MARK = 64 * 1024;
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
  { header: 'Occurred', tag: '#date+occurred', levels: ['exact', 'jittered'], value: (r) => r.occurred_at },
  { header: 'Week', tag: '#date+week', levels: ['area'], value: (r) => weekStart(new Date(r.occurred_at)) },
  { header: 'Latitude', tag: '#geo+lat', levels: located, value: (_r, p) => (p ? decimalText(p.lat, 6) : null) },
  { header: 'Longitude', tag: '#geo+lon', levels: located, value: (_r, p) => (p ? decimalText(p.lon, 6) : null) },
  { header: 'Country', tag: '#country+code', levels: all, value: (r) => r.country?.trim() ?? null },
  { header: 'Admin 1 code', tag: '#adm1+code', levels: all, value: (r) => r.admin1_code },
  { header: 'Admin 1', tag: '#adm1+name', levels: all, value: (r) => r.admin1_name },
  { header: 'Admin 2 code', tag: '#adm2+code', levels: all, value: (r) => r.admin2_code },
  { header: 'Admin 2', tag: '#adm2+name', levels: all, value: (r) => r.admin2_name },
  { header: 'Categories', tag: '#need+code', levels: all, value: (r) => r.categories },
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

  /** Each batch is turned into text at once and its rows let go before the next query, so they are never kept for long. */
  async function* batches<T>(each: (r: ExportRow) => T): AsyncGenerator<T[]> {
    let after: string | null = null;
    for (;;) {
      const rows = await exportBatch(db, scope, filter, after, BATCH, plan.level === 'exact');
      if (rows.length === 0) return;
      const full = rows.length === BATCH;
      after = (rows.at(-1) as ExportRow).id;
      const out = rows.map(each);
      rows.length = 0;
      yield out;
      if (!full) return;
    }
  }

  const cellsOf = (r: ExportRow): string[] => {
    const p = pointOf(r);
    return shown.map((c) => { const v = c.value(r, p); return v === null ? '' : String(v); });
  };

  async function* csv(hxl: boolean): AsyncGenerator<string> {
    const head = hxlTable(shown.map(({ header, tag }) => ({ header, tag })), []);
    yield toCsv(hxl ? head : head.slice(0, 1));
    for await (const records of batches((r) => csvRecord(cellsOf(r)))) yield records.join('');
  }

  async function* geojson(): AsyncGenerator<string> {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    const properties = shown.filter((c) => c.tag !== '#geo+lat' && c.tag !== '#geo+lon').map((c) => [c.header.toLowerCase().replaceAll(' ', '_'), c] as const);
    const feature = (r: ExportRow): string => {
      const p = pointOf(r);
      return JSON.stringify({ type: 'Feature', id: r.id, geometry: p ? { type: 'Point', coordinates: [p.lon, p.lat] } : null, properties: Object.fromEntries(properties.map(([name, c]) => [name, c.value(r, p)])) });
    };
    for await (const features of batches(feature)) {
      yield (first ? '' : ',') + features.join(',');
      first = false;
    }
    yield ']}';
  }

  // A byte stream (not object mode, which holds 16 chunks of any size): it reads the next batch only while fewer than
  // HIGH_WATER_MARK bytes wait for the client, and Fastify pipes it to the socket, which pauses it when the client is slow.
  return Readable.from(query.format === 'geojson' ? geojson() : csv(query.format === 'hxl'), { objectMode: false, highWaterMark: HIGH_WATER_MARK });
}
