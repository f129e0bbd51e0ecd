/**
 * The human triage queue of a crisis: inbound messages not yet reviewed, most urgent and oldest first,
 * with an SLA per urgency (high: someone must take it within 15 minutes). A message is claimed by one
 * operator at a time with a conditional UPDATE, so two operators can never hold the same one; a claim
 * lapses after 10 minutes. Accepting or correcting the machine's needs and urgency stores a label for
 * the deployment's own model.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { needCodes } from './needs.ts';

export const CLAIM_MINUTES = 10;
export const SLA_MINUTES = { high: 15, medium: 60, low: 240 } as const;

export const TriageDecision = z.strictObject({
  needs: z.array(z.enum(needCodes as [string, ...string[]], { message: `must be needs from the code list: ${needCodes.join(', ')}` })).max(needCodes.length),
  urgency: z.enum(['high', 'medium', 'low']),
});

export const QueueItem = z.object({
  id: z.uuid(),
  reference: z.string().nullable(),
  receivedAt: z.string(),
  language: z.string().nullable(),
  text: z.string().nullable(),
  translation: z.string().nullable().describe('A volunteer translation, when the language needed one'),
  translationRequested: z.boolean(),
  place: z.string().nullable(),
  needs: z.array(z.string()),
  urgency: z.string().nullable(),
  urgencyReasons: z.array(z.string()),
  claimedByMe: z.boolean(),
  claimedBySomeoneElse: z.boolean(),
  isOverdue: z.boolean(),
  slaMinutes: z.number(),
});

/** Organisations in which the principal may triage this crisis. */
export function triageOrganisations(principal: Principal, crisisId: string): string[] {
  return [...new Set(grantsFor(principal, 'triage:work').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
}

export async function listQueue(db: Kysely<Database>, principal: Principal, crisisId: string, limit: number, requestId: string) {
  const orgs = triageOrganisations(principal, crisisId);
  if (orgs.length === 0) throw AppError.notFound('Crisis');
  const now = new Date();
  const rows = await db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .leftJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'conversations.reference', 'messages.received_at', 'messages.language', 'messages.text', 'messages.translation', 'messages.translation_requested_at', 'messages.location', 'messages.needs', 'messages.urgency', 'messages.urgency_reasons', 'messages.claimed_by', 'messages.claimed_until'])
    .where('messages.crisis_id', '=', crisisId)
    .where('messages.direction', '=', 'in')
    .where('messages.reviewed_at', 'is', null)
    .where('channels.organisation_id', 'in', orgs)
    .orderBy(sql`case messages.urgency when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end`)
    .orderBy('messages.received_at')
    .limit(limit)
    .execute();
  const items = rows.map((r) => {
    const held = r.claimed_by !== null && r.claimed_until !== null && r.claimed_until > now;
    const sla = SLA_MINUTES[(r.urgency ?? 'medium') as keyof typeof SLA_MINUTES] ?? SLA_MINUTES.medium;
    return {
      id: r.id,
      reference: r.reference,
      receivedAt: r.received_at.toISOString(),
      language: r.language,
      text: r.text,
      translation: r.translation,
      translationRequested: r.translation_requested_at !== null,
      place: r.location?.place ?? null,
      needs: r.needs,
      urgency: r.urgency,
      urgencyReasons: r.urgency_reasons,
      claimedByMe: held && r.claimed_by === principal.userId,
      claimedBySomeoneElse: held && r.claimed_by !== principal.userId,
      isOverdue: !held && now.getTime() - r.received_at.getTime() > sla * 60_000,
      slaMinutes: sla,
    };
  });
  await recordAudit(db, { action: 'view', actor: actorOf(principal), organisationId: orgs[0] ?? null, crisisId, subjectType: 'triage_queue', fields: ['text', 'place'], requestId, metadata: { messages: items.length } });
  return items;
}

export async function messageInScope(db: Kysely<Database>, principal: Principal, messageId: string) {
  const message = await db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .select(['messages.id', 'messages.crisis_id', 'channels.organisation_id', 'messages.needs', 'messages.urgency', 'messages.reviewed_at', 'messages.direction', 'messages.text', 'messages.received_at', 'messages.location', 'messages.duplicate_of'])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.direction !== 'in' || !triageOrganisations(principal, message.crisis_id).includes(message.organisation_id)) throw AppError.notFound('Message');
  return message;
}

export async function claimMessage(db: Kysely<Database>, principal: Principal, messageId: string): Promise<{ claimedUntil: string }> {
  const message = await messageInScope(db, principal, messageId);
  if (message.reviewed_at) throw AppError.conflict('This message was triaged already');
  const until = new Date(Date.now() + CLAIM_MINUTES * 60_000);
  const row = await db
    .updateTable('messages')
    .set({ claimed_by: principal.userId, claimed_until: until })
    .where('id', '=', messageId)
    .where('reviewed_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_until', '<', new Date()), eb('claimed_by', '=', principal.userId)]))
    .returning('id')
    .executeTakeFirst();
  if (!row) throw AppError.conflict('Someone else is working on this message');
  return { claimedUntil: until.toISOString() };
}

export async function releaseMessage(db: Kysely<Database>, principal: Principal, messageId: string): Promise<void> {
  await messageInScope(db, principal, messageId);
  const row = await db.updateTable('messages').set({ claimed_by: null, claimed_until: null }).where('id', '=', messageId).where('claimed_by', '=', principal.userId).returning('id').executeTakeFirst();
  if (!row) throw AppError.conflict('You are not working on this message');
}

export async function reviewMessage(db: Kysely<Database>, principal: Principal, messageId: string, decision: z.infer<typeof TriageDecision>, requestId: string): Promise<void> {
  const message = await messageInScope(db, principal, messageId);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('messages')
      .set({ needs: [...new Set(decision.needs)], urgency: decision.urgency, reviewed_at: new Date(), reviewed_by: principal.userId, claimed_by: null, claimed_until: null })
      .where('id', '=', messageId)
      .where('reviewed_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_until', '<', new Date()), eb('claimed_by', '=', principal.userId)]))
      .returning('id')
      .executeTakeFirst();
    if (!row) throw AppError.conflict('Someone else is working on this message, or it was triaged already');
    await trx
      .insertInto('triage_labels')
      .values({ crisis_id: message.crisis_id, message_id: messageId, needs: [...new Set(decision.needs)], urgency: decision.urgency, machine_needs: message.needs, machine_urgency: message.urgency, labelled_by: principal.userId })
      .execute();
    const corrected = decision.urgency !== message.urgency || [...decision.needs].sort().join() !== [...message.needs].sort().join();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: message.organisation_id, crisisId: message.crisis_id, subjectType: 'message', subjectId: messageId, requestId, metadata: { triage: corrected ? 'corrected' : 'accepted' } });
  });
}
