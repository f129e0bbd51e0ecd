/**
 * The review workflow: tracing volunteers (tracing:work, scoped in SQL to their organisations and crises) see the
 * candidate pairs best first with the matcher's explanation, claim one (a claim is exclusive; it lapses after
 * CLAIM_MINUTES), and confirm or reject it with a note. A decision leaves a label (the per-field outcomes, no names)
 * that retrains the model. A confirmation records, for each side, whether Lifeline may tell them: only when that
 * side's contact person has a current consent for family_tracing; a caseworker then contacts them through Lifeline.
 * Such a side also gets one short message naming nobody, when a Lifeline channel reaches them (notify.jobs.ts).
 */
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { can, scopeFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { listCurrentConsentsFor } from '../data-protection/consent.repo.ts';
import { MATCHER_VERSION, retrainModel as estimateFromLabels } from './matcher.ts';
import { toPersonForMatching } from './match.jobs.ts';
import { auditOutcomesShared, dropUnshared, stillShared, viewerOrganisation } from './cross-organisation.ts';
import { NOTIFY_QUEUE } from './notify.jobs.ts';
import type { Candidate, Decision } from './tracing.schemas.ts';
import * as repo from './tracing.repo.ts';
import { presentRecord, readScope, TRACING_PURPOSE } from './tracing.service.ts';

export const CLAIM_MINUTES = 30;
const MIN_LABELS = 4;
/** The newest records of the crisis the estimate reads (EM over their blocked pairs). */
const RETRAIN_RECORDS = 20_000;

/**
 * A pair as this principal may see it. Across organisations, each volunteer sees only the record(s) their own
 * organisations hold; the other organisation's record is there only as the per-field outcomes and scores (the details,
 * which quote names and values of both sides, are blanked, and so is the decision note), before and after a decision.
 */
function presentCandidate(row: repo.CandidateRow, records: repo.RecordWithNames[], principal: Principal): z.infer<typeof Candidate> {
  const where = (organisationId: string) => ({ crisisId: row.crisis_id, organisationId });
  const personalIn = (organisationId: string) => can(principal, 'personal:read', where(organisationId));
  const personal = personalIn(row.organisation_id) && (row.other_organisation_id === null || personalIn(row.other_organisation_id));
  return {
    id: row.id, crisisId: row.crisis_id, probability: row.probability, score: row.score, fields: personal && row.other_organisation_id === null ? row.fields : row.fields.map((f) => ({ ...f, detail: '' })),
    modelVersion: row.model_version, status: row.status, claimedBy: row.claimed_by, decisionNote: personal ? row.decision_note : null, otherOrganisationId: row.other_organisation_id,
    records: visibleRecords(row, records, principal).map((r) => presentRecord(r, personalIn(r.organisation_id))),
  };
}

/** The records of a pair the principal's organisations hold (both, for a pair within one organisation). */
function visibleRecords(row: repo.CandidateRow, records: repo.RecordWithNames[], principal: Principal): repo.RecordWithNames[] {
  return [row.record_a_id, row.record_b_id].map((id) => records.find((r) => r.id === id)).filter((r): r is repo.RecordWithNames => r !== undefined)
    .filter((r) => can(principal, 'tracing:work', { crisisId: row.crisis_id, organisationId: r.organisation_id }));
}

export async function listCandidates(db: Kysely<Database>, principal: Principal, crisisId: string, query: { status: string; limit: number }, requestId: string) {
  const scope = scopeFor(principal, 'tracing:work');
  if (scope.organisationIds.length === 0) throw AppError.notFound('Crisis');
  return db.transaction().execute(async (trx) => {
    const rows = [];
    for (const row of await repo.listCandidates(trx, scope, { crisisId, status: query.status, limit: query.limit })) {
      if (await stillShared(trx, row)) rows.push(row);
      else await dropUnshared(trx, row.id);
    }
    for (const row of rows) await auditOutcomesShared(trx, principal, row, requestId);
    const records = await repo.recordsWithNames(trx, rows.flatMap((r) => [r.record_a_id, r.record_b_id]));
    if (rows.length > 0) {
      await recordAudit(trx, {
        action: 'view', actor: actorOf(principal), crisisId, subjectType: 'tracing_candidate_list', fields: ['subject', 'explanation'], purpose: TRACING_PURPOSE, requestId,
        metadata: { candidateIds: rows.map((r) => r.id), recordIds: [...new Set(rows.flatMap((r) => visibleRecords(r, records, principal).map((v) => v.id)))] },
      });
    }
    return { items: rows.map((r) => presentCandidate(r, records, principal)) };
  });
}

async function candidateInScope(db: Kysely<Database>, principal: Principal, id: string, lock: boolean) {
  const row = await repo.findCandidateInScope(db, scopeFor(principal, 'tracing:work'), id, lock);
  if (!row) throw AppError.notFound('Candidate pair');
  return row;
}

const SHARING_ENDED = 'The sharing that allowed this pair across organisations has ended (a consent was withdrawn or an agreement ended): the pair was removed';

/** Runs a claim or decision on a pair in scope; a cross-organisation pair whose sharing ended is removed and refused. */
async function onSharedPair<T>(db: Kysely<Database>, principal: Principal, id: string, work: (trx: Transaction<Database>, current: repo.CandidateRow) => Promise<T>): Promise<T> {
  const outcome = await db.transaction().execute(async (trx) => {
    const current = await candidateInScope(trx, principal, id, true);
    if (current.status !== 'confirmed' && current.status !== 'rejected' && !(await stillShared(trx, current))) {
      await dropUnshared(trx, current.id);
      return { ended: true as const };
    }
    return { ended: false as const, value: await work(trx, current) };
  });
  if (outcome.ended) throw AppError.conflict(SHARING_ENDED);
  return outcome.value;
}

export async function claimCandidate(db: Kysely<Database>, principal: Principal, id: string, requestId: string) {
  return onSharedPair(db, principal, id, async (trx, current) => {
    if (current.status === 'claimed' && current.claimed_by === principal.userId) return presentCandidate(current, await repo.recordsWithNames(trx, [current.record_a_id, current.record_b_id]), principal);
    const row = await repo.claimCandidate(trx, id, principal.userId, new Date(Date.now() - CLAIM_MINUTES * 60_000));
    if (!row) throw AppError.conflict(current.status === 'claimed' ? 'Another volunteer is reviewing this pair' : `This pair was ${current.status} already`);
    const records = await repo.recordsWithNames(trx, [row.record_a_id, row.record_b_id]);
    await auditOutcomesShared(trx, principal, row, requestId);
    await recordAudit(trx, {
      action: 'view', actor: actorOf(principal), organisationId: viewerOrganisation(principal, row), crisisId: row.crisis_id, subjectType: 'tracing_candidate', subjectId: id,
      fields: ['subject', 'explanation'], purpose: TRACING_PURPOSE, requestId, metadata: { claimed: true, recordIds: visibleRecords(row, records, principal).map((r) => r.id), otherOrganisationId: row.other_organisation_id },
    });
    return presentCandidate(row, records, principal);
  });
}

export async function decideCandidate(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof Decision>, requestId: string) {
  return onSharedPair(db, principal, id, async (trx, current) => {
    if (current.status !== 'claimed' || current.claimed_by !== principal.userId) {
      throw AppError.conflict(current.status === 'pending' ? 'Claim the pair before deciding on it' : current.status === 'claimed' ? 'Another volunteer is reviewing this pair' : `This pair was ${current.status} already`);
    }
    const status = input.decision === 'confirm' ? 'confirmed' : 'rejected';
    const row = await repo.decideCandidate(trx, id, principal.userId, status, input.note);
    if (!row) throw AppError.conflict('The pair changed meanwhile; reload it');
    await repo.insertLabel(trx, { crisisId: row.crisis_id, candidateId: row.id, isMatch: status === 'confirmed', outcomes: Object.fromEntries(row.fields.map((f) => [f.field, f.outcome])) });
    const notifications: Array<{ recordId: string; status: 'to_contact' | 'withheld'; reason: string; messageStatus: 'pending' | null }> = [];
    if (status === 'confirmed') {
      for (const record of await trx.selectFrom('tracing_records').select(['id', 'person_id', 'author_person_id']).where('id', 'in', [row.record_a_id, row.record_b_id]).orderBy('id').execute()) {
        const contact = record.author_person_id ?? record.person_id;
        const consents = contact ? await listCurrentConsentsFor(trx, contact, TRACING_PURPOSE, true) : [];
        notifications.push(consents.length > 0
          ? { recordId: record.id, status: 'to_contact', reason: 'This side agreed to be told of a match; contact them through Lifeline', messageStatus: 'pending' }
          : { recordId: record.id, status: 'withheld', reason: 'No current consent to be told of a match: nothing is said to this side', messageStatus: null });
      }
      const stored = await repo.insertNotifications(trx, notifications.map((n) => ({ candidate_id: row.id, tracing_record_id: n.recordId, status: n.status, reason: n.reason, message_status: n.messageStatus })));
      // A consenting side gets a short message through Lifeline, if a channel reaches them (the job finds out).
      for (const n of stored.filter((s) => notifications.find((x) => x.recordId === s.tracing_record_id)?.status === 'to_contact')) {
        await enqueue(trx, { queue: NOTIFY_QUEUE, crisisId: row.crisis_id, payload: { notificationId: n.id }, dedupeKey: `${NOTIFY_QUEUE}:${n.id}`, maxAttempts: 8 });
      }
    }
    await auditOutcomesShared(trx, principal, row, requestId);
    await recordAudit(trx, {
      action: 'update', actor: actorOf(principal), organisationId: viewerOrganisation(principal, row), crisisId: row.crisis_id, subjectType: 'tracing_candidate', subjectId: id,
      fields: ['status', 'decisionNote'], purpose: TRACING_PURPOSE, requestId,
      metadata: { decision: status, notifications: notifications.map((n) => ({ recordId: n.recordId, status: n.status })), otherOrganisationId: row.other_organisation_id },
    });
    // Across organisations, whether the other side agreed to be told is theirs: each side sees only its own records'.
    const own = row.other_organisation_id === null ? null : new Set(visibleRecords(row, await repo.recordsWithNames(trx, [row.record_a_id, row.record_b_id]), principal).map((r) => r.id));
    return { id: row.id, status: row.status, notifications: own ? notifications.filter((n) => own.has(n.recordId)) : notifications };
  });
}

/** Retrains the crisis's model from the reviewers' labels; new records are scored with it. */
export async function retrainModel(db: Kysely<Database>, principal: Principal, crisisId: string, requestId: string) {
  if (!can(principal, 'tracing:work', { crisisId })) throw AppError.notFound('Crisis');
  return db.transaction().execute(async (trx) => {
    const labels = await repo.listLabels(trx, crisisId);
    const matches = labels.filter((l) => l.isMatch).length;
    if (labels.length < MIN_LABELS || matches === 0 || matches === labels.length) {
      throw new AppError('CONFLICT', `Retraining needs at least ${MIN_LABELS} decisions with both confirmations and rejections (there are ${labels.length}, ${matches} confirmed)`);
    }
    const records = await trx.selectFrom('tracing_records').select('id').where('crisis_id', '=', crisisId).where('expired_at', 'is', null).orderBy('entry_date', 'desc').limit(RETRAIN_RECORDS).execute();
    const people = (await repo.recordsWithNames(trx, records.map((r) => r.id))).map(toPersonForMatching);
    const model = estimateFromLabels(people, labels) as unknown as Record<string, unknown>;
    const created = await repo.insertModel(trx, { crisisId, model, labelCount: labels.length, createdBy: principal.userId });
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), crisisId, subjectType: 'tracing_model', subjectId: created.id, requestId, metadata: { labels: labels.length, matches } });
    return { id: created.id, labelCount: labels.length, matches, matcher: MATCHER_VERSION, createdAt: created.created_at.toISOString() };
  });
}

