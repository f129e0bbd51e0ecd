/**
 * Referrals: a caseworker sends a case's minimum data to a service in the directory (or to an organisation). Only
 * the fields the service asks for travel; the sharing gate (shareWithin: consent, agreements, feared states) decides
 * at the moment of sending, in the same transaction. The receiver acknowledges, accepts or declines with a reason,
 * and completes with feedback; the sender may revoke, which empties what the receiver can see.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can, grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { enqueue } from '../../jobs/queue.ts';
import { presentPerson } from '../data-protection/people.service.ts';
import { shareWithin } from '../data-protection/sharing.service.ts';
import type { CaseRow } from './cases.repo.ts';
import { ACKNOWLEDGE_WITHIN_HOURS, defaultReferralFields, identityReferralFields, type ReferralField, referralFields } from './referral-fields.ts';

export const ReferralCreate = z
  .strictObject({
    serviceId: z.uuid('must be a service id').optional(),
    toOrganisationId: z.uuid('must be an organisation id').optional(),
    fields: z.array(z.enum(referralFields, { message: `each field must be one of ${referralFields.join(', ')}` })).min(1, 'must name at least one field').optional(),
    note: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  })
  .refine((v) => Boolean(v.serviceId) !== Boolean(v.toOrganisationId), { message: 'give either serviceId or toOrganisationId', path: ['serviceId'] });
export type ReferralCreate = z.infer<typeof ReferralCreate>;

export const Referral = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  fromOrganisationId: z.uuid(),
  toOrganisationId: z.uuid(),
  serviceId: z.uuid().nullable(),
  fields: z.array(z.string()),
  payload: z.record(z.string(), z.unknown()).nullable().describe('What was shared; only for the receiving organisation, empty once revoked'),
  note: z.string().nullable(),
  status: z.string(),
  declineReason: z.string().nullable(),
  feedback: z.string().nullable(),
  sentAt: z.string(),
  acknowledgeBy: z.string(),
  acknowledgementOverdue: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  decidedAt: z.string().nullable().describe('When it was accepted or declined'),
  completedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  version: z.number(),
});
export type Referral = z.infer<typeof Referral>;

type ReferralRow = Awaited<ReturnType<typeof findReferral>> & object;

async function findReferral(db: Kysely<Database> | Transaction<Database>, id: string) {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
}

function present(row: ReferralRow, withPayload: boolean): Referral {
  return {
    id: row.id, caseId: row.case_id, fromOrganisationId: row.from_organisation_id, toOrganisationId: row.to_organisation_id, serviceId: row.service_id,
    fields: row.fields, payload: withPayload ? row.payload : null, note: withPayload ? row.note : null, status: row.status, declineReason: row.decline_reason,
    feedback: row.feedback, sentAt: row.sent_at.toISOString(), acknowledgeBy: row.acknowledge_by.toISOString(),
    acknowledgementOverdue: row.status === 'sent' && row.acknowledge_by < new Date(),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null, decidedAt: row.decided_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null, revokedAt: row.revoked_at?.toISOString() ?? null, version: row.version,
  };
}

/** Where the referral goes and which fields it may carry. */
async function destination(db: Kysely<Database>, input: ReferralCreate): Promise<{ organisationId: string; serviceId: string | null; allowed: readonly ReferralField[] }> {
  if (input.toOrganisationId) {
    const org = await db.selectFrom('organisations').select(['id', 'is_active']).where('id', '=', input.toOrganisationId).executeTakeFirst();
    if (!org?.is_active) throw AppError.validation('toOrganisationId', 'exists', 'toOrganisationId must be an active organisation on Lifeline');
    return { organisationId: org.id, serviceId: null, allowed: referralFields };
  }
  const service = await db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .select(['s.id', 's.status', 's.accepts_referrals', 's.referral_fields', 'o.lifeline_organisation_id'])
    .where('s.id', '=', input.serviceId as string)
    .executeTakeFirst();
  if (!service) throw AppError.validation('serviceId', 'exists', 'serviceId must be a service in the directory');
  if (!service.accepts_referrals || !service.lifeline_organisation_id || service.status !== 'active') {
    throw AppError.validation('serviceId', 'accepts_referrals', 'This service does not take referrals through Lifeline; contact it directly');
  }
  return { organisationId: service.lifeline_organisation_id, serviceId: service.id, allowed: (service.referral_fields ?? defaultReferralFields) as ReferralField[] };
}

