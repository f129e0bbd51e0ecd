/** SQL for the audit log and its chain head, and nothing else. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.ts';

export type AuditRow = Selectable<AuditLogTable>;
export type AuditInsert = Omit<Insertable<AuditLogTable>, 'id'>;
type Db = Kysely<Database> | Transaction<Database>;

export interface ChainHead {
  lastId: string | null;
  lastHash: string;
}

function headOf(row: { last_id: string | null; last_hash: string }): ChainHead {
  return { lastId: row.last_id === null ? null : String(row.last_id), lastHash: row.last_hash };
}

/** Reads the chain head and locks it until `trx` ends: appends queue here, one at a time. */
export async function lockChainHead(trx: Transaction<Database>): Promise<ChainHead> {
  return headOf(await trx.selectFrom('audit_chain_head').select(['last_id', 'last_hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow());
}

export async function findChainHead(db: Db): Promise<ChainHead | undefined> {
  const row = await db.selectFrom('audit_chain_head').select(['last_id', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  return row && headOf(row);
}

export async function insertAuditRow(trx: Transaction<Database>, values: AuditInsert): Promise<string> {
  const row = await trx.insertInto('audit_log').values(values).returning('id').executeTakeFirstOrThrow();
  return String(row.id);
}

export async function moveChainHead(trx: Transaction<Database>, lastId: string, lastHash: string): Promise<void> {
  await trx.updateTable('audit_chain_head').set({ last_id: lastId, last_hash: lastHash }).where('id', '=', 1).execute();
}

/**
 * Entries after `afterId` and up to `upToId` in chain (id) order: one page of a verification walk. The
 * driver reads times to the millisecond, so the microseconds below that come along separately.
 */
export async function listChainPage(db: Db, afterId: string | null, upToId: string, limit: number): Promise<Array<AuditRow & { sub_millisecond: number }>> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .select(sql<number>`(extract(microseconds from occurred_at)::bigint % 1000)::int`.as('sub_millisecond'))
    .where('id', '<=', upToId);
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** The first entry after `afterId` (any entry when null), for naming where a chain goes wrong. */
export async function findIdAfter(db: Db, afterId: string | null): Promise<string | undefined> {
  let query = db.selectFrom('audit_log').select('id');
  if (afterId !== null) query = query.where('id', '>', afterId);
  const row = await query.orderBy('id').limit(1).executeTakeFirst();
  return row && String(row.id);
}

export interface AuditRowFilter {
  /** Organisations readable in every crisis. */
  wholeOrganisationIds: readonly string[];
  /** Organisations readable only for some crises. */
  crisesByOrganisation: ReadonlyMap<string, readonly string[]>;
  crisisId?: string | undefined;
  action?: string | undefined;
  personId?: string | undefined;
  beforeId?: string | undefined;
  limit: number;
}

/** Entries within the scope (organisation, and crisis where the scope says so), newest first. */
export async function listAuditRows(db: Db, filter: AuditRowFilter): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().where((eb) => {
    const allowed = [...filter.crisesByOrganisation].map(([organisationId, crisisIds]) =>
      eb.and([eb('organisation_id', '=', organisationId), eb('crisis_id', 'in', crisisIds)]),
    );
    if (filter.wholeOrganisationIds.length > 0) allowed.push(eb('organisation_id', 'in', filter.wholeOrganisationIds));
    return eb.or(allowed);
  });
  if (filter.crisisId) query = query.where('crisis_id', '=', filter.crisisId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Entries about one person with one of `actions`, oldest first. */
export async function listPersonRows(db: Db, personId: string, actions: readonly string[]) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'occurred_at', 'actor_label', 'action', 'organisation_id', 'fields', 'recipient', 'purpose'])
    .where('person_id', '=', personId)
    .where('action', 'in', actions)
    .orderBy('id')
    .execute();
}

export async function countAuditRows(db: Db): Promise<number> {
  const row = await sql<{ n: string }>`select count(*) as n from audit_log`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
