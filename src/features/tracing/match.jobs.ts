/**
 * Incremental matching, worked from the job queue: a new or changed tracing record gets its blocking keys
 * (stored in tracing_blocking_keys), looks up the live records of its crisis and organisation that share a key
 * (and, when both sides' sharing rules allow it, those of other organisations of the crisis: acrossOrganisations),
 * scores each candidate with the matcher (the crisis's newest retrained model, else the default), and stores the
 * pairs above the threshold with their explanation for a tracing volunteer. Nothing of it is shown to a searcher.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ClaimedJob, JobHandler } from '../../jobs/queue.ts';
import { listCurrentConsentsFor } from '../data-protection/consent.repo.ts';
import { decideShare } from '../data-protection/sharing.service.ts';
import { BatchLinker, blockingKeys, comparePeople, defaultModel, MATCHER_VERSION, type MatchModel, type MatchResult, type PersonForMatching } from './matcher.ts';
import { NOTIFY_QUEUE, notifyHandler } from './notify.jobs.ts';
import * as repo from './tracing.repo.ts';
import { MATCH_QUEUE, TRACING_PURPOSE } from './tracing.service.ts';

/** Pairs at or above this probability go to the review queue. */
export const MATCH_THRESHOLD = 0.5;
/** At most this many candidates are scored per record: those sharing the most blocking keys. */
export const MAX_CANDIDATES = 100;

function birthYearOf(row: repo.RecordRow): number | undefined {
  if (row.date_of_birth) return Number(row.date_of_birth.slice(0, 4));
  if (!row.age) return undefined;
  const [low, high] = row.age.split('-').map(Number) as [number, number | undefined];
  return row.source_date.getUTCFullYear() - Math.round((low + (high ?? low)) / 2);
}

/** What the matcher sees of a record: names and the few facts that tell people apart. */
export function toPersonForMatching(row: repo.RecordWithNames): PersonForMatching {
  const names = [...(row.other_names ?? [])];
  if (row.given_name && row.family_name) names.push(`${row.given_name} ${row.family_name}`);
  const places = [row.home_city, row.home_state, row.last_known_location, row.incident_place].filter((p): p is string => !!p);
  const birthYear = birthYearOf(row);
  const person: PersonForMatching = { id: row.id, names: [...new Set(names)], places };
  if (row.given_name) person.givenName = row.given_name;
  if (row.family_name) person.familyName = row.family_name;
  if (row.sex === 'female' || row.sex === 'male' || row.sex === 'other') person.sex = row.sex;
  if (birthYear !== undefined && Number.isFinite(birthYear)) person.birthYear = birthYear;
  if (row.date_of_birth?.length === 10) person.birthDate = row.date_of_birth;
  const country = row.nationality ?? row.home_country;
  if (country) person.country = country;
  return person;
}

export async function modelFor(db: Kysely<Database> | Transaction<Database>, crisisId: string): Promise<{ model: MatchModel; version: string }> {
  const trained = await repo.latestModel(db, crisisId);
  return trained ? { model: trained.model as unknown as MatchModel, version: `${MATCHER_VERSION}+model:${trained.id}` } : { model: defaultModel(), version: MATCHER_VERSION };
}

/** Matches one record against everything of its crisis and organisation; returns the number of pairs stored. */
export async function matchRecord(db: Kysely<Database>, recordId: string): Promise<number> {
  // The keys are committed before the lookup: of two records matched at the same time, at least one then sees the
  // other (a single transaction would hide each from the other until both committed).
  const found = await db.transaction().execute(async (trx) => {
    const [row] = await repo.recordsWithNames(trx, [recordId]);
    if (!row || row.expired_at) return undefined;
    const person = toPersonForMatching(row);
    const keys = blockingKeys(person);
    await repo.replaceBlockingKeys(trx, row.id, row.crisis_id, keys);
    return { row, person, keys };
  });
  if (!found) return 0;
  const { row, person, keys } = found;
  return db.transaction().execute(async (trx) => {
    const ids = await repo.candidatesByKeys(trx, { crisisId: row.crisis_id, organisationId: row.organisation_id, keys, excludeId: row.id, limit: MAX_CANDIDATES });
    const across = await acrossOrganisations(trx, row, keys);
    if (ids.length === 0 && across.size === 0) return 0;
    const { model, version } = await modelFor(trx, row.crisis_id);
    const pairs = [];
    for (const other of await repo.recordsWithNames(trx, [...ids, ...across.keys()])) {
      const result = comparePeople(person, toPersonForMatching(other), model);
      if (result.probability >= MATCH_THRESHOLD) pairs.push(candidateRow(row, row.id, other.id, result, version, across.get(other.id) ?? null));
    }
    return repo.upsertCandidates(trx, pairs);
  });
}

/** Whether this person's record may be paired with records of that organisation: the sharing rules (consent naming it or its type, and a current agreement). */
export async function mayShareWith(trx: Transaction<Database>, personId: string | null, organisationId: string): Promise<boolean> {
  if (!personId) return false;
  return (await decideShare(trx, { personId, recipientOrganisationId: organisationId, purpose: TRACING_PURPOSE }, { lock: false })).allowed;
}

/**
 * Records of other organisations of the crisis this record may be paired with (id -> holding organisation): only when
 * both contact persons' sharing rules allow it, each towards the other's organisation. A record whose contact person
 * has no family_tracing consent naming any recipient takes no part (the common case costs one query).
 */
