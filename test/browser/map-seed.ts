/**
 * 100,000 reports for the console map's browser test, in one INSERT ... SELECT generate_series (the report_cells
 * triggers aggregate them in the same statement). Shape: 70% in 25 hotspots over north-west Libya (Gaussian, σ ≈ 0.3°),
 * 30% spread evenly over 9–25° E, 26–33° N; categories cycle through seven needs; one in five verified; over 90 days.
 */
import { sql } from 'kysely';
import type { TestApp } from '../helpers/app.ts';

export const MAP_POINTS = 100_000;
const HOTSPOTS: [number, number][] = Array.from({ length: 25 }, (_, i) => [10 + ((i * 37) % 15), 26.5 + ((i * 23) % 6)]);

export async function seedMapReports(t: TestApp, crisisId: string, organisationId: string): Promise<number> {
  const started = performance.now();
  const hx = HOTSPOTS.map((h) => h[0]);
  const hy = HOTSPOTS.map((h) => h[1]);
  await sql`
    insert into reports (crisis_id, organisation_id, source, categories, latitude, longitude, occurred_at, verification, country)
    select ${crisisId}::uuid, ${organisationId}::uuid, 'responder',
      array[(array['water','food','shelter','medical','search_and_rescue','security','evacuation'])[1 + g % 7]],
      least(33, greatest(26, case when g % 10 < 7 then (${sql.val(hy)}::float8[])[1 + g % 25] + 0.3 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) else 26 + 7 * u1 end)),
      least(25, greatest(9, case when g % 10 < 7 then (${sql.val(hx)}::float8[])[1 + g % 25] + 0.3 * sqrt(-2 * ln(u1)) * sin(2 * pi() * u2) else 9 + 16 * u2 end)),
      now() - (g % 7776000) * interval '1 second',
      case when g % 5 = 0 then 'verified' else 'unverified' end, 'LY'
    from (select g, (1 + (g::bigint * 2654435761) % 999983) / 999984.0 as u1, (1 + (g::bigint * 40503) % 999979) / 999980.0 as u2
          from generate_series(1, ${MAP_POINTS}::int) g) s`.execute(t.db);
  return performance.now() - started;
}

/** One report alone in the south (far from every other), linked to a case: the point the test opens. */
export async function seedLoneReport(t: TestApp, crisisId: string, organisationId: string, caseId: string): Promise<void> {
  await t.db.insertInto('reports').values({
    crisis_id: crisisId, organisation_id: organisationId, source: 'responder', categories: ['medical'], latitude: 21.6, longitude: 23.4,
    occurred_at: new Date(), description: 'Three people need a doctor at the well', people_count: 3, case_id: caseId,
  }).execute();
}
