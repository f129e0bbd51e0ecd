/**
 * Data subject requests (access, correction, erasure, objection, restriction), tracked with a deadline
 * (30 days) and an outcome. An access request can be answered with the person's disclosure history.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, listDisclosuresForPerson, recordAudit } from '../audit/audit.service.ts';
import { findPersonInScope } from './people.service.ts';

export const RESPONSE_DAYS = 30;

export const SubjectRequestCreate = z.strictObject({
  organisationId: z.uuid(),
  personId: z.uuid().nullable().optional(),
  kind: z.enum(['access', 'correction', 'erasure', 'objection', 'restriction']),
  channel: z.enum(['sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'letter']),
});
export const SubjectRequestUpdate = z.strictObject({
  status: z.enum(['in_progress', 'completed', 'refused']),
  outcomeNote: z.string().trim().min(1).max(4000),
});

export const SubjectRequest = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  personId: z.uuid().nullable(),
  kind: z.string(),
  channel: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  dueAt: z.string(),
  isOverdue: z.boolean(),
  outcomeNote: z.string().nullable(),
});

type Row = { id: string; organisation_id: string; person_id: string | null; kind: string; channel: string; status: string; received_at: Date; due_at: Date; outcome_note: string | null };
function present(row: Row, now = new Date()): z.infer<typeof SubjectRequest> {
  const open = row.status === 'open' || row.status === 'in_progress';
  return {
    id: row.id,
    organisationId: row.organisation_id,
    personId: row.person_id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    receivedAt: row.received_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    isOverdue: open && row.due_at < now,
    outcomeNote: row.outcome_note,
  };
}

const dpoOrgs = (principal: Principal): string[] => [...new Set(principal.grants.filter((g) => g.role === 'data_protection_officer').map((g) => g.organisationId))];

export async function createSubjectRequest(db: Kysely<Database>, principal: Principal, input: z.infer<typeof SubjectRequestCreate>, requestId: string) {
  if (!principal.grants.some((g) => g.organisationId === input.organisationId)) throw AppError.notFound('Organisation');
  if (input.personId) {
    const person = await findPersonInScope(db, principal, input.personId);
    if (!person || person.controller_organisation_id !== input.organisationId) throw AppError.validation('personId', 'exists', 'No such person in this organisation');
  }
  const receivedAt = new Date();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('data_subject_requests')
      .values({ organisation_id: input.organisationId, person_id: input.personId ?? null, kind: input.kind, channel: input.channel, received_at: receivedAt, due_at: new Date(receivedAt.getTime() + RESPONSE_DAYS * 86_400_000) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'data_subject_request', actor: actorOf(principal), organisationId: input.organisationId, subjectType: 'data_subject_request', subjectId: row.id, personId: input.personId ?? null, requestId, metadata: { kind: input.kind } });
    return present(row);
  });
}

export async function listSubjectRequests(db: Kysely<Database>, principal: Principal, onlyOverdue: boolean) {
  const orgs = dpoOrgs(principal);
  if (orgs.length === 0) return [];
  let query = db.selectFrom('data_subject_requests').selectAll().where('organisation_id', 'in', orgs);
  if (onlyOverdue) query = query.where('status', 'in', ['open', 'in_progress']).where('due_at', '<', new Date());
  return (await query.orderBy('due_at').limit(500).execute()).map((r) => present(r));
}

export async function updateSubjectRequest(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof SubjectRequestUpdate>, requestId: string) {
  const orgs = dpoOrgs(principal);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('data_subject_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current || !orgs.includes(current.organisation_id)) throw AppError.notFound('Data subject request');
    if (current.status === 'completed' || current.status === 'refused') throw AppError.conflict('This request is closed already');
    const closing = input.status !== 'in_progress';
    const row = await trx
      .updateTable('data_subject_requests')
      .set({ status: input.status, outcome_note: input.outcomeNote, handled_by: principal.userId, closed_at: closing ? new Date() : null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'data_subject_request', actor: actorOf(principal), organisationId: current.organisation_id, subjectType: 'data_subject_request', subjectId: id, personId: current.person_id, requestId, metadata: { status: input.status } });
    return present(row);
  });
}

/** For an access request: the person's record and who saw or received it. Audited as a disclosure to the person. */
export async function accessReport(db: Kysely<Database>, principal: Principal, personId: string, requestId: string) {
  const person = await findPersonInScope(db, principal, personId);
  if (!person || !dpoOrgs(principal).includes(person.controller_organisation_id)) throw AppError.notFound('Person');
  const disclosures = await listDisclosuresForPerson(db, personId);
  await recordAudit(db, { action: 'disclose', actor: actorOf(principal), organisationId: person.controller_organisation_id, crisisId: person.crisis_id, subjectType: 'person', subjectId: personId, personId, recipient: 'data subject', purpose: 'data_subject_access', requestId, fields: ['disclosureHistory'] });
  return { personId, disclosures };
}
