/** Consent: what a person agreed to, recorded with language, method and notice; withdrawn at once. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { organisationTypeCodes } from '../organisations/organisation-types.ts';
import { findPersonInScope } from './people.service.ts';

export const ConsentCreate = z.strictObject({
  purposes: z.array(z.string().min(1).max(60)).min(1, 'must name at least one purpose').max(20),
  recipientOrganisationIds: z.array(z.uuid()).max(50).optional(),
  recipientOrganisationTypes: z.array(z.enum(organisationTypeCodes)).max(20).optional(),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as ar or ti'),
  method: z.enum(['verbal', 'sms_keyword', 'web_form', 'signature']),
  noticeVersion: z.string().trim().min(1).max(60),
});
export type ConsentCreate = z.infer<typeof ConsentCreate>;

export const ConsentWithdraw = z.strictObject({
  method: z.enum(['verbal', 'sms_keyword', 'web_form', 'signature', 'staff_on_request']),
});

export const Consent = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  purposes: z.array(z.string()),
  recipientOrganisationIds: z.array(z.string()),
  recipientOrganisationTypes: z.array(z.string()),
  language: z.string(),
  method: z.string(),
  noticeVersion: z.string(),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
});

function present(row: {
  id: string; person_id: string; purposes: string[]; recipient_organisation_ids: string[]; recipient_organisation_types: string[];
  language: string; method: string; notice_version: string; recorded_at: Date; withdrawn_at: Date | null;
}): z.infer<typeof Consent> {
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
  };
}

async function personForWrite(db: Kysely<Database>, principal: Principal, personId: string) {
  const person = await findPersonInScope(db, principal, personId);
  if (!person) throw AppError.notFound('Person');
  const scope = { organisationId: person.controller_organisation_id, crisisId: person.crisis_id };
  if (!can(principal, 'case:write', scope) && !can(principal, 'intake:write', scope) && !can(principal, 'data_protection:manage', scope)) {
    throw new AppError('FORBIDDEN', 'Your role cannot record consent for this person');
  }
  return person;
}

export async function recordConsent(db: Kysely<Database>, principal: Principal, personId: string, input: ConsentCreate, requestId: string) {
  const person = await personForWrite(db, principal, personId);
  const known = await db.selectFrom('processing_purposes').select('code').where('code', 'in', input.purposes).execute();
  const unknown = input.purposes.filter((p) => !known.some((k) => k.code === p));
  if (unknown.length > 0) throw AppError.validation('purposes', 'registered', `Not registered purposes: ${unknown.join(', ')}`);
  if ((input.recipientOrganisationIds ?? []).length > 0) {
    const orgs = await db.selectFrom('organisations').select('id').where('id', 'in', input.recipientOrganisationIds ?? []).execute();
    if (orgs.length !== new Set(input.recipientOrganisationIds).size) {
      throw AppError.validation('recipientOrganisationIds', 'exists', 'Some recipient organisations do not exist');
    }
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('consent_records')
      .values({
        person_id: person.id,
        crisis_id: person.crisis_id,
        purposes: [...new Set(input.purposes)],
        recipient_organisation_ids: [...new Set(input.recipientOrganisationIds ?? [])],
        recipient_organisation_types: [...new Set(input.recipientOrganisationTypes ?? [])],
        language: input.language,
        method: input.method,
        notice_version: input.noticeVersion,
        recorded_by: principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'consent_recorded',
      actor: actorOf(principal),
      organisationId: person.controller_organisation_id,
      crisisId: person.crisis_id,
      subjectType: 'consent',
      subjectId: row.id,
      personId: person.id,
      requestId,
      metadata: { purposes: row.purposes, recipients: row.recipient_organisation_ids.length, recipientTypes: row.recipient_organisation_types, method: row.method },
    });
    return present(row);
  });
}

export async function withdrawConsent(db: Kysely<Database>, principal: Principal, personId: string, consentId: string, method: string, requestId: string) {
  const person = await personForWrite(db, principal, personId);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('consent_records')
      .set({ withdrawn_at: new Date(), withdrawn_by: principal.userId, withdrawal_method: method })
      .where('id', '=', consentId)
      .where('person_id', '=', person.id)
      .where('withdrawn_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('consent_records').select('id').where('id', '=', consentId).where('person_id', '=', person.id).executeTakeFirst();
      if (!exists) throw AppError.notFound('Consent');
      throw AppError.conflict('This consent was withdrawn already');
    }
    await recordAudit(trx, {
      action: 'consent_withdrawn',
      actor: actorOf(principal),
      organisationId: person.controller_organisation_id,
      crisisId: person.crisis_id,
      subjectType: 'consent',
      subjectId: row.id,
      personId: person.id,
      requestId,
      // Recipients that already received data are told by the modules that shared it (referrals, transfers).
      metadata: { method, recipientsToNotify: row.recipient_organisation_ids },
    });
    return present(row);
  });
}

export async function listConsents(db: Kysely<Database>, principal: Principal, personId: string) {
  const person = await findPersonInScope(db, principal, personId);
  if (!person) throw AppError.notFound('Person');
  const rows = await db.selectFrom('consent_records').selectAll().where('person_id', '=', person.id).orderBy('recorded_at', 'desc').execute();
  return rows.map(present);
}
