/** SQL for reports, evacuation points and map datasets. Every read names the crisis and the organisations it may reach. */
import { type Insertable, type Kysely, type Selectable, sql, type SqlBool, type Transaction, type Updateable, type ExpressionBuilder } from 'kysely';
import type { Database, EvacuationPointsTable, ReportsTable } from '../../db/schema.ts';

export type Db = Kysely<Database> | Transaction<Database>;
export type ReportRow = Selectable<ReportsTable>;

/** What a map query may reach: one crisis, through some organisations (role scoping). */
export interface MapScope {
  crisisId: string;
  organisationIds: string[];
}

export interface ReportFilter {
  sources: readonly ('sos' | 'responder' | 'import')[];
  categories?: readonly string[] | undefined;
  verification: readonly string[];
  from?: Date | undefined;
  to?: Date | undefined;
}

function filtered(eb: ExpressionBuilder<Database, 'reports'>, scope: MapScope, f: ReportFilter) {
  const parts = [
    eb('reports.crisis_id', '=', scope.crisisId),
    eb('reports.organisation_id', 'in', scope.organisationIds),
    eb('reports.source', 'in', f.sources),
    eb('reports.verification', 'in', f.verification as ReportRow['verification'][]),
  ];
  if (f.categories?.length) parts.push(eb(sql<string[]>`reports.categories`, '&&', sql<string[]>`${sql.val(f.categories)}::text[]`));
  if (f.from) parts.push(eb('reports.occurred_at', '>=', f.from));
  if (f.to) parts.push(eb('reports.occurred_at', '<', f.to));
  return eb.and(parts);
}

