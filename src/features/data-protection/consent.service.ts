/**
 * Consent: what a person agreed to (purposes; recipients named one by one and/or by organisation type),
 * in which language, how, after which notice. Withdrawal takes effect at once: the sharing gate reads
 * only current consents, and a share in progress holds the consent rows so that a withdrawal waits for
 * it rather than slipping in between. Every record and withdrawal is audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, listDisclosuresForPerson, recordAudit } from '../audit/audit.service.ts';
import type { Consent, ConsentCreate } from './consent.schemas.ts';
import * as repo from './consent.repo.ts';
import { findPersonInScope } from './people.service.ts';
import { unknownPurposes } from './registry.ts';
import { listOrganisationTypes } from './sharing.repo.ts';

export function presentConsent(row: repo.ConsentRow): Consent {
  return {
    id: row.id,
    personId: row.person_id,
    purposes: row.purposes,
    recipientOrganisationIds: row.recipient_organisation_ids,
    recipientOrganisationTypes: row.recipient_organisation_types,
    language: row.language,
    method: row.method,
    noticeVersion: row.notice_version,
    recordedAt: row.recorded_at.toISOString(),
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawalMethod: row.withdrawal_method,
  };
}

/** The person (404 outside the caller's scope), if the caller may record or withdraw consent for them (else 403). */
async function personForWrite(db: Kysely<Database>, principal: Principal, personId: string, forWithdrawal = false) {
  const person = await findPersonInScope(db, principal, personId);
  if (!person) throw AppError.notFound('Person');
  const scope = { organisationId: person.controller_organisation_id, crisisId: person.crisis_id };
  if (!can(principal, 'case:write', scope) && !can(principal, 'intake:write', scope) && !can(principal, 'data_protection:manage', scope)) {
    throw new AppError('FORBIDDEN', 'Your role cannot record or withdraw consent for this person');
  }
  if (!forWithdrawal && person.anonymised_at) throw AppError.conflict('This record was anonymised; consent can no longer be recorded for it');
  return person;
}

export async function recordConsent(db: Kysely<Database>, principal: Principal, personId: string, input: ConsentCreate, requestId: string): Promise<Consent> {
  const person = await personForWrite(db, principal, personId);
  const unknown = await unknownPurposes(db, input.purposes);
  if (unknown.length > 0) throw AppError.validation('purposes', 'registered', `Not registered purposes: ${unknown.join(', ')}`);
  const recipientIds = [...new Set(input.recipientOrganisationIds ?? [])];
  const existing = await repo.listExistingOrganisations(db, recipientIds);
  if (existing.length !== recipientIds.length) throw AppError.validation('recipientOrganisationIds', 'exists', 'Some recipient organisations do not exist');
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertConsent(trx, {
      person_id: person.id,
      crisis_id: person.crisis_id,
      purposes: [...new Set(input.purposes)],
      recipient_organisation_ids: recipientIds,
      recipient_organisation_types: [...new Set(input.recipientOrganisationTypes ?? [])],
      language: input.language,
      method: input.method,
      notice_version: input.noticeVersion,
      recorded_by: principal.userId,
    });
    await recordAudit(trx, {
      action: 'consent_recorded',
      actor: actorOf(principal),
      organisationId: person.controller_organisation_id,
      crisisId: person.crisis_id,
      subjectType: 'consent',
      subjectId: row.id,
      personId: person.id,
      requestId,
      metadata: { purposes: row.purposes, recipientOrganisationIds: row.recipient_organisation_ids, recipientTypes: row.recipient_organisation_types, method: row.method, noticeVersion: row.notice_version },
    });
    return presentConsent(row);
  });
}

/**
 * Withdraws at once. Returns the organisations that already received the person's data under this
 * consent (from the audit log's 'share' entries for a withdrawn purpose and a recipient the consent
 * named), so that the modules that shared can tell them; they are also in the audit entry.
 */
export async function withdrawConsent(db: Kysely<Database>, principal: Principal, personId: string, consentId: string, method: string, requestId: string) {
  const person = await personForWrite(db, principal, personId, true);
  return db.transaction().execute(async (trx) => {
    const row = await repo.withdrawConsent(trx, person.id, consentId, { by: principal.userId, method, at: new Date() });
    if (!row) {
      if (!(await repo.findConsent(trx, person.id, consentId))) throw AppError.notFound('Consent');
      throw AppError.conflict('This consent was withdrawn already');
    }
    const recipientsToNotify = await recipientsUnder(trx, row);
    await recordAudit(trx, {
      action: 'consent_withdrawn',
      actor: actorOf(principal),
      organisationId: person.controller_organisation_id,
      crisisId: person.crisis_id,
      subjectType: 'consent',
      subjectId: row.id,
      personId: person.id,
      requestId,
      metadata: { method, purposes: row.purposes, recipientsToNotify },
    });
    return { ...presentConsent(row), recipientsToNotify };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function recipientsUnder(trx: Parameters<typeof listDisclosuresForPerson>[0], consent: repo.ConsentRow): Promise<string[]> {
  const shared = (await listDisclosuresForPerson(trx, consent.person_id))
    .filter((d) => d.action === 'share' && d.purpose !== null && consent.purposes.includes(d.purpose) && d.recipient !== null && UUID.test(d.recipient))
    .map((d) => d.recipient as string);
  const recipients = [...new Set(shared)];
  if (recipients.length === 0) return [];
  const types = await listOrganisationTypes(trx, recipients);
  return recipients.filter((id) => consent.recipient_organisation_ids.includes(id) || consent.recipient_organisation_types.includes(types.get(id) ?? '')).sort();
}

export async function listConsents(db: Kysely<Database>, principal: Principal, personId: string): Promise<Consent[]> {
  const person = await findPersonInScope(db, principal, personId, ['personal:read', 'data_protection:manage']);
  if (!person) throw AppError.notFound('Person');
  return (await repo.listConsents(db, person.id)).map(presentConsent);
}