/** The values of the chosen fields, from the case and the identity store. */
async function payloadOf(trx: Transaction<Database>, row: CaseRow, fields: readonly ReferralField[]): Promise<Record<string, unknown>> {
  const person = row.person_id ? await trx.selectFrom('people').selectAll().where('id', '=', row.person_id).executeTakeFirst() : undefined;
  const identity = person ? (presentPerson(person, true) as unknown as Record<string, unknown>) : {};
  const fromCase: Record<string, unknown> = { reference: row.reference, needs: row.needs, vulnerabilities: row.vulnerabilities, riskLevel: row.risk_level };
  return Object.fromEntries(fields.map((f) => [f, identityReferralFields.includes(f) ? (identity[f] ?? null) : fromCase[f]]));
}

export async function sendReferral(db: Kysely<Database>, principal: Principal, caseId: string, input: ReferralCreate, requestId: string): Promise<Referral> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
  if (!row || !can(principal, 'case:read', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw AppError.notFound('Case');
  if (!can(principal, 'referral:send', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw new AppError('FORBIDDEN', 'Your role does not allow sending referrals (needs referral:send)');
  if (row.status === 'closed') throw AppError.conflict('This case is closed; reopen it before referring');
  const to = await destination(db, input);
  const fields = [...new Set(input.fields ?? to.allowed)];
  const extra = fields.filter((f) => !to.allowed.includes(f));
  if (extra.length > 0) throw AppError.validation('fields', 'minimum_set', `This service does not need ${extra.join(', ')}; only ${to.allowed.join(', ')} may travel`);
  const identity = fields.filter((f) => identityReferralFields.includes(f));
  if (identity.length > 0 && !row.person_id) throw AppError.validation('fields', 'no_person', `The case has no identity record, so ${identity.join(', ')} cannot be sent`);
  const now = new Date();
  const insert = async (trx: Transaction<Database>): Promise<ReferralRow> => {
    const referral = await trx
      .insertInto('referrals')
      .values({
        case_id: caseId, crisis_id: row.crisis_id, from_organisation_id: row.organisation_id, to_organisation_id: to.organisationId, service_id: to.serviceId,
        fields, payload: JSON.stringify(await payloadOf(trx, row, fields)), note: input.note ?? null, sent_by: principal.userId, sent_at: now,
        acknowledge_by: new Date(now.getTime() + ACKNOWLEDGE_WITHIN_HOURS * 3_600_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.status === 'open' || row.status === 'active') await trx.updateTable('cases').set({ status: 'referred', updated_at: now, version: row.version + 1 }).where('id', '=', caseId).execute();
    return referral;
  };
  let referral: ReferralRow;
  if (row.person_id) {
    referral = await shareWithin(db, { personId: row.person_id, recipientOrganisationId: to.organisationId, purpose: 'referral', actor: actorOf(principal), requestId, fields, subjectType: 'referral' }, insert);
  } else {
    // An anonymous case: nothing identifies the person; the share is still recorded.
    referral = await db.transaction().execute(async (trx) => {
      const created = await insert(trx);
      await recordAudit(trx, { action: 'share', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'referral', subjectId: created.id, fields, recipient: to.organisationId, purpose: 'referral', requestId });
      return created;
    });
  }
  return present(referral, false);
}

/** Referrals the principal's organisations received (with what was shared, audited) or sent. */
export async function listReferrals(db: Kysely<Database>, principal: Principal, direction: 'incoming' | 'outgoing', requestId: string): Promise<Referral[]> {
  const permission = direction === 'incoming' ? 'referral:receive' : 'referral:send';
  const orgs = [...new Set(grantsFor(principal, permission).map((g) => g.organisationId))];
  if (orgs.length === 0) return [];
  const rows = await db
    .selectFrom('referrals')
    .selectAll()
    .where(direction === 'incoming' ? 'to_organisation_id' : 'from_organisation_id', 'in', orgs)
    .orderBy('sent_at', 'desc')
    .limit(200)
    .execute();
  const visible = rows.filter((r) => can(principal, permission, { crisisId: r.crisis_id, organisationId: direction === 'incoming' ? r.to_organisation_id : r.from_organisation_id }));
  if (direction === 'incoming' && visible.length > 0) {
    await recordAudit(db, { action: 'view', actor: actorOf(principal), subjectType: 'referral_inbox', requestId, metadata: { referrals: visible.map((r) => r.id) } });
  }
  return visible.map((r) => present(r, direction === 'incoming' && r.status !== 'revoked'));
}

/** The dashboard's count: referrals received by your organisations in this crisis still waiting for an answer (no payload read). */
export async function countWaitingReferrals(db: Kysely<Database>, principal: Principal, crisisId: string): Promise<{ waiting: number; overdue: number }> {
  const orgs = [...new Set(grantsFor(principal, 'referral:receive').map((g) => g.organisationId))].filter((organisationId) => can(principal, 'referral:receive', { crisisId, organisationId }));
  if (orgs.length === 0) return { waiting: 0, overdue: 0 };
  const row = await db
    .selectFrom('referrals')
    .select((eb) => [eb.fn.countAll<string>().as('waiting'), eb.fn.count<string>(eb.case().when(eb.and([eb('status', '=', 'sent'), eb('acknowledge_by', '<', new Date())])).then(1).end()).as('overdue')])
    .where('crisis_id', '=', crisisId)
    .where('to_organisation_id', 'in', orgs)
    .where('status', 'in', ['sent', 'acknowledged'])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), overdue: Number(row.overdue) };
}

const transitions = {
  acknowledge: { from: ['sent'], to: 'acknowledged', side: 'receiver' },
  accept: { from: ['sent', 'acknowledged'], to: 'accepted', side: 'receiver' },
  decline: { from: ['sent', 'acknowledged'], to: 'declined', side: 'receiver' },
  complete: { from: ['accepted'], to: 'completed', side: 'receiver' },
  revoke: { from: ['sent', 'acknowledged', 'accepted'], to: 'revoked', side: 'sender' },
} as const;
export type ReferralAction = keyof typeof transitions;
export const referralActions = Object.keys(transitions) as ReferralAction[];

export async function actOnReferral(db: Kysely<Database>, principal: Principal, id: string, action: ReferralAction, input: { reason?: string | undefined; feedback?: string | undefined }, requestId: string): Promise<Referral> {
  const rule = transitions[action];
  return db.transaction().execute(async (trx) => {
    const row = await findReferral(trx, id);
    const receiver = row && can(principal, 'referral:receive', { crisisId: row.crisis_id, organisationId: row.to_organisation_id });
    const sender = row && can(principal, 'referral:send', { crisisId: row.crisis_id, organisationId: row.from_organisation_id });
    if (!row || (!receiver && !sender)) throw AppError.notFound('Referral');
    if ((rule.side === 'receiver' && !receiver) || (rule.side === 'sender' && !sender)) {
      throw new AppError('FORBIDDEN', rule.side === 'receiver' ? 'Only the receiving organisation can do this' : 'Only the referring organisation can revoke');
    }
    if (!(rule.from as readonly string[]).includes(row.status)) throw AppError.conflict(`A referral that is ${row.status} cannot be ${rule.to}`);
    if (action === 'decline' && !input.reason) throw AppError.validation('reason', 'required', 'reason is required to decline');
    const now = new Date();
    const updated = await trx
      .updateTable('referrals')
      .set({
        status: rule.to, version: row.version + 1,
        ...(action === 'acknowledge' ? { acknowledged_at: now } : {}),
        ...(action === 'accept' || action === 'decline' ? { decided_at: now, acknowledged_at: row.acknowledged_at ?? now } : {}),
        ...(action === 'decline' ? { decline_reason: input.reason ?? null } : {}),
        ...(action === 'complete' ? { completed_at: now, feedback: input.feedback ?? null } : {}),
        ...(action === 'revoke' ? { revoked_at: now, payload: '{}', note: null } : {}),
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw AppError.conflict('The referral changed meanwhile; reload and try again');
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), crisisId: row.crisis_id, subjectType: 'referral', subjectId: id, fields: ['status'], requestId, metadata: { status: rule.to } });
    if (action === 'accept' || action === 'decline' || action === 'complete') {
      // The person hears back only if they agreed, on the channel they wrote from.
      const owner = await trx.selectFrom('cases').select(['notify_person', 'source_message_id']).where('id', '=', row.case_id).executeTakeFirst();
      if (owner?.notify_person && owner.source_message_id) {
        const template = action === 'accept' ? 'referral_accepted' : action === 'decline' ? 'referral_declined' : 'referral_completed';
        await enqueue(trx, { queue: 'intake.reply', crisisId: row.crisis_id, payload: { inboundId: owner.source_message_id, template }, dedupeKey: `${template}:${id}` });
      }
    }
    return present(updated, receiver === true && rule.to !== 'revoked');
  });
}
