/** SQL for data subject requests and nothing else. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, DataSubjectRequestsTable } from '../../db/schema.ts';
import type { Scope } from '../access/policy.ts';
import { inScope } from './scope.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type SubjectRequestRow = Selectable<DataSubjectRequestsTable>;

export async function insertSubjectRequest(db: Db, values: Omit<Insertable<DataSubjectRequestsTable>, 'id' | 'status' | 'created_at' | 'outcome_note' | 'handled_by' | 'closed_at'>): Promise<SubjectRequestRow> {
  return db.insertInto('data_subject_requests').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Requests in scope: the organisation's; for a scope limited to some crises, only requests about a
 * person of those crises (the table has no crisis of its own; the person's is used).
 */
const scoped = (db: Db, scope: Scope) =>
  db
    .selectFrom('data_subject_requests as r')
    .leftJoin('people as p', 'p.id', 'r.person_id')
    .selectAll('r')
    .where(inScope(scope, 'r.organisation_id', 'p.crisis_id'));

export async function listSubjectRequests(db: Db, scope: Scope, filter: { overdueAt?: Date | undefined; limit: number }): Promise<SubjectRequestRow[]> {
  let query = scoped(db, scope);
  if (filter.overdueAt) query = query.where('r.status', 'in', ['open', 'in_progress']).where('r.due_at', '<', filter.overdueAt);
  return query.orderBy('r.due_at').orderBy('r.id').limit(filter.limit).execute();
}

export async function findSubjectRequestForUpdate(db: Db, scope: Scope, id: string): Promise<SubjectRequestRow | undefined> {
  return scoped(db, scope).where('r.id', '=', id).forUpdate('r').executeTakeFirst();
}

export async function updateSubjectRequest(db: Db, id: string, values: { status: string; outcomeNote: string; by: string | null; closedAt: Date | null }): Promise<SubjectRequestRow> {
  return db
    .updateTable('data_subject_requests')
    .set({ status: values.status, outcome_note: values.outcomeNote, handled_by: values.by, closed_at: values.closedAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