/** Who to tell about confirmed matches (only the sides whose consent allows it are "to_contact"). */
export async function listNotifications(db: Kysely<Database>, principal: Principal, crisisId: string) {
  const scope = readScope(principal);
  if (scope.organisationIds.length === 0) throw AppError.notFound('Crisis');
  const rows = await repo.listNotifications(db, scope, crisisId, 200);
  return {
    items: rows.map((r) => ({
      id: r.id, candidateId: r.candidate_id, recordId: r.tracing_record_id, status: r.status as 'to_contact' | 'withheld', reason: r.reason, createdAt: r.created_at.toISOString(), contactedAt: r.contacted_at?.toISOString() ?? null,
      messageStatus: r.message_status, messageQueuedAt: r.message_queued_at?.toISOString() ?? null,
    })),
  };
}

/** A caseworker or volunteer told that side, through Lifeline. */
export async function markContacted(db: Kysely<Database>, principal: Principal, id: string, requestId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.markContacted(trx, readScope(principal), id, new Date());
    if (!row) {
      const exists = await trx.selectFrom('tracing_notifications').innerJoin('tracing_records', 'tracing_records.id', 'tracing_notifications.tracing_record_id')
        .select(['tracing_notifications.status', 'tracing_records.organisation_id', 'tracing_records.crisis_id']).where('tracing_notifications.id', '=', id).executeTakeFirst();
      const where = exists ? { organisationId: exists.organisation_id, crisisId: exists.crisis_id } : undefined;
      if (!exists || !where || (!can(principal, 'tracing:work', where) && !can(principal, 'case:read', where))) throw AppError.notFound('Notification');
      throw AppError.conflict(exists.status === 'withheld' ? 'This side has not agreed to be told: do not contact them about the match' : 'This side was contacted already');
    }
    await recordAudit(trx, { action: 'disclose', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'tracing_notification', subjectId: id, fields: ['confirmedMatch'], purpose: TRACING_PURPOSE, requestId, metadata: { recordId: row.tracing_record_id } });
  });
}
