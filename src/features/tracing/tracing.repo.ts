/** SQL for tracing records, their notes, blocking keys, candidate pairs, labels, models and notifications. */
import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { Database, TracingCandidatesTable, TracingNotesTable, TracingRecordsTable } from '../../db/schema.ts';
import type { Scope } from '../access/policy.ts';
import { inScope } from '../data-protection/scope.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type RecordRow = Selectable<TracingRecordsTable>;
export type NoteRow = Selectable<TracingNotesTable>;
export type CandidateRow = Selectable<TracingCandidatesTable>;
/** A record with the names of its subject from the identity store. */
export type RecordWithNames = RecordRow & { given_name: string | null; family_name: string | null; other_names: string[] | null; nationality: string | null };

export async function insertRecord(db: Db, values: Insertable<TracingRecordsTable>): Promise<RecordRow> {
  return db.insertInto('tracing_records').values(values).returningAll().executeTakeFirstOrThrow();
}

const withNames = (db: Db) =>
  db.selectFrom('tracing_records').leftJoin('people', 'people.id', 'tracing_records.person_id')
    .selectAll('tracing_records').select(['people.given_name', 'people.family_name', 'people.other_names', 'people.nationality']);

export async function findRecordInScope(db: Db, scope: Scope, id: string): Promise<RecordWithNames | undefined> {
  return withNames(db).where('tracing_records.id', '=', id).where(inScope(scope, 'tracing_records.organisation_id', 'tracing_records.crisis_id')).executeTakeFirst();
}

export async function findRecordByRecordId(db: Db, recordId: string): Promise<RecordRow | undefined> {
  return db.selectFrom('tracing_records').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}

/** Unscoped, for the matching job (which acts for the record's own organisation). */
export async function recordsWithNames(db: Db, ids: readonly string[]): Promise<RecordWithNames[]> {
  if (ids.length === 0) return [];
  return withNames(db).where('tracing_records.id', 'in', [...ids]).execute();
}

/** Unscoped, for a batch relink: one page of a crisis's live records of one organisation, in id order. */
export async function liveRecordsPage(db: Db, f: { crisisId: string; organisationId: string; after: string; limit: number }): Promise<RecordWithNames[]> {
  return withNames(db).where('tracing_records.crisis_id', '=', f.crisisId).where('tracing_records.organisation_id', '=', f.organisationId)
    .where('tracing_records.expired_at', 'is', null).where('tracing_records.id', '>', f.after).orderBy('tracing_records.id').limit(f.limit).execute();
}

export async function listRecords(db: Db, scope: Scope, f: { crisisId: string; kind?: string | undefined; after?: { entryDate: string; id: string } | undefined; limit: number }): Promise<RecordWithNames[]> {
  let query = withNames(db).where('tracing_records.crisis_id', '=', f.crisisId).where(inScope(scope, 'tracing_records.organisation_id', 'tracing_records.crisis_id'));
  if (f.kind) query = query.where('tracing_records.kind', '=', f.kind);
  if (f.after) {
    const { entryDate, id } = f.after;
    query = query.where((eb) => eb.or([eb('tracing_records.entry_date', '>', new Date(entryDate)), eb.and([eb('tracing_records.entry_date', '=', new Date(entryDate)), eb('tracing_records.id', '>', id)])]));
  }
  return query.orderBy('tracing_records.entry_date').orderBy('tracing_records.id').limit(f.limit).execute();
}

export async function updateRecord(db: Db, id: string, version: number, values: Updateable<TracingRecordsTable>): Promise<RecordRow | undefined> {
  return db.updateTable('tracing_records').set({ ...values, version: sql`version + 1`, updated_at: new Date(), entry_date: sql`clock_timestamp()` })
    .where('id', '=', id).where('version', '=', version).where('expired_at', 'is', null).returningAll().executeTakeFirst();
}

