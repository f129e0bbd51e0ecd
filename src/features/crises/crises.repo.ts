/** SQL for crises and nothing else. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { CrisesTable, Database } from '../../db/schema.ts';

export type CrisisRow = Selectable<CrisesTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The columns a caller sets; ids, versions and timestamps come from the database. */
export type CrisisInsert = Omit<Insertable<CrisesTable>, 'id' | 'version' | 'created_at' | 'updated_at' | 'description'> & { description: string };

export async function insertCrisis(db: Db, values: CrisisInsert): Promise<CrisisRow> {
  return db.insertInto('crises').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findCrisis(db: Db, id: string): Promise<CrisisRow | undefined> {
  return db.selectFrom('crises').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCrisisBySlug(db: Db, slug: string): Promise<CrisisRow | undefined> {
  return db.selectFrom('crises').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function slugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('crises').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

export interface CrisisFilter {
  ids?: readonly string[] | undefined;
  status?: string | undefined;
  type?: string | undefined;
  after?: { startDate: string; id: string } | undefined;
  limit: number;
}

export async function listCrises(db: Db, filter: CrisisFilter): Promise<CrisisRow[]> {
  let query = db.selectFrom('crises').selectAll();
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    query = query.where('id', 'in', filter.ids);
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.after) {
    const { startDate, id } = filter.after;
    query = query.where((eb) =>
      eb.or([eb('start_date', '<', startDate), eb.and([eb('start_date', '=', startDate), eb('id', '<', id)])]),
    );
  }
  return query.orderBy('start_date', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function updateCrisis(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<CrisisInsert>,
): Promise<CrisisRow | undefined> {
  return db
    .updateTable('crises')
    .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCrisis(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('crises').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
