/**
 * Duplicate SOS messages: candidates are messages of the same crisis within a day that read alike (trigram
 * similarity) or come from the same place (the place the sender gave, or the same gazetteer place found in both texts);
 * each candidate says why. A person merges: the duplicate leaves the
 * queue, points at the message it joins, and its needs and urgency join that message's. Nothing is deleted.
 */
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { messageInScope, triageOrganisations } from './queue.service.ts';

export const WINDOW_HOURS = 24;
export const TEXT_SIMILARITY = 0.45;
const PLACE_SIMILARITY = 0.6;
const URGENCY_RANK: Record<string, number> = { high: 3, medium: 2, low: 1 };

export const DuplicateCandidate = z.object({
  id: z.uuid(),
  receivedAt: z.string(),
  textSimilarity: z.number(),
  samePlace: z.boolean(),
  reasons: z.array(z.string()),
  needs: z.array(z.string()),
  urgency: z.string().nullable(),
});
export const MergeInput = z.strictObject({ into: z.uuid('must be the id of the message to merge into') });

interface CandidateRow {
  id: string;
  received_at: Date;
  text_similarity: number;
  place_similarity: number | null;
  same_gazetteer_place: string | null;
  needs: string[];
  urgency: string | null;
}

/** Messages that may report the same event as this one, most alike first. */
export async function findDuplicates(db: Kysely<Database>, principal: Principal, messageId: string) {
  const message = await messageInScope(db, principal, messageId);
  if (!message.text) return [];
  const orgs = triageOrganisations(principal, message.crisis_id);
  const from = new Date(message.received_at.getTime() - WINDOW_HOURS * 3_600_000);
  const to = new Date(message.received_at.getTime() + WINDOW_HOURS * 3_600_000);
  const place = message.location?.place ?? null;
  const placeSimilarity = place ? sql<number>`similarity(coalesce(m.location->>'place', ''), ${place})` : sql<null>`null::real`;
  const geonames = message.extracted_places.flatMap((p) => (p.geonameId === undefined ? [] : [p.geonameId]));
  const sameGazetteerPlace = sql<string | null>`(select p->>'name' from jsonb_array_elements(m.extracted_places) p where (p->>'geonameId')::int = any(${geonames}::int[]) limit 1)`;
  const rows = await sql<CandidateRow>`
    select m.id, m.received_at, similarity(m.text, ${message.text}) as text_similarity, ${placeSimilarity} as place_similarity,
      ${sameGazetteerPlace} as same_gazetteer_place, m.needs, m.urgency
    from messages m join channels c on c.id = m.channel_id
    where m.crisis_id = ${message.crisis_id} and m.direction = 'in' and m.id <> ${messageId} and m.text is not null and m.duplicate_of is null
      and m.received_at between ${from} and ${to} and c.organisation_id = any(${orgs}::uuid[])
      and (similarity(m.text, ${message.text}) >= ${TEXT_SIMILARITY}
        or ((${placeSimilarity} >= ${PLACE_SIMILARITY} or ${sameGazetteerPlace} is not null) and similarity(m.text, ${message.text}) >= 0.2))
    order by text_similarity desc, m.received_at
    limit 10`.execute(db);
  return rows.rows.map((r) => {
    const textSimilarity = Math.round(Number(r.text_similarity) * 100) / 100;
    const sameGivenPlace = r.place_similarity !== null && Number(r.place_similarity) >= PLACE_SIMILARITY;
    const samePlace = sameGivenPlace || r.same_gazetteer_place !== null;
    const reasons = [...(textSimilarity >= TEXT_SIMILARITY ? [`similar text (${textSimilarity})`] : []), ...(samePlace ? [`same place (${sameGivenPlace ? place : r.same_gazetteer_place})`] : [])];
    return { id: r.id, receivedAt: r.received_at.toISOString(), textSimilarity, samePlace, reasons, needs: r.needs, urgency: r.urgency };
  });
}

/** Merges `messageId` into `into`: both must be messages the principal triages, in the same crisis. */
export async function mergeDuplicate(db: Kysely<Database>, principal: Principal, messageId: string, into: string) {
  if (messageId === into) throw AppError.validation('into', 'different', 'into must be another message');
  const duplicate = await messageInScope(db, principal, messageId);
  const primary = await messageInScope(db, principal, into);
  if (primary.crisis_id !== duplicate.crisis_id) throw AppError.validation('into', 'same_crisis', 'into must be a message of the same crisis');
  if (primary.duplicate_of) throw AppError.conflict(`That message is itself merged into ${primary.duplicate_of}; merge into that one`);
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const moved = await trx
      .updateTable('messages')
      .set({ duplicate_of: into, merged_at: now, merged_by: principal.userId, reviewed_at: now, reviewed_by: principal.userId, claimed_by: null, claimed_until: null })
      .where('id', '=', messageId)
      .where('duplicate_of', 'is', null)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) throw AppError.conflict('This message was merged already');
    // Messages already merged into the duplicate follow it.
    await trx.updateTable('messages').set({ duplicate_of: into }).where('duplicate_of', '=', messageId).execute();
    const needs = [...new Set([...primary.needs, ...duplicate.needs])];
    const urgency = (URGENCY_RANK[duplicate.urgency ?? ''] ?? 0) > (URGENCY_RANK[primary.urgency ?? ''] ?? 0) ? duplicate.urgency : primary.urgency;
    await trx.updateTable('messages').set({ needs, urgency }).where('id', '=', into).execute();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), crisisId: primary.crisis_id, subjectType: 'message', subjectId: messageId, fields: ['duplicate_of'], metadata: { into } });
    return { id: messageId, duplicateOf: into, needs, urgency };
  });
}
