/**
 * THE gate before any referral, transfer or disclosure of a person's data to another organisation.
 *
 * Rules, in this order; the first that fails refuses:
 * 1. recipient: the recipient is a registered, active organisation. (There is no organisation type for
 *    police, immigration enforcement or intelligence, so such a body can never be a recipient.)
 * 2. person: the person record exists and has not been anonymised.
 * 3. feared_state: a consulate (type 'consulate') whose represents_country is among the person's
 *    feared_states NEVER receives the person's data: not with consent, not with vital interest.
 * 4. consular_opt_in: any other consulate receives data only with a current consent that covers the
 *    purpose AND names that consulate by id. Consent to "consulates" as a type is not enough: consular
 *    contact is opt-in per person and per consulate. No legal basis replaces it.
 * 5. (allowed, basis 'same_organisation') the recipient is the record's controlling organisation.
 * 6. agreement: other recipients need a current data-sharing agreement from the controlling organisation
 *    to the recipient that covers the purpose (STANDARDS §4.6 item 9).
 * 7. consent: and a current (not withdrawn) consent covering the purpose and the recipient, by id or by
 *    organisation type, with ONE exception: when the person's record rests on the legal basis
 *    `vital_interest` and the purpose is `emergency_assistance`, life-saving help does not wait for a
 *    signature (ICRC Handbook ch. 3). No other legal basis (public_interest, legitimate_interest,
 *    contract, legal_obligation, or `consent` without a current consent record) and no other purpose
 *    allows sharing without consent.
 *
 * A refusal is AppError FORBIDDEN (403): the caller may work on the person, but this disclosure is not
 * allowed; the message says why in plain words, names no person and no personal data, and
 * details[0].rule is the rule above. Every refusal is audited as 'share_refused' (with the rule).
 *
 * How to use it:
 * - `shareWithin(db, request, work)` for the share itself: it opens the transaction, decides inside it
 *   with the person, recipient, consents and agreement locked FOR SHARE (so a withdrawal or deactivation
 *   waits for the share instead of slipping in between), runs `work(trx, decision)`, and records the
 *   'share' audit entry (fields, recipient, purpose, basis, agreement) in the same transaction. On a
 *   refusal nothing of `work` happens, and 'share_refused' is recorded after the rollback.
 * - `assertMayShare(db, request)` to check before offering a share (a form, a preview): it records a
 *   refusal, and does NOT record 'share' on success, because nothing has been shared yet.
 * Both need the root handle, not a transaction: a refusal recorded inside a transaction that then rolls
 * back would be lost. Callers authorise the actor on the person (scope) before calling either.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { type AuditActor, recordAudit } from '../audit/audit.service.ts';
import { listCurrentConsentsFor } from './consent.repo.ts';
import { findPersonForShare } from './people.repo.ts';
import { findCurrentAgreement, findRecipient } from './sharing.repo.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ShareRequest {
  personId: string;
  recipientOrganisationId: string;
  purpose: string;
  actor: AuditActor | 'system';
  requestId?: string | null;
}

export type ShareRule = 'recipient' | 'person' | 'feared_state' | 'consular_opt_in' | 'agreement' | 'consent';
export const LIFE_SAVING_PURPOSE = 'emergency_assistance';

interface Controller {
  /** The person's controlling organisation and crisis, when the person exists (for the audit entry). */
  organisationId: string | null;
  crisisId: string | null;
}
export type AllowedShare = Controller & {
  allowed: true;
  basis: 'consent' | 'vital_interest' | 'same_organisation';
  legalBasis: string;
  consentIds: string[];
  agreementReference: string | null;
};
export type RefusedShare = Controller & { allowed: false; rule: ShareRule; reason: string };
export type ShareDecision = AllowedShare | RefusedShare;

const refuse = (controller: Controller, rule: ShareRule, reason: string): RefusedShare => ({ ...controller, allowed: false, rule, reason });

