/**
 * Cross-border case transfer between two Lifeline deployments. The sender decides through the sharing gate
 * (shareWithin: the partner's organisation here must have a data-sharing agreement covering the purpose, and the
 * person's consent), records exactly what leaves, signs the envelope with its Ed25519 key and posts it to the
 * partner. The partner checks the signature against the key it registered for the sender, refuses replays and
 * stale envelopes, records what arrived, and answers with a signed receipt that the sender keeps. A receiving
 * caseworker then accepts the transfer into a case of their own (or declines it).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { CaseTransfersTable, Database } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import { can, grantsFor } from '../../access/policy.ts';
import type { Principal } from '../../access/principal.ts';
import { actorOf, recordAudit } from '../../audit/audit.service.ts';
import { presentPerson, writePerson } from '../../data-protection/people.service.ts';
import { shareWithin } from '../../data-protection/sharing.service.ts';
import { isRetired, NEED_CODE, needList } from '../../triage/needs.ts';
import { identityReferralFields, type ReferralField, referralFields } from '../referral-fields.ts';
import { deploymentKey, isEd25519PublicKey, signBytes, verifyBytes } from './keys.ts';

/** An envelope older than this (or from the future by more) is refused. */
export const MAX_CLOCK_SKEW_MS = 10 * 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;

export const PartnerCreate = z.strictObject({
  name: z.string().trim().min(2).max(200),
  baseUrl: z.url({ message: 'must be the partner deployment\'s address, such as https://lifeline.example.org' }).refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://'),
  publicKey: z.string().trim().refine(isEd25519PublicKey, 'must be the partner\'s Ed25519 public key as shown at its /api/federation/key'),
  organisationId: z.uuid('must be the organisation here that works with this partner'),
  country: z.string().length(2).toUpperCase().optional(),
});

export const TransferCreate = z.strictObject({
  partnerId: z.uuid('must be a partner deployment id'),
  purpose: z.enum(['return_reintegration', 'case_management'], { message: 'must be return_reintegration or case_management' }),
  fields: z.array(z.enum(referralFields, { message: `each field must be one of ${referralFields.join(', ')}` })).min(1),
});

export const Envelope = z.strictObject({
  v: z.literal(1),
  transferId: z.uuid(),
  from: z.string().min(40).max(200),
  sentAt: z.iso.datetime({ offset: true }),
  purpose: z.string().max(60),
  legalBasis: z.string().max(60),
  agreementReference: z.string().max(200).nullable(),
  fields: z.array(z.string().max(60)).max(30),
  payload: z.record(z.string(), z.unknown()),
});
type Envelope = z.infer<typeof Envelope>;

export const Transfer = z.object({
  id: z.uuid(),
  direction: z.string(),
  partnerId: z.uuid(),
  caseId: z.uuid().nullable(),
  purpose: z.string(),
  agreementReference: z.string().nullable(),
  fields: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()).nullable(),
  status: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});

type TransferRow = Selectable<CaseTransfersTable>;
const present = (row: TransferRow, withPayload: boolean): z.infer<typeof Transfer> => ({
  id: row.id, direction: row.direction, partnerId: row.partner_id, caseId: row.case_id, purpose: row.purpose, agreementReference: row.agreement_reference,
  fields: row.fields, payload: withPayload ? row.payload : null, status: row.status, lastError: row.last_error, createdAt: row.created_at.toISOString(),
});

