/** SQL for cases, their tasks and notes. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { CasesTable, Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type CaseRow = Selectable<CasesTable>;

export async function insertCase(db: Db, values: Insertable<CasesTable>): Promise<CaseRow> {
  return db.insertInto('cases').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function referenceExists(db: Db, reference: string): Promise<boolean> {
  return (await db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirst()) !== undefined;
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateCase(db: Db, id: string, version: number, values: Updateable<CasesTable>): Promise<CaseRow | undefined> {
  return db
    .updateTable('cases')
    .set({ ...values, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export interface CaseFilter {
  crisisId: string;
  organisationIds: readonly string[];
  status?: string | undefined;
  assignedTo?: string | undefined;
  overdueOn?: string | undefined;
  after?: { priority: number; createdAt: string; id: string } | undefined;
  limit: number;
}

/** Highest priority first, then the oldest. */
export async function listCases(db: Db, f: CaseFilter): Promise<CaseRow[]> {
  if (f.organisationIds.length === 0) return [];
  let query = db.selectFrom('cases').selectAll().where('crisis_id', '=', f.crisisId).where('organisation_id', 'in', [...f.organisationIds]);
  if (f.status) query = query.where('status', '=', f.status);
  else query = query.where('status', '<>', 'closed');
  if (f.assignedTo) query = query.where('assigned_to', '=', f.assignedTo);
  if (f.overdueOn) {
    const today = f.overdueOn;
    query = query.where((eb) => eb.or([
      eb('next_follow_up', '<', today),
      eb.exists(eb.selectFrom('case_tasks').select(sql.lit(1).as('one')).whereRef('case_tasks.case_id', '=', 'cases.id').where('case_tasks.done_at', 'is', null).where('case_tasks.due_date', '<', today)),
    ]));
  }
  if (f.after) {
    const { priority, createdAt, id } = f.after;
    query = query.where((eb) => eb.or([
      eb('priority', '<', priority),
      eb.and([eb('priority', '=', priority), eb.or([eb('created_at', '>', new Date(createdAt)), eb.and([eb('created_at', '=', new Date(createdAt)), eb('id', '>', id)])])]),
    ]));
  }
  return query.orderBy('priority', 'desc').orderBy('created_at').orderBy('id').limit(f.limit).execute();
}

export async function tasksOf(db: Db, caseId: string) {
  return db.selectFrom('case_tasks').selectAll().where('case_id', '=', caseId).orderBy('due_date').orderBy('created_at').execute();
}

export async function notesOf(db: Db, caseId: string) {
  return db.selectFrom('case_notes').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
}

export async function messagesOf(db: Db, caseId: string): Promise<string[]> {
  return (await db.selectFrom('messages').select('id').where('case_id', '=', caseId).orderBy('received_at').execute()).map((m) => m.id);
}

/** Is the user a member of the organisation with a role that works on cases (for assignment)? */
export async function isCaseworkerOf(db: Db, userId: string, organisationId: string, crisisId: string, roles: readonly string[]): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('organisation_id', '=', organisationId)
    .where('role', 'in', [...roles])
    .where((eb) => eb.or([eb('crisis_id', 'is', null), eb('crisis_id', '=', crisisId)]))
    .executeTakeFirst();
  return row !== undefined;
}

export async function membersOf(db: Db, caseId: string) {
  return db.selectFrom('case_members').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
}

export interface ExportRow {
  id: string;
  reference: string;
  status: string;
  opened_from: string;
  needs: string[];
  vulnerabilities: { code: string; severity: number }[];
  risk_level: string;
  priority: number;
  assigned_to: string | null;
  next_follow_up: string | null;
  created_at: Date;
  closed_at: Date | null;
  outcome: string | null;
  given_name?: string | null;
  family_name?: string | null;
  phone_e164?: string | null;
}

/** One batch of a crisis's cases for export, in id order after `afterId`; identity columns only when asked. */
export async function exportBatch(db: Db, crisisId: string, organisationIds: readonly string[], afterId: string | null, limit: number, identity: boolean): Promise<ExportRow[]> {
  let query = db
    .selectFrom('cases')
    .select(['cases.id', 'cases.reference', 'cases.status', 'cases.opened_from', 'cases.needs', 'cases.vulnerabilities', 'cases.risk_level', 'cases.priority', 'cases.assigned_to', 'cases.next_follow_up', 'cases.created_at', 'cases.closed_at', 'cases.outcome'])
    .where('cases.crisis_id', '=', crisisId)
    .where('cases.organisation_id', 'in', [...organisationIds]);
  if (afterId) query = query.where('cases.id', '>', afterId);
  const ordered = query.orderBy('cases.id').limit(limit);
  if (!identity) return ordered.execute();
  return ordered.leftJoin('people', 'people.id', 'cases.person_id').select(['people.given_name', 'people.family_name', 'people.phone_e164']).execute();
}