async function acrossOrganisations(trx: Transaction<Database>, row: repo.RecordRow, keys: readonly string[]): Promise<Map<string, string>> {
  const allowed = new Map<string, string>();
  const contact = row.author_person_id ?? row.person_id;
  if (!contact) return allowed;
  const consents = await listCurrentConsentsFor(trx, contact, TRACING_PURPOSE, false);
  if (!consents.some((c) => c.recipient_organisation_ids.length > 0 || c.recipient_organisation_types.length > 0)) return allowed;
  const mine = new Map<string, boolean>();
  for (const other of await repo.otherOrganisationCandidatesByKeys(trx, { crisisId: row.crisis_id, organisationId: row.organisation_id, keys, excludeId: row.id, limit: MAX_CANDIDATES })) {
    if (!mine.has(other.organisation_id)) mine.set(other.organisation_id, await mayShareWith(trx, contact, other.organisation_id));
    if (mine.get(other.organisation_id) && await mayShareWith(trx, other.contact_person_id, row.organisation_id)) allowed.set(other.id, other.organisation_id);
  }
  return allowed;
}

/** A pair for the review queue, with its explanation (the lower id first, as the table's unique pair). */
function candidateRow(scope: { crisis_id: string; organisation_id: string }, x: string, y: string, result: MatchResult, version: string, otherOrganisationId: string | null = null) {
  const [a, b] = x < y ? [x, y] : [y, x];
  return {
    crisis_id: scope.crisis_id, organisation_id: scope.organisation_id, other_organisation_id: otherOrganisationId, record_a_id: a, record_b_id: b, score: result.score,
    probability: Math.min(1, Math.max(0, result.probability)), fields: JSON.stringify(result.fields), model_version: version,
  };
}

export interface RelinkReport {
  records: number;
  comparisons: number;
  skippedBlocks: number;
  /** Pairs at or above the threshold, stored (or refreshed while still pending) in the review queue. */
  pairs: number;
}

/**
 * Links every live record of a crisis at once, per organisation (as matchRecord, a record meets only its own
 * organisation's records): the engine's batch linkage (BatchLinker, the code bench/tracing-scale.ts measures) finds
 * the pairs above the threshold, and comparePeople explains each pair stored. For a new model or a bulk import.
 */
export async function relinkCrisis(db: Kysely<Database>, crisisId: string, options: { workers?: number; maxBlock?: number } = {}): Promise<RelinkReport> {
  const report: RelinkReport = { records: 0, comparisons: 0, skippedBlocks: 0, pairs: 0 };
  const { model, version } = await modelFor(db, crisisId);
  const organisations = await db.selectFrom('tracing_records').select('organisation_id').distinct().where('crisis_id', '=', crisisId).where('expired_at', 'is', null).execute();
  for (const { organisation_id: organisationId } of organisations) {
    const linker = new BatchLinker();
    const people: PersonForMatching[] = [];
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const page = await repo.liveRecordsPage(db, { crisisId, organisationId, after, limit: 5000 });
      for (const row of page) {
        const person = toPersonForMatching(row);
        linker.add(person);
        people.push(person);
      }
      if (page.length < 5000) break;
      after = page.at(-1)?.id as string;
    }
    const found: Array<[number, number]> = [];
    const result = await linker.link({
      model, threshold: MATCH_THRESHOLD, ...options,
      onPairs: (chunk) => chunk.left.forEach((i, k) => found.push([i, chunk.right[k] as number])),
    });
    const scope = { crisis_id: crisisId, organisation_id: organisationId };
    for (let start = 0; start < found.length; start += 500) {
      const rows = found.slice(start, start + 500).map(([i, j]) => {
        const [a, b] = [people[i] as PersonForMatching, people[j] as PersonForMatching];
        return candidateRow(scope, a.id, b.id, comparePeople(a, b, model), version);
      });
      report.pairs += await repo.upsertCandidates(db, rows);
    }
    report.records += result.records;
    report.comparisons += result.comparisons;
    report.skippedBlocks += result.skippedBlocks;
  }
  return report;
}

export function matchHandler(db: Kysely<Database>): JobHandler {
  return async (job: ClaimedJob) => {
    await matchRecord(db, String(job.payload['recordId']));
  };
}

/** Matching, and telling a consenting side of a confirmed match (which needs the server key to find their contact). */
export function tracingJobHandlers(db: Kysely<Database>, key: Buffer): Record<string, JobHandler> {
  return { [MATCH_QUEUE]: matchHandler(db), [NOTIFY_QUEUE]: notifyHandler(db, key) };
}

/** For the public search: is there a live record above the threshold? Returns only yes or no, never which. */
export async function mayHaveMatch(db: Kysely<Database>, crisisId: string, organisationId: string, probe: PersonForMatching): Promise<boolean> {
  const keys = blockingKeys(probe);
  return db.transaction().execute(async (trx) => {
    const ids = await repo.candidatesByKeys(trx, { crisisId, organisationId, keys, excludeId: '00000000-0000-0000-0000-000000000000', limit: MAX_CANDIDATES });
    if (ids.length === 0) return false;
    const { model } = await modelFor(trx, crisisId);
    return (await repo.recordsWithNames(trx, ids)).some((r) => comparePeople(probe, toPersonForMatching(r), model).probability >= MATCH_THRESHOLD);
  });
}