export async function insertNote(db: Db, values: Insertable<TracingNotesTable>): Promise<NoteRow> {
  return db.insertInto('tracing_notes').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function notesOf(db: Db, recordIds: readonly string[]): Promise<NoteRow[]> {
  if (recordIds.length === 0) return [];
  return db.selectFrom('tracing_notes').selectAll().where('tracing_record_id', 'in', [...recordIds]).orderBy('entry_date').execute();
}

/** Pairs a human confirmed, seen from one record. */
export async function confirmedMatchesOf(db: Db, recordId: string): Promise<Array<{ other: string; decided_at: Date }>> {
  const rows = await db.selectFrom('tracing_candidates').select(['record_a_id', 'record_b_id', 'decided_at'])
    .where('status', '=', 'confirmed').where((eb) => eb.or([eb('record_a_id', '=', recordId), eb('record_b_id', '=', recordId)])).execute();
  return rows.map((r) => ({ other: r.record_a_id === recordId ? r.record_b_id : r.record_a_id, decided_at: r.decided_at ?? new Date(0) }));
}

export async function replaceBlockingKeys(db: Db, recordId: string, crisisId: string, keys: readonly string[]): Promise<void> {
  await db.deleteFrom('tracing_blocking_keys').where('tracing_record_id', '=', recordId).execute();
  if (keys.length > 0) {
    await db.insertInto('tracing_blocking_keys').values([...new Set(keys)].map((key) => ({ crisis_id: crisisId, key, tracing_record_id: recordId }))).onConflict((oc) => oc.doNothing()).execute();
  }
}

/**
 * Live records of the same crisis and organisation sharing at least one key, most shared keys first. Each key
 * contributes at most `perKey` records (a very common key, such as a frequent name with a birth year, would
 * otherwise make one lookup scan thousands of rows).
 */
export async function candidatesByKeys(db: Db, f: { crisisId: string; organisationId: string; keys: readonly string[]; excludeId: string; limit: number; perKey?: number }): Promise<string[]> {
  return (await candidatesByKeysWhere(db, f, sql`r.organisation_id = ${f.organisationId}`)).map((r) => r.id);
}

/**
 * As candidatesByKeys, but the live records of the crisis held by other organisations, with their holder and their
 * contact person (the author, else the subject), for the cross-organisation sharing check.
 */
export async function otherOrganisationCandidatesByKeys(db: Db, f: { crisisId: string; organisationId: string; keys: readonly string[]; excludeId: string; limit: number; perKey?: number }) {
  return candidatesByKeysWhere(db, f, sql`r.organisation_id <> ${f.organisationId}`);
}

async function candidatesByKeysWhere(db: Db, f: { crisisId: string; keys: readonly string[]; excludeId: string; limit: number; perKey?: number }, holder: ReturnType<typeof sql>) {
  if (f.keys.length === 0) return [];
  const rows = await sql<{ id: string; organisation_id: string; contact_person_id: string | null }>`
    with hits as (
      select k.tracing_record_id as id, count(*) as shared
      from unnest(${sql.val([...new Set(f.keys)])}::text[]) as q(key)
      cross join lateral (
        select b.tracing_record_id from tracing_blocking_keys b where b.crisis_id = ${f.crisisId} and b.key = q.key limit ${f.perKey ?? 300}
      ) k
      where k.tracing_record_id <> ${f.excludeId}
      group by k.tracing_record_id
      order by shared desc, k.tracing_record_id
      limit ${f.limit * 3}
    )
    select h.id, r.organisation_id, coalesce(r.author_person_id, r.person_id) as contact_person_id from hits h join tracing_records r on r.id = h.id
    where ${holder} and r.expired_at is null
    order by h.shared desc, h.id limit ${f.limit}`.execute(db);
  return rows.rows;
}

export async function upsertCandidates(db: Db, rows: Insertable<TracingCandidatesTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.insertInto('tracing_candidates').values(rows)
    .onConflict((oc) => oc.columns(['record_a_id', 'record_b_id']).doUpdateSet((eb) => ({
      score: eb.ref('excluded.score'), probability: eb.ref('excluded.probability'), fields: eb.ref('excluded.fields'), model_version: eb.ref('excluded.model_version'),
    })).where('tracing_candidates.status', '=', 'pending'))
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** A pair is in scope for the organisation whose record found it and, across organisations, for the other one too. */
const candidateInScope = (scope: Scope) => sql<boolean>`(${inScope(scope, 'tracing_candidates.organisation_id', 'tracing_candidates.crisis_id')} or ${inScope(scope, 'tracing_candidates.other_organisation_id', 'tracing_candidates.crisis_id')})`;

export async function listCandidates(db: Db, scope: Scope, f: { crisisId: string; status: string; limit: number }): Promise<CandidateRow[]> {
  return db.selectFrom('tracing_candidates').selectAll().where('crisis_id', '=', f.crisisId).where('status', '=', f.status)
    .where(candidateInScope(scope))
    .orderBy('probability', 'desc').orderBy('created_at').orderBy('id').limit(f.limit).execute();
}

export async function findCandidateInScope(db: Db, scope: Scope, id: string, lock = false): Promise<CandidateRow | undefined> {
  const query = db.selectFrom('tracing_candidates').selectAll().where('id', '=', id).where(candidateInScope(scope));
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Claims a pending pair (or one whose claim is older than `staleBefore`); undefined if someone else holds it. */
export async function claimCandidate(db: Db, id: string, userId: string | null, staleBefore: Date): Promise<CandidateRow | undefined> {
  return db.updateTable('tracing_candidates').set({ status: 'claimed', claimed_by: userId, claimed_at: new Date() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'claimed'), eb('claimed_at', '<', staleBefore)])]))
    .returningAll().executeTakeFirst();
}

