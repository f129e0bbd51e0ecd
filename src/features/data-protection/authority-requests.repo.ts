/** SQL for authority requests and the transparency counts, and nothing else. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AuthorityRequestsTable, Database } from '../../db/schema.ts';
import type { Scope } from '../access/policy.ts';
import { inScope } from './scope.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type AuthorityRequestRow = Selectable<AuthorityRequestsTable>;

export async function insertAuthorityRequest(db: Db, values: Omit<Insertable<AuthorityRequestsTable>, 'id' | 'status' | 'created_at' | 'decided_by' | 'decided_at' | 'decision_note'>): Promise<AuthorityRequestRow> {
  return db.insertInto('authority_requests').values(values).returningAll().executeTakeFirstOrThrow();
}

const scoped = (db: Db, scope: Scope) => db.selectFrom('authority_requests').selectAll().where(inScope(scope, 'authority_requests.organisation_id', 'authority_requests.crisis_id'));

export async function listAuthorityRequests(db: Db, scope: Scope, filter: { undecided: boolean; limit: number }): Promise<AuthorityRequestRow[]> {
  let query = scoped(db, scope);
  if (filter.undecided) query = query.where('decided_at', 'is', null);
  return query.orderBy('received_at', 'desc').orderBy('id').limit(filter.limit).execute();
}

/** The request if it is in scope, locked for the decision. */
export async function findAuthorityRequestForUpdate(db: Db, scope: Scope, id: string): Promise<AuthorityRequestRow | undefined> {
  return scoped(db, scope).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateDecision(db: Db, id: string, values: { status: string; note: string; by: string | null; at: Date }): Promise<AuthorityRequestRow> {
  return db
    .updateTable('authority_requests')
    .set({ status: values.status, decision_note: values.note, decided_by: values.by, decided_at: values.at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The calendar year of receipt, in UTC (not the session's time zone). */
const yearOf = sql<number>`extract(year from ${sql.ref('a.received_at')} at time zone 'UTC')::int`;

/** Counts per year, organisation, crisis, authority kind and status: no names of authorities, no descriptions. */
export async function countAuthorityRequests(db: Db, filter: { organisationId?: string | undefined; crisisId?: string | undefined; year?: number | undefined }) {
  let query = db
    .selectFrom('authority_requests as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .leftJoin('crises as c', 'c.id', 'a.crisis_id')
    .select((eb) => [
      yearOf.as('year'),
      'a.organisation_id',
      'o.name as organisation_name',
      'a.crisis_id',
      'c.name as crisis_name',
      'a.authority_kind',
      'a.status',
      eb.fn.countAll<string>().as('count'),
    ]);
  if (filter.organisationId) query = query.where('a.organisation_id', '=', filter.organisationId);
  if (filter.crisisId) query = query.where('a.crisis_id', '=', filter.crisisId);
  if (filter.year) query = query.where(yearOf, '=', filter.year);
  return query
    .groupBy(['year', 'a.organisation_id', 'o.name', 'a.crisis_id', 'c.name', 'a.authority_kind', 'a.status'])
    .orderBy('year', 'desc')
    .orderBy('o.name')
    .orderBy('a.authority_kind')
    .orderBy('a.status')
    .execute();
}

export async function crisisExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('crises').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