/** Applies the rules above and says why; records nothing. With `lock` (default: inside a transaction) rows are held FOR SHARE. */
export async function decideShare(db: Db, request: Omit<ShareRequest, 'actor'>, options: { now?: Date; lock?: boolean } = {}): Promise<ShareDecision> {
  const lock = options.lock ?? db.isTransaction;
  const person = await findPersonForShare(db, request.personId, lock);
  const controller: Controller = { organisationId: person?.controller_organisation_id ?? null, crisisId: person?.crisis_id ?? null };
  const recipient = await findRecipient(db, request.recipientOrganisationId, lock);
  if (!recipient?.is_active) return refuse(controller, 'recipient', 'The recipient is not a registered, active organisation');
  if (!person || person.anonymised_at) return refuse(controller, 'person', 'There is no such person record, or it was anonymised');

  const isConsulate = recipient.type === 'consulate';
  if (isConsulate && recipient.represents_country !== null && person.feared_states.includes(recipient.represents_country)) {
    return refuse(controller, 'feared_state', 'The person fears the state this consulate represents; Lifeline never shares with it');
  }

  const consents = await listCurrentConsentsFor(db, person.id, request.purpose, lock);
  const naming = consents.filter((c) => c.recipient_organisation_ids.includes(recipient.id));
  const allowed = (basis: AllowedShare['basis'], consentIds: string[], agreementReference: string | null = null): AllowedShare => ({
    ...controller, allowed: true, basis, legalBasis: person.legal_basis, consentIds, agreementReference,
  });

  if (isConsulate) {
    if (naming.length === 0) return refuse(controller, 'consular_opt_in', 'Consular contact needs the person\'s own consent naming this consulate, for this purpose');
    return allowed('consent', naming.map((c) => c.id));
  }
  if (recipient.id === person.controller_organisation_id) return allowed('same_organisation', []);

  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const agreement = await findCurrentAgreement(db, person.controller_organisation_id, recipient.id, request.purpose, today, lock);
  if (!agreement) return refuse(controller, 'agreement', 'There is no current data-sharing agreement with this organisation for this purpose');

  const covering = consents.filter((c) => c.recipient_organisation_ids.includes(recipient.id) || c.recipient_organisation_types.includes(recipient.type));
  if (covering.length > 0) return allowed('consent', covering.map((c) => c.id), agreement.reference);
  if (person.legal_basis === 'vital_interest' && request.purpose === LIFE_SAVING_PURPOSE) return allowed('vital_interest', [], agreement.reference);
  return refuse(controller, 'consent', 'The person has not agreed to share with this organisation for this purpose, or withdrew their consent');
}

function refusalError(decision: RefusedShare): AppError {
  return new AppError('FORBIDDEN', `Sharing refused: ${decision.reason}`, {
    details: [{ field: 'recipientOrganisationId', rule: decision.rule, message: decision.reason }],
  });
}

async function recordRefusal(db: Kysely<Database>, request: ShareRequest, decision: RefusedShare): Promise<void> {
  await recordAudit(db, {
    action: 'share_refused',
    actor: request.actor,
    organisationId: decision.organisationId,
    crisisId: decision.crisisId,
    subjectType: 'person',
    subjectId: request.personId,
    personId: decision.organisationId ? request.personId : null,
    recipient: request.recipientOrganisationId,
    purpose: request.purpose,
    requestId: request.requestId ?? null,
    metadata: { rule: decision.rule },
  });
}

function assertRoot(db: Kysely<Database>, name: string): void {
  if (db.isTransaction) throw new Error(`${name} must be given the root database handle, not a transaction, so that a refusal is recorded`);
}

/** Throws FORBIDDEN (after recording 'share_refused') unless sharing is allowed; records nothing on success. */
export async function assertMayShare(db: Kysely<Database>, request: ShareRequest, now?: Date): Promise<AllowedShare> {
  assertRoot(db, 'assertMayShare');
  const decision = await decideShare(db, request, now ? { now } : {});
  if (decision.allowed) return decision;
  await recordRefusal(db, request, decision);
  throw refusalError(decision);
}

export interface ShareWork extends ShareRequest {
  /** The names of the fields that travel (never their values): they go into the 'share' audit entry. */
  fields: string[];
  /** What was shared, e.g. a referral: subject of the audit entry (default: the person). */
  subjectType?: string;
  subjectId?: string;
}

/** Thrown inside the transaction to roll it back; never leaves this module. */
class Refused extends Error {
  constructor(readonly decision: RefusedShare) {
    super('share refused');
  }
}

/** Decides and shares in one transaction; records 'share' with the result, or 'share_refused' after a rollback. */
export async function shareWithin<T>(db: Kysely<Database>, request: ShareWork, work: (trx: Transaction<Database>, decision: AllowedShare) => Promise<T>): Promise<T> {
  assertRoot(db, 'shareWithin');
  try {
    return await db.transaction().execute(async (trx) => {
      const decision = await decideShare(trx, request, { lock: true });
      if (!decision.allowed) throw new Refused(decision);
      const result = await work(trx, decision);
      await recordAudit(trx, {
        action: 'share',
        actor: request.actor,
        organisationId: decision.organisationId,
        crisisId: decision.crisisId,
        subjectType: request.subjectType ?? 'person',
        subjectId: request.subjectId ?? request.personId,
        personId: request.personId,
        fields: request.fields,
        recipient: request.recipientOrganisationId,
        purpose: request.purpose,
        requestId: request.requestId ?? null,
        metadata: { basis: decision.basis, legalBasis: decision.legalBasis, consentIds: decision.consentIds, agreementReference: decision.agreementReference },
      });
      return result;
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    await recordRefusal(db, request, error.decision);
    throw refusalError(error.decision);
  }
}
