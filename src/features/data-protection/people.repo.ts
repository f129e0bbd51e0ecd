/** SQL for the identity store (people) and nothing else. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, PeopleTable } from '../../db/schema.ts';
import type { Scope } from '../access/policy.ts';
import { inScope } from './scope.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type PersonRow = Selectable<PeopleTable>;
export type PersonInsert = Omit<Insertable<PeopleTable>, 'id' | 'version' | 'created_at' | 'updated_at' | 'anonymised_at' | 'last_activity_at' | 'collected_at'>;

export async function insertPerson(db: Db, values: PersonInsert): Promise<PersonRow> {
  return db.insertInto('people').values(values).returningAll().executeTakeFirstOrThrow();
}

/** The person if its controlling organisation (and crisis, where the scope says so) is in `scope`. */
export async function findPersonInScope(db: Db, scope: Scope, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).where(inScope(scope, 'people.controller_organisation_id', 'people.crisis_id')).executeTakeFirst();
}

/** Unscoped, for the sharing gate and retention (which are not acting for a caller's scope). */
export async function findPersonForShare(db: Db, id: string, lock: boolean) {
  const query = db.selectFrom('people').select(['id', 'crisis_id', 'controller_organisation_id', 'legal_basis', 'feared_states', 'anonymised_at']).where('id', '=', id);
  return (lock ? query.forShare() : query).executeTakeFirst();
}

/** Moves the retention date of a record whose policy counts from the last activity. */
export async function updateLastActivity(db: Db, id: string, now: Date, retentionUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set({ last_activity_at: now, retention_until: retentionUntil, updated_at: now })
    .where('id', '=', id)
    .where('anonymised_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

const dueSql = (db: Db, today: string) => db.selectFrom('people').where('retention_until', '<', today).where('anonymised_at', 'is', null);

/** Records whose retention date has passed (and not yet anonymised), counted per policy. */
export async function countPeopleDue(db: Db, today: string): Promise<Array<{ policy: string; n: number }>> {
  const rows = await dueSql(db, today)
    .select((eb) => ['retention_policy', eb.fn.countAll<string>().as('n')])
    .groupBy('retention_policy')
    .execute();
  return rows.map((r) => ({ policy: r.retention_policy, n: Number(r.n) }));
}

/** Removes every identity field of the due records under `policy`; keeps the pseudonymous row. */
export async function anonymisePeopleDue(db: Db, policy: string, today: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('people')
    .set({ given_name: null, family_name: null, other_names: [], phone_e164: null, nationality: null, feared_states: [], preferred_language: null, anonymised_at: now, updated_at: now })
    .where('id', 'in', dueSql(db, today).select('id').where('retention_policy', '=', policy))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes the due records under `policy` (consent records go with them). */
export async function purgePeopleDue(db: Db, policy: string, today: string): Promise<number> {
  const result = await db.deleteFrom('people').where('id', 'in', dueSql(db, today).select('id').where('retention_policy', '=', policy)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function crisisExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('crises').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
