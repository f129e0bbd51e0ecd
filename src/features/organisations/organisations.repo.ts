/** SQL for organisations. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, OrganisationsTable } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type OrganisationRow = Selectable<OrganisationsTable>;

export function insertOrganisation(db: Db, values: { name: string; type: string; country: string | null; represents_country: string | null }) {
  return db.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Finds an organisation, limited to `visibleIds` unless that is 'all' (platform administrators). */
export function findOrganisation(db: Db, id: string, visibleIds: readonly string[] | 'all'): Promise<OrganisationRow | undefined> {
  if (visibleIds !== 'all' && !visibleIds.includes(id)) return Promise.resolve(undefined);
  let query = db.selectFrom('organisations').selectAll().where('id', '=', id);
  if (visibleIds !== 'all') query = query.where('id', 'in', visibleIds);
  return query.executeTakeFirst();
}

export function listOrganisations(db: Db, visibleIds: readonly string[] | 'all'): Promise<OrganisationRow[]> {
  if (visibleIds !== 'all' && visibleIds.length === 0) return Promise.resolve([]);
  let query = db.selectFrom('organisations').selectAll();
  if (visibleIds !== 'all') query = query.where('id', 'in', visibleIds);
  return query.orderBy('name').limit(1000).execute();
}

export async function nameTaken(db: Db, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('organisations').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export function updateOrganisation(
  db: Db,
  id: string,
  version: number,
  values: Partial<{ name: string; country: string | null; represents_country: string | null; is_active: boolean }>,
) {
  return db
    .updateTable('organisations')
    .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