export async function registerPartner(db: Kysely<Database>, input: z.infer<typeof PartnerCreate>) {
  const org = await db.selectFrom('organisations').select('id').where('id', '=', input.organisationId).executeTakeFirst();
  if (!org) throw AppError.validation('organisationId', 'exists', 'organisationId must be an organisation registered here');
  const row = await db
    .insertInto('partner_deployments')
    .values({ name: input.name, base_url: input.baseUrl.replace(/\/+$/, ''), public_key: input.publicKey, organisation_id: input.organisationId, country: input.country ?? null })
    .onConflict((oc) => oc.column('public_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw AppError.conflict('A partner with this public key is registered already');
  return { id: row.id };
}

/** Sends the case to the partner: decided by the sharing gate, recorded, signed, delivered (a failed delivery can be retried). */
export async function sendTransfer(db: Kysely<Database>, principal: Principal, secretKey: Buffer, caseId: string, input: z.infer<typeof TransferCreate>, requestId: string) {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || !can(principal, 'case:read', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw AppError.notFound('Case');
  if (!can(principal, 'referral:send', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw new AppError('FORBIDDEN', 'Your role does not allow transfers (needs referral:send)');
  if (!row.person_id) throw AppError.validation('fields', 'no_person', 'A transfer needs the person\'s identity record and consent');
  const partner = await db.selectFrom('partner_deployments').selectAll().where('id', '=', input.partnerId).where('is_active', '=', true).executeTakeFirst();
  if (!partner) throw AppError.validation('partnerId', 'exists', 'partnerId must be an active partner deployment');
  const fields = [...new Set(input.fields)] as ReferralField[];
  const transferId = randomUUID();
  const key = await deploymentKey(db, secretKey);
  const envelope = await shareWithin(
    db,
    { personId: row.person_id, recipientOrganisationId: partner.organisation_id, purpose: input.purpose, actor: actorOf(principal), requestId, fields, subjectType: 'case_transfer', subjectId: transferId },
    async (trx, decision) => {
      const person = await trx.selectFrom('people').selectAll().where('id', '=', row.person_id as string).executeTakeFirstOrThrow();
      const identity = presentPerson(person, true) as unknown as Record<string, unknown>;
      const fromCase: Record<string, unknown> = { reference: row.reference, needs: row.needs, vulnerabilities: row.vulnerabilities, riskLevel: row.risk_level };
      const payload = Object.fromEntries(fields.map((f) => [f, identityReferralFields.includes(f) ? (identity[f] ?? null) : fromCase[f]]));
      const built: Envelope = { v: 1, transferId, from: key.publicKey, sentAt: new Date().toISOString(), purpose: input.purpose, legalBasis: decision.legalBasis, agreementReference: decision.agreementReference, fields, payload };
      await trx.insertInto('case_transfers').values({
        id: transferId, direction: 'outgoing', partner_id: partner.id, case_id: caseId, purpose: input.purpose, legal_basis: decision.legalBasis,
        agreement_reference: decision.agreementReference, fields, payload: JSON.stringify(payload), status: 'pending',
      }).execute();
      return built;
    },
  );
  await deliver(db, secretKey, transferId, envelope, partner);
  const stored = await db.selectFrom('case_transfers').selectAll().where('id', '=', transferId).executeTakeFirstOrThrow();
  return present(stored, true);
}

/** Posts the signed envelope; on success keeps the partner's signed receipt, otherwise the error (to retry). */
export async function deliver(db: Kysely<Database>, secretKey: Buffer, transferId: string, envelope: Envelope, partner: { base_url: string; public_key: string }): Promise<boolean> {
  const key = await deploymentKey(db, secretKey);
  const body = Buffer.from(JSON.stringify(envelope), 'utf8');
  let error: string;
  try {
    const response = await fetch(`${partner.base_url}/api/federation/transfers`, {
      method: 'POST', body, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      headers: { 'content-type': 'application/json', 'x-lifeline-signature': signBytes(key.privateKey, body) },
    });
    const answer = (await response.json().catch(() => ({}))) as { receipt?: string; error?: { message?: string } };
    if (response.ok && answer.receipt && verifyBytes(partner.public_key, Buffer.from(`receipt:${transferId}`), answer.receipt)) {
      await db.updateTable('case_transfers').set((eb) => ({ status: 'delivered', partner_receipt: answer.receipt as string, delivered_at: new Date(), last_error: null, attempts: eb('attempts', '+', 1) })).where('id', '=', transferId).execute();
      return true;
    }
    error = response.ok ? 'the partner\'s receipt did not verify' : `the partner answered ${response.status}: ${answer.error?.message ?? ''}`.trim();
  } catch (e) {
    error = `the partner could not be reached: ${(e as Error).message}`;
  }
  await db.updateTable('case_transfers').set((eb) => ({ last_error: error.slice(0, 500), attempts: eb('attempts', '+', 1) })).where('id', '=', transferId).execute();
  return false;
}

/** The partner's side: verify, refuse replays and stale envelopes, record what arrived, answer with a signed receipt. */
export async function receiveTransfer(db: Kysely<Database>, secretKey: Buffer, rawBody: Buffer | undefined, signature: string | undefined): Promise<{ receipt: string; receivedAt: string }> {
  if (!rawBody || !signature) throw new AppError('UNAUTHENTICATED', 'A transfer must be signed (x-lifeline-signature)');
  let parsed: Envelope;
  try {
    parsed = Envelope.parse(JSON.parse(rawBody.toString('utf8')));
  } catch {
    throw AppError.validation('body', 'envelope', 'The body is not a Lifeline transfer envelope');
  }
  const partner = await db.selectFrom('partner_deployments').selectAll().where('public_key', '=', parsed.from).where('is_active', '=', true).executeTakeFirst();
  if (!partner || !verifyBytes(parsed.from, rawBody, signature)) throw new AppError('UNAUTHENTICATED', 'The signature does not match a registered partner deployment');
  if (Math.abs(Date.now() - new Date(parsed.sentAt).getTime()) > MAX_CLOCK_SKEW_MS) throw AppError.validation('sentAt', 'fresh', 'The envelope is too old or from the future; check both clocks');
  const key = await deploymentKey(db, secretKey);
  const receipt = signBytes(key.privateKey, Buffer.from(`receipt:${parsed.transferId}`));
  const inserted = await db
    .insertInto('case_transfers')
    .values({
      id: parsed.transferId, direction: 'incoming', partner_id: partner.id, purpose: parsed.purpose, legal_basis: parsed.legalBasis, agreement_reference: parsed.agreementReference,
      fields: parsed.fields, payload: JSON.stringify(parsed.payload), status: 'received',
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    await recordAudit(db, { action: 'disclose', actor: 'system', organisationId: partner.organisation_id, subjectType: 'case_transfer', subjectId: parsed.transferId, fields: parsed.fields, recipient: partner.organisation_id, purpose: parsed.purpose, metadata: { from: partner.name } });
  }
  // A retried delivery of the same envelope gets the same receipt and stores nothing new.
  return { receipt, receivedAt: new Date().toISOString() };
}

function transferOrganisations(principal: Principal): { receive: string[]; send: string[] } {
  return {
    receive: [...new Set(grantsFor(principal, 'referral:receive').map((g) => g.organisationId))],
    send: [...new Set(grantsFor(principal, 'referral:send').map((g) => g.organisationId))],
  };
}

export async function listTransfers(db: Kysely<Database>, principal: Principal, direction: 'incoming' | 'outgoing', requestId: string) {
  const orgs = transferOrganisations(principal);
  const query = db.selectFrom('case_transfers as t').innerJoin('partner_deployments as p', 'p.id', 't.partner_id').selectAll('t').where('t.direction', '=', direction);
  const rows = direction === 'incoming'
    ? await query.where('p.organisation_id', 'in', orgs.receive.length ? orgs.receive : ['00000000-0000-0000-0000-000000000000']).orderBy('t.created_at', 'desc').limit(200).execute()
    : await query.innerJoin('cases as c', 'c.id', 't.case_id').where('c.organisation_id', 'in', orgs.send.length ? orgs.send : ['00000000-0000-0000-0000-000000000000']).orderBy('t.created_at', 'desc').limit(200).execute();
  if (rows.length > 0) await recordAudit(db, { action: 'view', actor: actorOf(principal), subjectType: 'case_transfers', requestId, metadata: { direction, transfers: rows.map((r) => r.id) } });
  return rows.map((r) => present(r, true));
}

/** The receiving caseworker takes an incoming transfer into a new case of their organisation, in one of their crises. */
export async function acceptTransfer(db: Kysely<Database>, principal: Principal, id: string, crisisId: string, requestId: string) {
  const row = await db.selectFrom('case_transfers as t').innerJoin('partner_deployments as p', 'p.id', 't.partner_id').selectAll('t').select('p.organisation_id').where('t.id', '=', id).where('t.direction', '=', 'incoming').executeTakeFirst();
  if (!row || !can(principal, 'referral:receive', { organisationId: row.organisation_id })) throw AppError.notFound('Transfer');
  if (!can(principal, 'case:write', { crisisId, organisationId: row.organisation_id })) throw AppError.validation('crisisId', 'membership', 'crisisId must be a crisis where you open cases for the receiving organisation');
  if (row.status !== 'received') throw AppError.conflict(`This transfer was ${row.status} already`);
  const payload = row.payload;
  return db.transaction().execute(async (trx) => {
    const identity = identityReferralFields.some((f) => payload[f] !== undefined && payload[f] !== null);
    const person = identity
      ? await writePerson(trx, {
        crisisId, organisationId: row.organisation_id, purpose: row.purpose, legalBasis: row.legal_basis, channel: 'referral', collectedBy: principal.userId,
        ...(typeof payload['givenName'] === 'string' ? { givenName: payload['givenName'] } : {}),
        ...(typeof payload['familyName'] === 'string' ? { familyName: payload['familyName'] } : {}),
        ...(typeof payload['phone'] === 'string' ? { phone: payload['phone'] } : {}),
        ...(typeof payload['nationality'] === 'string' ? { nationality: payload['nationality'] } : {}),
        ...(typeof payload['preferredLanguage'] === 'string' ? { preferredLanguage: payload['preferredLanguage'] } : {}),
      }, actorOf(principal), requestId)
      : undefined;
    const crisis = await trx.selectFrom('crises').select('affected_countries').where('id', '=', crisisId).executeTakeFirstOrThrow();
    const { needs, unmatchedNeeds } = receivedNeeds(await needList(trx), payload['needs']);
    const vulnerabilities = Array.isArray(payload['vulnerabilities']) ? payload['vulnerabilities'] : [];
    const created = await trx
      .insertInto('cases')
      .values({
        crisis_id: crisisId, organisation_id: row.organisation_id, reference: `${crisis.affected_countries[0] ?? 'XX'}-T-${id.slice(0, 8).toUpperCase()}`, person_id: person?.id ?? null,
        opened_from: 'transfer', needs, vulnerabilities: JSON.stringify(vulnerabilities), legal_basis: row.legal_basis, purpose: row.purpose, assigned_to: principal.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('case_transfers').set({ status: 'accepted', case_id: created.id, decided_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: row.organisation_id, crisisId, subjectType: 'case', subjectId: created.id, personId: person?.id ?? null, requestId, metadata: { fromTransfer: id, unmatchedNeeds } });
    return { caseId: created.id, unmatchedNeeds };
  });
}

/**
 * The partner's needs codes, read against this deployment's list: codes in use are kept; codes this list does not
 * have (the partner's own) or has retired are not stored as needs but named back (unmatchedNeeds) and stand as
 * "other", so that the transfer is taken in whole and a caseworker can recode them. Anything that is not a code is
 * dropped.
 */
export function receivedNeeds(list: Awaited<ReturnType<typeof needList>>, offered: unknown): { needs: string[]; unmatchedNeeds: string[] } {
  const codes = [...new Set((Array.isArray(offered) ? offered : []).filter((c): c is string => typeof c === 'string' && c.length <= 40 && NEED_CODE.test(c)))].slice(0, 50);
  const needs = codes.filter((c) => list.byCode.has(c) && !isRetired(list, c));
  const unmatchedNeeds = codes.filter((c) => !needs.includes(c));
  if (unmatchedNeeds.length > 0 && !needs.includes('other') && list.byCode.has('other') && !isRetired(list, 'other')) needs.push('other');
  return { needs, unmatchedNeeds };
}

/** Sends a pending outgoing transfer again (same id, so the partner stores it once), with a fresh signature and time. */
export async function retryTransfer(db: Kysely<Database>, principal: Principal, secretKey: Buffer, id: string) {
  const row = await db.selectFrom('case_transfers as t').innerJoin('cases as c', 'c.id', 't.case_id').selectAll('t').select(['c.crisis_id', 'c.organisation_id']).where('t.id', '=', id).where('t.direction', '=', 'outgoing').executeTakeFirst();
  if (!row || !can(principal, 'referral:send', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw AppError.notFound('Transfer');
  if (row.status !== 'pending') throw AppError.conflict(`This transfer is ${row.status}; only a pending one is sent again`);
  const partner = await db.selectFrom('partner_deployments').selectAll().where('id', '=', row.partner_id).executeTakeFirstOrThrow();
  const key = await deploymentKey(db, secretKey);
  const envelope: Envelope = {
    v: 1, transferId: row.id, from: key.publicKey, sentAt: new Date().toISOString(), purpose: row.purpose, legalBasis: row.legal_basis,
    agreementReference: row.agreement_reference, fields: row.fields, payload: row.payload,
  };
  await deliver(db, secretKey, row.id, envelope, partner);
  return present(await db.selectFrom('case_transfers').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), true);
}
