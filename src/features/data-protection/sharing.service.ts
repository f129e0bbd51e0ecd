/**
 * The one gate before any referral, transfer or disclosure of a person's data to another organisation.
 *
 * Rules, in order (the first that fails refuses):
 * 1. The recipient is a registered, active organisation (there is no type for police or immigration
 *    enforcement, so such a body can never be a recipient).
 * 2. The person exists in the sharer's scope and has not been anonymised.
 * 3. A consulate never receives data of a person who fears the state it represents: not with consent,
 *    not with vital interest.
 * 4. A consulate receives data only with a current consent that names that consulate and the purpose
 *    (consular contact is opt-in per person and per consulate).
 * 5. Other recipients need a current data-sharing agreement between the controlling organisation and the
 *    recipient covering the purpose (not needed within the controlling organisation itself), and
 * 6. a current consent covering the purpose and the recipient (by id or by organisation type), unless the
 *    person's record rests on vital interest and the purpose is emergency_assistance or evacuation:
 *    life-saving help does not wait for a signature (ICRC Handbook ch. 3).
 *
 * Use: call `assertMayShare` with the root database handle BEFORE opening the transaction that shares;
 * a refusal is audited ('share_refused') in its own transaction so that it survives. Inside the sharing
 * transaction, call `decideShare(trx, ...)` again to close the window against a withdrawal in between, and
 * record the 'share' audit entry with the fields that travelled.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { AuditActor } from '../audit/audit.service.ts';
import { recordAudit } from '../audit/audit.service.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ShareRequest {
  personId: string;
  recipientOrganisationId: string;
  purpose: string;
  actor: AuditActor;
  requestId?: string | null;
}

export type ShareDecision =
  | { allowed: true; basis: 'consent' | 'vital_interest' | 'same_organisation' }
  | { allowed: false; rule: 'recipient' | 'person' | 'feared_state' | 'consular_opt_in' | 'agreement' | 'consent'; reason: string };

const LIFE_SAVING_PURPOSES = new Set(['emergency_assistance', 'evacuation']);

export async function decideShare(db: Db, request: Omit<ShareRequest, 'actor'>, now = new Date()): Promise<ShareDecision> {
  const recipient = await db.selectFrom('organisations').select(['id', 'type', 'represents_country', 'is_active']).where('id', '=', request.recipientOrganisationId).executeTakeFirst();
  if (!recipient || !recipient.is_active) return { allowed: false, rule: 'recipient', reason: 'The recipient is not a registered, active organisation' };
  const person = await db
    .selectFrom('people')
    .select(['id', 'crisis_id', 'controller_organisation_id', 'legal_basis', 'feared_states', 'anonymised_at'])
    .where('id', '=', request.personId)
    .executeTakeFirst();
  if (!person || person.anonymised_at) return { allowed: false, rule: 'person', reason: 'There is no such person record, or it was anonymised' };

  if (recipient.type === 'consulate' && recipient.represents_country && person.feared_states.includes(recipient.represents_country)) {
    return { allowed: false, rule: 'feared_state', reason: 'The person fears the state this consulate represents; Lifeline never shares with it' };
  }

  const consents = await db
    .selectFrom('consent_records')
    .select(['purposes', 'recipient_organisation_ids', 'recipient_organisation_types'])
    .where('person_id', '=', person.id)
    .where('withdrawn_at', 'is', null)
    .execute();
  const coversPurpose = consents.filter((c) => c.purposes.includes(request.purpose));
  const namesRecipient = coversPurpose.some((c) => c.recipient_organisation_ids.includes(recipient.id));

  if (recipient.type === 'consulate') {
    if (!namesRecipient) return { allowed: false, rule: 'consular_opt_in', reason: 'Consular contact needs the person\'s consent naming this consulate' };
    return { allowed: true, basis: 'consent' };
  }
  if (recipient.id === person.controller_organisation_id) return { allowed: true, basis: 'same_organisation' };

  const today = now.toISOString().slice(0, 10);
  const agreement = await db
    .selectFrom('sharing_agreements')
    .select('id')
    .where('organisation_id', '=', person.controller_organisation_id)
    .where('partner_organisation_id', '=', recipient.id)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .where((eb) => eb(eb.val(request.purpose), '=', eb.fn.any('purposes')))
    .executeTakeFirst();
  if (!agreement) return { allowed: false, rule: 'agreement', reason: 'There is no current data-sharing agreement with this organisation for this purpose' };

  if (namesRecipient || coversPurpose.some((c) => c.recipient_organisation_types.includes(recipient.type))) return { allowed: true, basis: 'consent' };
  if (person.legal_basis === 'vital_interest' && LIFE_SAVING_PURPOSES.has(request.purpose)) return { allowed: true, basis: 'vital_interest' };
  return { allowed: false, rule: 'consent', reason: 'The person has not agreed to share with this organisation for this purpose, or withdrew their consent' };
}

/** Throws FORBIDDEN (and audits the refusal) unless sharing is allowed. Call outside any transaction. */
export async function assertMayShare(db: Kysely<Database>, request: ShareRequest): Promise<ShareDecision & { allowed: true }> {
  if (db.isTransaction) throw new Error('assertMayShare must be called outside a transaction, so that a refusal is recorded');
  const decision = await decideShare(db, request);
  if (decision.allowed) return decision;
  const person = await db.selectFrom('people').select(['crisis_id', 'controller_organisation_id']).where('id', '=', request.personId).executeTakeFirst();
  await recordAudit(db, {
    action: 'share_refused',
    actor: request.actor,
    organisationId: person?.controller_organisation_id ?? null,
    crisisId: person?.crisis_id ?? null,
    subjectType: 'person',
    subjectId: request.personId,
    personId: person ? request.personId : null,
    recipient: request.recipientOrganisationId,
    purpose: request.purpose,
    requestId: request.requestId ?? null,
    metadata: { rule: decision.rule },
  });
  throw new AppError('FORBIDDEN', `Sharing refused: ${decision.reason}`, {
    details: [{ field: 'recipientOrganisationId', rule: decision.rule, message: decision.reason }],
  });
}
