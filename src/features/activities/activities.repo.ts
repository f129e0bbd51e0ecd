/** SQL for the activity matrix, reported needs per area and the gap view. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { ActivitiesTable, AreaNeedsTable, Database } from '../../db/schema.ts';
import { gmgCategories, type Phase } from './gmg-categories.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type ActivityRow = Selectable<ActivitiesTable>;

export interface ActivityFilter {
  category?: string | undefined;
  phase?: Phase | undefined;
  country?: string | undefined;
  admin1?: string | undefined;
  status?: string | undefined;
}

export async function listActivities(db: Db, crisisId: string, f: ActivityFilter): Promise<ActivityRow[]> {
  let query = db.selectFrom('activities').selectAll().where('crisis_id', '=', crisisId);
  if (f.category) query = query.where('category', '=', f.category);
  if (f.phase) {
    const codes = Object.entries(gmgCategories).filter(([, c]) => c.phase === f.phase).map(([code]) => code);
    query = query.where('category', 'in', codes);
  }
  if (f.country) query = query.where('country', '=', f.country);
  if (f.admin1) query = query.where((eb) => eb.or([eb('admin1_code', '=', f.admin1 as string), eb('admin1_name', '=', f.admin1 as string)]));
  if (f.status) query = query.where('status', '=', f.status);
  return query.orderBy('country').orderBy('admin1_name').orderBy('organisation_name').orderBy('id').limit(10_000).execute();
}

export async function insertActivity(db: Db, values: Insertable<ActivitiesTable>): Promise<ActivityRow> {
  return db.insertInto('activities').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findActivity(db: Db, id: string): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateActivity(db: Db, id: string, version: number, values: Updateable<ActivitiesTable>): Promise<ActivityRow | undefined> {
  return db
    .updateTable('activities')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteActivity(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('activities').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertAreaNeed(db: Db, values: Insertable<AreaNeedsTable>): Promise<Selectable<AreaNeedsTable>> {
  return db.insertInto('area_needs').values(values).returningAll().executeTakeFirstOrThrow();
}

export interface GapRow {
  country: string;
  admin1_code: string | null;
  admin1_name: string | null;
  need: string;
  people_in_need: string | null;
  sources: string[];
  activities: string;
  services: string;
}

/**
 * Every reported (area, need) with how many activities and directory services answer it there. An activity without
 * an admin area covers its whole country; a need reported without an admin area is covered by anything in the country.
 */
export async function gaps(db: Db, crisisId: string, includeConfidential: boolean): Promise<GapRow[]> {
  const result = await sql<GapRow>`
    with demand as (
      select country, admin1_code, max(admin1_name) as admin1_name, need, sum(people_in_need) as people_in_need, array_agg(distinct source) as sources
      from area_needs where crisis_id = ${crisisId} group by country, admin1_code, need
    )
    select d.country, d.admin1_code, d.admin1_name, d.need, d.people_in_need, d.sources,
      (select count(*) from activities a where a.crisis_id = ${crisisId} and a.status in ('planned', 'active') and d.need = any(a.needs)
        and a.country = d.country and (a.admin1_code is null or d.admin1_code is null or a.admin1_code = d.admin1_code)) as activities,
      (select count(distinct s.id) from directory_services s
        join directory_service_at_locations sal on sal.service_id = s.id join directory_locations l on l.id = sal.location_id
        where s.status = 'active' and d.need = any(s.needs) and (cardinality(s.crisis_ids) = 0 or ${crisisId}::uuid = any(s.crisis_ids))
          and l.country = d.country and (d.admin1_code is null or l.admin1_code = d.admin1_code)
          and (${includeConfidential} or not l.is_confidential)) as services
    from demand d
    order by d.country, d.admin1_name nulls first, d.need`.execute(db);
  return result.rows;
}
