/** Fixtures of the map tests: a crisis with two organisations, responders of each, and reports inserted directly. */
import type { Insertable } from 'kysely';
import type { ReportsTable } from '../../src/db/schema.ts';
import type { Role } from '../../src/features/access/roles.ts';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import type { TestApp } from '../helpers/app.ts';

export interface MapWorld {
  crisisId: string;
  slug: string;
  otherCrisisId: string;
  orgA: string;
  orgB: string;
  as: (role: Role, org?: string, crisisId?: string) => Promise<SignedIn>;
}

export async function buildMapWorld(t: TestApp): Promise<MapWorld> {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['LY'] });
  const other = await buildCrisis(t.db, { affectedCountries: ['SD'] });
  const orgA = (await buildOrganisation(t)).id;
  const orgB = (await buildOrganisation(t)).id;
  return {
    crisisId: crisis.id,
    slug: crisis.slug,
    otherCrisisId: other.id,
    orgA,
    orgB,
    as: async (role, org = orgA, crisisId = crisis.id) => signIn(t, await buildUser(t, { memberships: [{ organisationId: org, crisisId, role }] })),
  };
}

/** n reports around a point, spread over `spread` degrees, deterministic. */
export function reportRows(n: number, values: Partial<Insertable<ReportsTable>> & { crisis_id: string; organisation_id: string }, centre = { lat: 32.9, lon: 13.2 }, spread = 0.05): Insertable<ReportsTable>[] {
  let state = 12345;
  const rnd = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: n }, () => ({
    source: 'responder' as const,
    categories: ['water'],
    latitude: centre.lat + (rnd() * 2 - 1) * spread,
    longitude: centre.lon + (rnd() * 2 - 1) * spread,
    occurred_at: new Date('2026-05-06T10:00:00Z'),
    ...values,
  }));
}

export async function insertReports(t: TestApp, rows: Insertable<ReportsTable>[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += 1000) {
    const out = await t.db.insertInto('reports').values(rows.slice(i, i + 1000)).returning('id').execute();
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}
