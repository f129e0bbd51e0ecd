/**
 * Writing, reading and verifying the audit log. `recordAudit` is called explicitly by services, inside
 * the transaction of the action it records (never from an ORM hook). Appends are serialised by a lock
 * on audit_chain_head, held until the transaction ends: call recordAudit near the end of a transaction.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.ts';
import type { Principal } from '../access/principal.ts';
import { entryHash, GENESIS, type HashedFields } from './audit-hash.ts';

export type AuditAction =
  | 'view' | 'export' | 'print' | 'share' | 'disclose' | 'create' | 'update' | 'delete'
  | 'sign_in' | 'sign_in_failed' | 'sign_out' | 'lockout' | 'two_factor_enabled' | 'permission_change'
  | 'token_created' | 'token_revoked' | 'invitation_created' | 'invitation_accepted' | 'password_reset_issued'
  | 'password_reset_used' | 'break_glass' | 'break_glass_reviewed' | 'consent_recorded' | 'consent_withdrawn'
  | 'share_refused' | 'authority_request' | 'retention_run' | 'data_subject_request';

/** Actions that disclose personal data about a person: what their own disclosure history lists. */
export const disclosureActions: readonly AuditAction[] = ['view', 'export', 'print', 'share', 'disclose'];

export interface AuditActor {
  userId: string | null;
  tokenId?: string | null;
  label: string;
}

export interface AuditEntry {
  action: AuditAction;
  actor: AuditActor | 'system';
  organisationId?: string | null;
  crisisId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  personId?: string | null;
  fields?: string[];
  recipient?: string | null;
  purpose?: string | null;
  requestId?: string | null;
  metadata?: Record<string, unknown>;
}

type Db = Kysely<Database> | Transaction<Database>;

export function actorOf(principal: Principal): AuditActor {
  return { userId: principal.userId, tokenId: principal.tokenId, label: principal.displayName };
}

async function append(trx: Transaction<Database>, entry: AuditEntry): Promise<{ id: string; hash: string }> {
  const head = await trx.selectFrom('audit_chain_head').select('last_hash').where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const actor = entry.actor === 'system' ? { userId: null, tokenId: null, label: 'system' } : entry.actor;
  const fields: HashedFields = {
    occurredAt: new Date(),
    actorUserId: actor.userId,
    actorTokenId: actor.tokenId ?? null,
    actorLabel: actor.label,
    action: entry.action,
    organisationId: entry.organisationId ?? null,
    crisisId: entry.crisisId ?? null,
    subjectType: entry.subjectType ?? null,
    subjectId: entry.subjectId ?? null,
    personId: entry.personId ?? null,
    fields: entry.fields ?? [],
    recipient: entry.recipient ?? null,
    purpose: entry.purpose ?? null,
    requestId: entry.requestId ?? null,
    metadata: entry.metadata ?? {},
  };
  const hash = entryHash(fields, head.last_hash);
  const row = await trx
    .insertInto('audit_log')
    .values({
      occurred_at: fields.occurredAt,
      actor_user_id: fields.actorUserId,
      actor_token_id: fields.actorTokenId,
      actor_label: fields.actorLabel,
      action: fields.action,
      organisation_id: fields.organisationId,
      crisis_id: fields.crisisId,
      subject_type: fields.subjectType,
      subject_id: fields.subjectId,
      person_id: fields.personId,
      fields: [...fields.fields],
      recipient: fields.recipient,
      purpose: fields.purpose,
      request_id: fields.requestId,
      metadata: JSON.stringify(fields.metadata),
      prev_hash: head.last_hash,
      hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('audit_chain_head').set({ last_id: row.id, last_hash: hash }).where('id', '=', 1).execute();
  return { id: String(row.id), hash };
}

/** Appends an entry; inside `db`'s transaction if it is one, else in a transaction of its own. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<{ id: string; hash: string }> {
  if (db.isTransaction) return append(db as Transaction<Database>, entry);
  return db.transaction().execute((trx) => append(trx, entry));
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId?: string;
  reason?: string;
}

/** Walks the whole chain in id order, recomputing every hash. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let checked = 0;
  let after = '0';
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', after).orderBy('id').limit(pageSize).execute();
    for (const row of rows) {
      const id = String(row.id);
      if (row.prev_hash !== prev) return { ok: false, checked, firstBrokenId: id, reason: 'it does not point to the entry before it (an entry was removed or inserted)' };
      const expected = entryHash(hashedFieldsOf(row), row.prev_hash);
      if (expected !== row.hash) return { ok: false, checked, firstBrokenId: id, reason: 'its content does not match its hash (the entry was changed)' };
      prev = row.hash;
      checked += 1;
      after = id;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_chain_head').select(['last_hash']).where('id', '=', 1).executeTakeFirst();
  if (head && head.last_hash !== prev) {
    return { ok: false, checked, firstBrokenId: after, reason: 'the newest entries are missing (the chain head points past the last entry)' };
  }
  return { ok: true, checked };
}

export interface AuditListFilter {
  /** Organisations whose entries may be read (from the caller's scope); empty means none. */
  organisationIds: readonly string[];
  crisisId?: string | undefined;
  action?: AuditAction | undefined;
  personId?: string | undefined;
  beforeId?: string | undefined;
  limit: number;
}

type AuditRow = Selectable<AuditLogTable>;

/** The hashed content of a stored entry: what `verify` recomputes, and what the API presents. */
function hashedFieldsOf(row: AuditRow): HashedFields {
  return {
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorTokenId: row.actor_token_id,
    actorLabel: row.actor_label,
    action: row.action,
    organisationId: row.organisation_id,
    crisisId: row.crisis_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    personId: row.person_id,
    fields: row.fields,
    recipient: row.recipient,
    purpose: row.purpose,
    requestId: row.request_id,
    metadata: row.metadata,
  };
}

export function presentAudit(row: AuditRow) {
  const fields = hashedFieldsOf(row);
  return { ...fields, id: String(row.id), occurredAt: row.occurred_at.toISOString(), fields: [...fields.fields], metadata: row.metadata as Record<string, unknown> };
}

function listRows(db: Db, filter: AuditListFilter) {
  let query = db.selectFrom('audit_log').selectAll().where('organisation_id', 'in', filter.organisationIds);
  if (filter.crisisId) query = query.where('crisis_id', '=', filter.crisisId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.personId) query = query.where('person_id', '=', filter.personId);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

/** Entries of the given organisations, newest first. */
export async function listAudit(db: Db, filter: AuditListFilter) {
  if (filter.organisationIds.length === 0) return [];
  return (await listRows(db, filter)).map(presentAudit);
}

/** A person's own disclosure history: who saw, exported, printed or shared their data, oldest first. */
export async function listDisclosuresForPerson(db: Db, personId: string) {
  const rows = await db
    .selectFrom('audit_log')
    .select(['id', 'occurred_at', 'actor_label', 'action', 'organisation_id', 'fields', 'recipient', 'purpose'])
    .where('person_id', '=', personId)
    .where('action', 'in', [...disclosureActions])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    occurredAt: r.occurred_at.toISOString(),
    by: r.actor_label,
    action: r.action,
    organisationId: r.organisation_id,
    fields: r.fields,
    recipient: r.recipient,
    purpose: r.purpose,
  }));
}

/** Counts for the data protection officer's overview; also a cheap liveness check of the log. */
export async function countAudit(db: Db): Promise<number> {
  const row = await sql<{ n: string }>`select count(*) as n from audit_log`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}
