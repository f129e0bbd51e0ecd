/**
 * Data subject requests (access, correction, erasure, objection, restriction), tracked with a deadline
 * (received + 30 days by default, `responseDays` to change it) and an outcome; overdue ones are listed.
 * Any staff member records one; data protection officers (data_protection:manage, scoped in SQL) handle
 * them. An access request can be answered with the person's disclosure history.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { scopeFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, listDisclosuresForPerson, recordAudit } from '../audit/audit.service.ts';
import { findPersonInScope } from './people.service.ts';
import { isEmptyScope, scopeForAny } from './scope.ts';
import type { SubjectRequest, SubjectRequestCreate, SubjectRequestUpdate } from './subject-requests.schemas.ts';
import * as repo from './subject-requests.repo.ts';

export const RESPONSE_DAYS = 30;
const SKEW_MS = 5 * 60_000;

function present(row: repo.SubjectRequestRow, now = new Date()): SubjectRequest {
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
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

export interface SubjectRequestOptions {
  /** Days to answer, counted from receipt (default 30). */
  responseDays?: number;
  now?: Date;
}

export async function createSubjectRequest(db: Kysely<Database>, principal: Principal, input: SubjectRequestCreate, requestId: string, options: SubjectRequestOptions = {}): Promise<SubjectRequest> {
  const now = options.now ?? new Date();
  const responseDays = options.responseDays ?? RESPONSE_DAYS;
  if (!scopeForAny(principal, ['crisis:read']).crisesByOrganisation.has(input.organisationId)) throw AppError.notFound('Organisation');
  const personId = input.personId ?? null;
  if (personId !== null) {
    const person = await findPersonInScope(db, principal, personId);
    if (!person || person.controller_organisation_id !== input.organisationId) throw AppError.validation('personId', 'exists', 'No such person in this organisation');
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + SKEW_MS) throw AppError.validation('receivedAt', 'not_future', 'must not be in the future');
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertSubjectRequest(trx, {
      organisation_id: input.organisationId,
      person_id: personId,
      kind: input.kind,
      channel: input.channel,
      received_at: receivedAt,
      due_at: new Date(receivedAt.getTime() + responseDays * 86_400_000),
    });
    await recordAudit(trx, { action: 'data_subject_request', actor: actorOf(principal), organisationId: input.organisationId, subjectType: 'data_subject_request', subjectId: row.id, personId, requestId, metadata: { kind: input.kind, status: row.status } });
    return present(row, now);
  });
}

export async function listSubjectRequests(db: Kysely<Database>, principal: Principal, onlyOverdue: boolean, now = new Date()): Promise<SubjectRequest[]> {
  const scope = scopeFor(principal, 'data_protection:manage');
  if (isEmptyScope(scope)) return [];
  return (await repo.listSubjectRequests(db, scope, { overdueAt: onlyOverdue ? now : undefined, limit: 500 })).map((r) => present(r, now));
}

export async function updateSubjectRequest(db: Kysely<Database>, principal: Principal, id: string, input: SubjectRequestUpdate, requestId: string): Promise<SubjectRequest> {
  const scope = scopeFor(principal, 'data_protection:manage');
  if (isEmptyScope(scope)) throw AppError.notFound('Data subject request');
  return db.transaction().execute(async (trx) => {
    const current = await repo.findSubjectRequestForUpdate(trx, scope, id);
    if (!current) throw AppError.notFound('Data subject request');
    if (current.status === 'completed' || current.status === 'refused') throw AppError.conflict('This request is closed already');
    const closing = input.status !== 'in_progress';
    const row = await repo.updateSubjectRequest(trx, id, { status: input.status, outcomeNote: input.outcomeNote, by: principal.userId, closedAt: closing ? new Date() : null });
    await recordAudit(trx, { action: 'data_subject_request', actor: actorOf(principal), organisationId: current.organisation_id, subjectType: 'data_subject_request', subjectId: id, personId: current.person_id, requestId, metadata: { kind: current.kind, status: input.status } });
    return present(row);
  });
}

/**
 * For an access request: who saw, exported, printed or received the person's data. Data protection
 * officers of the controlling organisation only (404 otherwise); audited as a disclosure to the person.
 */
export async function accessReport(db: Kysely<Database>, principal: Principal, personId: string, requestId: string) {
  const person = await findPersonInScope(db, principal, personId, ['data_protection:manage']);
  if (!person) throw AppError.notFound('Person');
  return db.transaction().execute(async (trx) => {
    const disclosures = await listDisclosuresForPerson(trx, personId);
    await recordAudit(trx, { action: 'disclose', actor: actorOf(principal), organisationId: person.controller_organisation_id, crisisId: person.crisis_id, subjectType: 'person', subjectId: personId, personId, recipient: 'data subject', purpose: 'data_subject_access', requestId, fields: ['disclosureHistory'] });
    return { personId, disclosures };
  });
}