export async function insertReport(db: Db, values: Insertable<ReportsTable>): Promise<ReportRow> {
  return db.insertInto('reports').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Many rows in one statement (imports). */
export async function insertReports(db: Db, values: Insertable<ReportsTable>[]): Promise<void> {
  if (values.length > 0) await db.insertInto('reports').values(values).execute();
}

export async function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findReportByMessage(db: Db, messageId: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('source_message_id', '=', messageId).executeTakeFirst();
}

export async function findReportByKey(db: Db, crisisId: string, key: string): Promise<ReportRow | undefined> {
  return db.selectFrom('reports').selectAll().where('crisis_id', '=', crisisId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function updateReport(db: Db, id: string, version: number, values: Updateable<ReportsTable>): Promise<ReportRow | undefined> {
  return db
    .updateTable('reports')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export interface CellRow {
  cx: number;
  cy: number;
  n: number;
  lat: number;
  lon: number;
}

/** zoom-24 cells per column of the reports_map_grid index. */
const COLUMN_SHIFT = 14;

/** The box as index columns (one descent each) plus a range of cell_y; the columns are left out when there are too many. */
function inBox(eb: ExpressionBuilder<Database, 'reports'>, r: { x0: number; x1: number; y0: number; y1: number }) {
  const first = r.x0 >> COLUMN_SHIFT;
  const last = r.x1 >> COLUMN_SHIFT;
  const parts = [eb('reports.cell_x', '>=', r.x0), eb('reports.cell_x', '<=', r.x1), eb('reports.cell_y', '>=', r.y0), eb('reports.cell_y', '<=', r.y1)];
  if (last - first < 512) {
    const columns = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    parts.push(eb(sql<number>`(reports.cell_x >> ${sql.lit(COLUMN_SHIFT)})`, '=', sql<number>`any(${sql.val(columns)}::integer[])`));
  }
  return eb.and(parts);
}

/** Reports per cluster cell of a zoom (cells are the zoom-24 cell columns shifted right), inside a cell range. */
export async function clusterCells(db: Db, scope: MapScope, f: ReportFilter, shift: number, r: { x0: number; x1: number; y0: number; y1: number }): Promise<CellRow[]> {
  return db
    .selectFrom('reports')
    .select([
      sql<number>`reports.cell_x >> ${sql.lit(shift)}`.as('cx'),
      sql<number>`reports.cell_y >> ${sql.lit(shift)}`.as('cy'),
      sql<number>`count(*)::integer`.as('n'),
      sql<number>`avg(reports.latitude)`.as('lat'),
      sql<number>`avg(reports.longitude)`.as('lon'),
    ])
    .where((eb) => filtered(eb, scope, f))
    .where((eb) => inBox(eb, r))
    .groupBy(['cx', 'cy'])
    .execute();
}

/**
 * The same cells from report_cells (levels 4, 7 and 10): for zoom <= level, cells of the zoom are level cells shifted
 * right by (level - zoom). `from` and `to` must be whole UTC days here; without either, the all-time rows are read.
 */
export async function clusterCellsRollup(db: Db, scope: MapScope, f: ReportFilter, level: 4 | 7 | 10, zoom: number, r: { x0: number; x1: number; y0: number; y1: number }): Promise<CellRow[]> {
  const toLevel = 22 - level;
  const up = level - zoom;
  let q = db
    .selectFrom('report_cells as c')
    .select([
      sql<number>`c.cx >> ${sql.lit(up)}`.as('cx'),
      sql<number>`c.cy >> ${sql.lit(up)}`.as('cy'),
      sql<number>`sum(c.n)::integer`.as('n'),
      sql<number>`sum(c.sum_lat) / sum(c.n)`.as('lat'),
      sql<number>`sum(c.sum_lon) / sum(c.n)`.as('lon'),
    ])
    .where('c.level', '=', level)
    .where('c.crisis_id', '=', scope.crisisId)
    .where('c.cx', '>=', r.x0 >> toLevel)
    .where('c.cx', '<=', r.x1 >> toLevel)
    // One descent of the key per column of cells, then a range of cy (a range on cx alone reads the whole strip).
    .where((eb) => ((r.x1 >> toLevel) - (r.x0 >> toLevel) < 512
      ? eb('c.cx', '=', sql<number>`any(${sql.val(Array.from({ length: (r.x1 >> toLevel) - (r.x0 >> toLevel) + 1 }, (_, i) => (r.x0 >> toLevel) + i))}::integer[])`)
      : sql<SqlBool>`true`))
    .where('c.cy', '>=', r.y0 >> toLevel)
    .where('c.cy', '<=', r.y1 >> toLevel)
    .where('c.organisation_id', 'in', scope.organisationIds)
    .where('c.source', 'in', f.sources)
    .where('c.verification', 'in', f.verification)
    .where('c.n', '<>', 0);
  if (f.categories?.length) q = q.where(sql<SqlBool>`c.categories && ${sql.val(f.categories)}::text[]`);
  if (!f.from && !f.to) q = q.where('c.day', '=', sql<string>`'infinity'::date`);
  else q = q.where('c.day', '<>', sql<string>`'infinity'::date`);
  if (f.from) q = q.where('c.day', '>=', f.from.toISOString().slice(0, 10));
  if (f.to) q = q.where('c.day', '<', f.to.toISOString().slice(0, 10));
  return q.groupBy(['cx', 'cy']).having(sql<SqlBool>`sum(c.n) > 0`).execute();
}

export type PointRow = Pick<ReportRow, 'id' | 'latitude' | 'longitude' | 'categories' | 'verification' | 'source'> & { cx: number; cy: number };

/** The reports alone in their cell, for the cells given as cx * 2^32 + cy. */
export async function singlePoints(db: Db, scope: MapScope, f: ReportFilter, shift: number, r: { x0: number; x1: number; y0: number; y1: number }, cells: readonly number[]): Promise<PointRow[]> {
  if (cells.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['id', 'latitude', 'longitude', 'categories', 'verification', 'source', sql<number>`reports.cell_x >> ${sql.lit(shift)}`.as('cx'), sql<number>`reports.cell_y >> ${sql.lit(shift)}`.as('cy')])
    .where((eb) => filtered(eb, scope, f))
    .where((eb) => inBox(eb, r))
    .where(sql<SqlBool>`((reports.cell_x >> ${sql.lit(shift)})::bigint * 4294967296 + (reports.cell_y >> ${sql.lit(shift)})) = any(${sql.val(cells.map(String))}::bigint[])`)
    .execute();
}

const exportColumns = [
  'id', 'source', 'latitude', 'longitude', 'country', 'admin1_code', 'admin1_name', 'admin2_code', 'admin2_name', 'verification',
  'people_count', 'dead_count', 'missing_count', 'description', 'source_message_id', 'case_id',
] as const;
/** A report as an export reads it: the time and the categories come as text, so the driver parses no Date or array per row. */
export type ExportRow = Pick<ReportRow, (typeof exportColumns)[number]> & { occurred_at: string; categories: string };

/**
 * One keyset batch of an export, in id order; the description is read only when it is exported. `occurred_at` is the ISO
 * instant in UTC to the millisecond (as Date.toISOString), `categories` the codes joined by ';'.
 */
export async function exportBatch(db: Db, scope: MapScope, f: ReportFilter, after: string | null, limit: number, withDescription = true): Promise<ExportRow[]> {
  const columns = withDescription ? exportColumns : exportColumns.filter((c) => c !== 'description' && c !== 'source_message_id' && c !== 'case_id');
  let q = db
    .selectFrom('reports')
    .select(columns as unknown as (typeof exportColumns)[number][])
    .select([
      sql<string>`to_char(reports.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('occurred_at'),
      sql<string>`array_to_string(reports.categories, ';')`.as('categories'),
    ])
    .where((eb) => filtered(eb, scope, f));
  if (after) q = q.where('reports.id', '>', after);
  return q.orderBy('reports.id').limit(limit).execute() as Promise<ExportRow[]>;
}

export interface AreaCountRow {
  country: string | null;
  admin1: string | null;
  admin2: string | null;
  n: number;
}

/** Counts per admin 1 and admin 2 area (names, falling back to codes). */
export async function countByArea(db: Db, scope: MapScope, f: ReportFilter): Promise<AreaCountRow[]> {
  return db
    .selectFrom('reports')
    .select([
      'reports.country',
      sql<string | null>`coalesce(reports.admin1_name, reports.admin1_code)`.as('admin1'),
      sql<string | null>`coalesce(reports.admin2_name, reports.admin2_code)`.as('admin2'),
      sql<number>`count(*)::integer`.as('n'),
    ])
    .where((eb) => filtered(eb, scope, f))
    .groupBy(['reports.country', 'admin1', 'admin2'])
    .execute();
}

/** Counts per week (Monday, UTC). */
export async function countByWeek(db: Db, scope: MapScope, f: ReportFilter): Promise<{ week: string; n: number }[]> {
  return db
    .selectFrom('reports')
    .select([sql<string>`to_char(date_trunc('week', reports.occurred_at at time zone 'UTC'), 'YYYY-MM-DD')`.as('week'), sql<number>`count(*)::integer`.as('n')])
    .where((eb) => filtered(eb, scope, f))
    .groupBy('week')
    .orderBy('week')
    .execute();
}

/** Counts per coarse grid cell (for the public grid layer). */
export async function countByCell(db: Db, scope: MapScope, f: ReportFilter, shift: number): Promise<{ cx: number; cy: number; n: number }[]> {
  return db
    .selectFrom('reports')
    .select([sql<number>`reports.cell_x >> ${sql.lit(shift)}`.as('cx'), sql<number>`reports.cell_y >> ${sql.lit(shift)}`.as('cy'), sql<number>`count(*)::integer`.as('n')])
    .where((eb) => filtered(eb, scope, f))
    .groupBy(['cx', 'cy'])
    .execute();
}

/** Every organisation with reports in the crisis: the public scope (the public sees counts from all of them). */
export async function reportingOrganisations(db: Db, crisisId: string): Promise<string[]> {
  const rows = await db.selectFrom('reports').select('organisation_id').distinct().where('crisis_id', '=', crisisId).execute();
  return rows.map((r) => r.organisation_id);
}

export async function insertEvacuationPoint(db: Db, values: Insertable<EvacuationPointsTable>) {
  return db.insertInto('evacuation_points').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listEvacuationPoints(db: Db, crisisId: string, onlyPublic: boolean) {
  let q = db.selectFrom('evacuation_points').selectAll().where('crisis_id', '=', crisisId);
  if (onlyPublic) q = q.where('is_public', '=', true).where('status', '=', 'open');
  return q.orderBy('name').limit(5000).execute();
}

export interface ServicePlaceRow {
  service_id: string;
  name: string;
  kind: string;
  needs: string[];
  organization_name: string;
  location_id: string;
  location_name: string | null;
  latitude: number;
  longitude: number;
  is_confidential: boolean;
  country: string | null;
  admin1_name: string | null;
  beds_total: number | null;
  beds_free: number | null;
}

/** Active directory services with a located place in the crisis; confidential places (safe houses) only when asked. */
export async function servicePlaces(db: Db, crisisId: string, includeConfidential: boolean, box?: { west: number; south: number; east: number; north: number }): Promise<ServicePlaceRow[]> {
  let q = db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .innerJoin('directory_service_at_locations as sal', 'sal.service_id', 's.id')
    .innerJoin('directory_locations as l', 'l.id', 'sal.location_id')
    .select(['s.id as service_id', 's.name', 's.kind', 's.needs', 'o.name as organization_name', 'l.id as location_id', 'l.name as location_name', 'l.is_confidential', 'l.country', 'l.admin1_name', 's.beds_total', 's.beds_free'])
    .select([sql<number>`l.latitude`.as('latitude'), sql<number>`l.longitude`.as('longitude')])
    .where('s.status', '=', 'active')
    .where('l.latitude', 'is not', null)
    .where('l.longitude', 'is not', null)
    .where(sql<SqlBool>`(cardinality(s.crisis_ids) = 0 or ${crisisId}::uuid = any(s.crisis_ids))`);
  if (!includeConfidential) q = q.where('l.is_confidential', '=', false).where('s.kind', '<>', 'safe_house');
  if (box) q = q.where('l.latitude', '>=', box.south).where('l.latitude', '<=', box.north).where('l.longitude', '>=', box.west).where('l.longitude', '<=', box.east);
  return q.orderBy('l.country').orderBy('l.admin1_name').orderBy('s.name').limit(5000).execute() as Promise<ServicePlaceRow[]>;
}