export async function decideCandidate(db: Db, id: string, userId: string | null, status: 'confirmed' | 'rejected', note: string): Promise<CandidateRow | undefined> {
  return db.updateTable('tracing_candidates').set({ status, decided_by: userId, decided_at: new Date(), decision_note: note })
    .where('id', '=', id).where('status', '=', 'claimed').where('claimed_by', '=', userId).returningAll().executeTakeFirst();
}

export async function insertLabel(db: Db, values: { crisisId: string; candidateId: string; isMatch: boolean; outcomes: Record<string, string> }): Promise<void> {
  await db.insertInto('tracing_labels').values({ crisis_id: values.crisisId, candidate_id: values.candidateId, is_match: values.isMatch, outcomes: JSON.stringify(values.outcomes) }).execute();
}

export async function listLabels(db: Db, crisisId: string): Promise<Array<{ isMatch: boolean; outcomes: Record<string, string> }>> {
  const rows = await db.selectFrom('tracing_labels').select(['is_match', 'outcomes']).where('crisis_id', '=', crisisId).execute();
  return rows.map((r) => ({ isMatch: r.is_match, outcomes: r.outcomes }));
}

export async function insertModel(db: Db, values: { crisisId: string; model: Record<string, unknown>; labelCount: number; createdBy: string | null }): Promise<{ id: string; created_at: Date }> {
  return db.insertInto('tracing_models').values({ crisis_id: values.crisisId, model: JSON.stringify(values.model), label_count: values.labelCount, created_by: values.createdBy })
    .returning(['id', 'created_at']).executeTakeFirstOrThrow();
}

