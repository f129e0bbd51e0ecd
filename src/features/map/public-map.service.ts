/**
 * What the public may know about a crisis map: fixed tables of counts (per admin 1 area, per week, per need), each
 * with counts under 5 withheld and complementary suppression against the one grand total, plus the public service places
 * (never a safe house) and the evacuation points a coordinator published. No report's point ever leaves here: an
 * area's label position is the mean of its reports rounded to 0.1 degree (about 11 km), and only for a published area.
 * The tables take no filters on purpose: two overlapping time windows or categories could be subtracted one from the
 * other to reveal a count under 5.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { round } from './geo.ts';
import * as repo from './reports.repo.ts';
import { PUBLIC_THRESHOLD, suppressGroup } from './suppression.ts';
import { needList } from '../triage/needs.ts';
import { sql } from 'kysely';

export interface PublicArea {
  country: string | null;
  admin1: string | null;
  count: number | null;
  centre: { lat: number; lon: number } | null;
}

export interface PublicMap {
  crisis: { slug: string; name: string };
  threshold: number;
  total: number | null;
  /** Countries with reports, for headings (no count of their own: it would be a second partition of the total). */
  countries: (string | null)[];
  areas: PublicArea[];
  weeks: { week: string; count: number | null }[];
  categories: { category: string; count: number | null }[];
  services: { name: string; kind: string; organization: string; place: string | null; country: string | null; admin1: string | null; latitude: number; longitude: number }[];
  evacuationPoints: { name: string; kind: string; country: string | null; admin1: string | null; latitude: number; longitude: number }[];
}

/** Reports the public counts: SOS and responder reports, not those found false or duplicate. */
const publicFilter: repo.ReportFilter = { sources: ['sos', 'responder'], verification: ['unverified', 'verified'] };

async function areaRows(db: repo.Db, scope: repo.MapScope) {
  return db
    .selectFrom('reports')
    .select([
      sql<string | null>`trim(reports.country)`.as('country'),
      sql<string | null>`coalesce(reports.admin1_name, reports.admin1_code)`.as('admin1'),
      sql<number>`count(*)::integer`.as('n'),
      sql<number>`avg(reports.latitude)`.as('lat'),
      sql<number>`avg(reports.longitude)`.as('lon'),
    ])
    .where('reports.crisis_id', '=', scope.crisisId)
    .where('reports.organisation_id', 'in', scope.organisationIds)
    .where('reports.source', 'in', publicFilter.sources)
    .where('reports.verification', 'in', ['unverified', 'verified'])
    .groupBy(['country', 'admin1'])
    .execute();
}

async function categoryRows(db: repo.Db, scope: repo.MapScope) {
  return db
    .selectFrom(sql<{ category: string }>`(select unnest(r.categories) as category from reports r where r.crisis_id = ${scope.crisisId}
      and r.organisation_id = any(${sql.val(scope.organisationIds)}::uuid[]) and r.source in ('sos', 'responder') and r.verification in ('unverified', 'verified'))`.as('c'))
    .select(['c.category', sql<number>`count(*)::integer`.as('n')])
    .groupBy('c.category')
    .execute();
}

export async function publicMap(db: Kysely<Database>, crisis: { id: string; slug: string; name: string }): Promise<PublicMap> {
  const organisationIds = await repo.reportingOrganisations(db, crisis.id);
  const scope = { crisisId: crisis.id, organisationIds };
  const [areas, weeks, categories] = organisationIds.length === 0 ? [[], [], []] : await Promise.all([areaRows(db, scope), repo.countByWeek(db, scope, publicFilter), categoryRows(db, scope)]);

  // One partition per table (areas, weeks, needs), each against the same grand total. The total is treated as
  // published whenever it reaches 5: a table with nothing withheld would give it away by addition anyway.
  const grand = areas.reduce((sum, a) => sum + a.n, 0);
  const fixed = { totalIsFixed: true };
  const byArea = suppressGroup(areas.map((a) => ({ key: a, count: a.n })), fixed);
  const publicAreas: PublicArea[] = byArea.cells
    .map((c) => ({ country: c.key.country, admin1: c.key.admin1, count: c.count, centre: c.count !== null && c.key.admin1 !== null ? { lat: round(Number(c.key.lat), 1), lon: round(Number(c.key.lon), 1) } : null }))
    .sort((a, b) => (a.country ?? '~').localeCompare(b.country ?? '~') || (a.admin1 ?? '~').localeCompare(b.admin1 ?? '~'));
  const weekly = suppressGroup(weeks.map((w) => ({ key: w.week, count: w.n })), fixed);
  const known = (await needList(db)).byCode;
  const byCategory = suppressGroup(categories.filter((c) => known.has(c.category)).map((c) => ({ key: c.category, count: c.n })), fixed);

  const [services, points] = await Promise.all([repo.servicePlaces(db, crisis.id, false), repo.listEvacuationPoints(db, crisis.id, true)]);
  return {
    crisis: { slug: crisis.slug, name: crisis.name },
    threshold: PUBLIC_THRESHOLD,
    total: grand >= PUBLIC_THRESHOLD ? grand : null,
    countries: [...new Set(publicAreas.map((a) => a.country))],
    areas: publicAreas,
    weeks: weekly.cells.map((w) => ({ week: w.key, count: w.count })).sort((a, b) => a.week.localeCompare(b.week)),
    categories: byCategory.cells.map((c) => ({ category: c.key, count: c.count })),
    services: services
      .filter((s) => !s.is_confidential && s.kind !== 'safe_house')
      .map((s) => ({ name: s.name, kind: s.kind, organization: s.organization_name, place: s.location_name, country: s.country?.trim() ?? null, admin1: s.admin1_name, latitude: s.latitude, longitude: s.longitude })),
    evacuationPoints: points.map((p) => ({ name: p.name, kind: p.kind, country: p.country?.trim() ?? null, admin1: p.admin1_name, latitude: p.latitude, longitude: p.longitude })),
  };
}