export async function latestModel(db: Db, crisisId: string): Promise<{ id: string; model: Record<string, unknown> } | undefined> {
  return db.selectFrom('tracing_models').select(['id', 'model']).where('crisis_id', '=', crisisId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
}

export async function insertNotifications(db: Db, rows: Array<{ candidate_id: string; tracing_record_id: string; status: string; reason: string; message_status: 'pending' | null }>): Promise<Array<{ id: string; tracing_record_id: string }>> {
  if (rows.length === 0) return [];
  return db.insertInto('tracing_notifications').values(rows).returning(['id', 'tracing_record_id']).execute();
}

/** Records whose PFIF expiry has passed and that are not placeholders yet. */
export async function expiredDue(db: Db, now: Date): Promise<Array<{ id: string; person_id: string | null; author_person_id: string | null }>> {
  return db.selectFrom('tracing_records').select(['id', 'person_id', 'author_person_id']).where('expiry_date', '<=', now).where('expired_at', 'is', null).execute();
}

/**
 * PFIF expiry: the record keeps only its ids and dates (source_date and entry_date set to now so the deletion
 * reaches incremental feeds and clones); notes, keys, pending pairs and the identity records go.
 */
export async function makePlaceholders(db: Db, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const people = await db.selectFrom('tracing_records').select(['person_id', 'author_person_id']).where('id', 'in', [...ids]).execute();
  await db.deleteFrom('tracing_notes').where('tracing_record_id', 'in', [...ids]).execute();
  await db.deleteFrom('tracing_blocking_keys').where('tracing_record_id', 'in', [...ids]).execute();
  await db.deleteFrom('tracing_candidates').where('status', 'in', ['pending', 'claimed']).where((eb) => eb.or([eb('record_a_id', 'in', [...ids]), eb('record_b_id', 'in', [...ids])])).execute();
  await db.updateTable('tracing_candidates').set({ fields: '[]', decision_note: null }).where((eb) => eb.or([eb('record_a_id', 'in', [...ids]), eb('record_b_id', 'in', [...ids])])).execute();
  const result = await db.updateTable('tracing_records').set({
    person_id: null, author_person_id: null, sex: null, date_of_birth: null, age: null, home_city: null, home_state: null, home_country: null, region_of_origin: null,
    last_known_location: null, description: null, photo_url: null, has_photo_consent: false, incident_date: null, incident_place: null, latitude: null, longitude: null,
    cause_of_death: null, incident_dead: null, incident_missing: null, incident_survivors: null, migration_route: null, information_source: null, source_quality: null,
    remains_status: null, source_name: null, source_url: null, expired_at: now, source_date: now, entry_date: sql`clock_timestamp()`, updated_at: now,
  }).where('id', 'in', [...ids]).executeTakeFirst();
  const personIds = people.flatMap((p) => [p.person_id, p.author_person_id]).filter((p): p is string => p !== null);
  if (personIds.length > 0) await db.deleteFrom('people').where('id', 'in', personIds).execute();
  return Number(result.numUpdatedRows);
}

/** Records of a crisis for the PFIF export, in entry_date order from `since` (placeholders included). */
export async function recordsForExport(db: Db, scope: Scope, f: { crisisId: string; since: Date | undefined; limit: number }): Promise<RecordWithNames[]> {
  let query = withNames(db).where('tracing_records.crisis_id', '=', f.crisisId).where(inScope(scope, 'tracing_records.organisation_id', 'tracing_records.crisis_id'));
  if (f.since) query = query.where('tracing_records.entry_date', '>=', f.since);
  return query.orderBy('tracing_records.entry_date').orderBy('tracing_records.id').limit(f.limit).execute();
}

/** Notifications of confirmed matches in scope (of the organisation holding that side's record), the ones still to contact first. */
export async function listNotifications(db: Db, scope: Scope, crisisId: string, limit: number) {
  return db.selectFrom('tracing_notifications').innerJoin('tracing_records', 'tracing_records.id', 'tracing_notifications.tracing_record_id')
    .select(['tracing_notifications.id', 'tracing_notifications.candidate_id', 'tracing_notifications.tracing_record_id', 'tracing_notifications.status', 'tracing_notifications.reason',
      'tracing_notifications.created_at', 'tracing_notifications.contacted_at', 'tracing_notifications.message_status', 'tracing_notifications.message_queued_at', 'tracing_records.organisation_id'])
    .where('tracing_records.crisis_id', '=', crisisId).where(inScope(scope, 'tracing_records.organisation_id', 'tracing_records.crisis_id'))
    .orderBy('tracing_notifications.contacted_at', 'desc').orderBy('tracing_notifications.created_at').limit(limit).execute();
}

export async function markContacted(db: Db, scope: Scope, id: string, now: Date): Promise<{ id: string; tracing_record_id: string; organisation_id: string; crisis_id: string } | undefined> {
  return db.updateTable('tracing_notifications').set({ contacted_at: now })
    .from('tracing_records').whereRef('tracing_records.id', '=', 'tracing_notifications.tracing_record_id')
    .where('tracing_notifications.id', '=', id).where('tracing_notifications.status', '=', 'to_contact').where('tracing_notifications.contacted_at', 'is', null)
    .where(inScope(scope, 'tracing_records.organisation_id', 'tracing_records.crisis_id'))
    .returning(['tracing_notifications.id', 'tracing_notifications.tracing_record_id', 'tracing_records.organisation_id', 'tracing_records.crisis_id']).executeTakeFirst();
}
