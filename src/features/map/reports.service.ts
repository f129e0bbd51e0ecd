/**
 * Reports on the crisis map: made by a responder, from a triaged SOS (linked to the message and its case), or by an
 * import; verified (who, how, when) or marked false or duplicate; shown to responders with a jittered point, every
 * view of a report's details audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { admin1Name } from '../triage/extraction/admin-areas.ts';
import { assertNeeds, checkNeeds, needList } from '../triage/needs.ts';
import { jitter } from './geo.ts';
import type { Report, ReportCreate, ReportFromMessage, Verification } from './map.schemas.ts';
import { pointOrganisations, pickOrganisation, reporterOrganisations, organisationsWith } from './map-scope.ts';
import * as repo from './reports.repo.ts';

/** Turns a stored report into the API object: the point jittered, the exact one never leaves here. */
export function presentReport(row: repo.ReportRow, key: Buffer): Report {
  const point = jitter(row.id, row.latitude, row.longitude, key);
  return {
    id: row.id,
    crisisId: row.crisis_id,
    source: row.source,
    categories: row.categories,
    verification: row.verification,
    verificationMethod: row.verification_method,
    verificationNote: row.verification_note,
    verifiedBy: row.verified_by,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    duplicateOf: row.duplicate_of,
    latitude: point.lat,
    longitude: point.lon,
    isJittered: true,
    precisionM: row.precision_m,
    country: row.country?.trim() ?? null,
    admin1Name: row.admin1_name ?? row.admin1_code,
    admin2Name: row.admin2_name ?? row.admin2_code,
    occurredAt: new Date(row.occurred_at).toISOString(),
    description: row.description,
    peopleCount: row.people_count,
    deadCount: row.dead_count,
    missingCount: row.missing_count,
    messageId: row.source_message_id,
    caseId: row.case_id,
    datasetId: row.dataset_id,
    version: row.version,
  };
}

const area = (input: { country?: string | undefined; admin1Code?: string | undefined; admin1Name?: string | undefined; admin2Code?: string | undefined; admin2Name?: string | undefined }) => ({
  country: input.country ?? null, admin1_code: input.admin1Code ?? null, admin1_name: input.admin1Name ?? null, admin2_code: input.admin2Code ?? null, admin2_name: input.admin2Name ?? null,
});

export async function createReport(db: Kysely<Database>, principal: Principal, crisisId: string, input: ReportCreate, key: Buffer, requestId: string): Promise<{ report: Report; created: boolean }> {
  const organisationId = pickOrganisation(reporterOrganisations(principal, crisisId), input.organisationId, 'report');
  await checkNeeds(db, input.categories, 'categories');
  return db.transaction().execute(async (trx) => {
    if (input.idempotencyKey) {
      const existing = await repo.findReportByKey(trx, crisisId, input.idempotencyKey);
      if (existing) {
        if (existing.organisation_id !== organisationId) throw AppError.conflict('This idempotency key was already used for another report');
        return { report: presentReport(existing, key), created: false };
      }
    }
    if (input.caseId) {
      const found = await trx.selectFrom('cases').select('id').where('id', '=', input.caseId).where('crisis_id', '=', crisisId).where('organisation_id', '=', organisationId).executeTakeFirst();
      if (!found) throw AppError.validation('caseId', 'not_found', 'caseId must be a case of your organisation in this crisis');
    }
    const row = await repo.insertReport(trx, {
      crisis_id: crisisId, organisation_id: organisationId, source: 'responder', categories: input.categories, description: input.description ?? null,
      latitude: input.latitude, longitude: input.longitude, precision_m: input.precisionM ?? null, occurred_at: input.occurredAt ?? new Date(),
      people_count: input.peopleCount ?? null, case_id: input.caseId ?? null, idempotency_key: input.idempotencyKey ?? null, created_by: principal.userId, ...area(input),
    });
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId, crisisId, subjectType: 'report', subjectId: row.id, requestId });
    return { report: presentReport(row, key), created: true };
  });
}

/** A place found in the text is good enough for the map from this confidence (0..1). */
const PLACE_CONFIDENCE = 0.5;
/** A town's point from the gazetteer stands for the whole town. */
const TOWN_PRECISION_M = 5000;

/** A report from a triaged SOS: its point, its needs and its case. Idempotent: a second call returns the first report. */
export async function reportFromMessage(db: Kysely<Database>, principal: Principal, messageId: string, input: ReportFromMessage, key: Buffer, requestId: string): Promise<{ report: Report; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .innerJoin('channels', 'channels.id', 'messages.channel_id')
      .select(['messages.id', 'messages.crisis_id', 'messages.direction', 'messages.triaged_at', 'messages.needs', 'messages.location', 'messages.received_at', 'messages.case_id', 'channels.organisation_id',
        'messages.extracted_places', 'messages.place_country', 'messages.place_admin1'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    const orgs = message ? organisationsWith(principal, 'triage:work', message.crisis_id) : [];
    if (!message || message.direction !== 'in' || !orgs.includes(message.organisation_id)) throw AppError.notFound('Message');
    const existing = await repo.findReportByMessage(trx, messageId);
    if (existing) return { report: presentReport(existing, key), created: false };
    if (message.triaged_at === null) throw AppError.validation('messageId', 'not_triaged', 'The message has not been triaged yet: a report takes the needs triage found');
    // The point the sender gave, else the place triage found in the text (a person's correction first), at town precision.
    const found = message.extracted_places.find((p) => p.source === 'person' || p.confidence >= PLACE_CONFIDENCE);
    const fromText = message.location?.lat === undefined && input.latitude === undefined && found !== undefined;
    const lat = input.latitude ?? message.location?.lat ?? found?.lat;
    const lon = input.longitude ?? message.location?.lon ?? found?.lon;
    if ((input.latitude === undefined) !== (input.longitude === undefined)) throw AppError.validation(input.latitude === undefined ? 'latitude' : 'longitude', 'required', 'give both latitude and longitude, or neither');
    if (typeof lat !== 'number' || typeof lon !== 'number') throw AppError.validation('latitude', 'required', 'The message has no point: give latitude and longitude (from the conversation or the place named)');
    const needs = await needList(trx);
    if (input.categories) assertNeeds(needs, input.categories, 'categories');
    // The needs triage found, less any retired since.
    const categories = input.categories ?? message.needs.filter((n) => needs.active.includes(n));
    if (categories.length === 0) throw AppError.validation('categories', 'required', 'Triage found no need in this message: give at least one category');
    const row = await repo.insertReport(trx, {
      crisis_id: message.crisis_id, organisation_id: message.organisation_id, source: 'sos', source_message_id: message.id, case_id: message.case_id,
      categories, latitude: lat, longitude: lon, precision_m: fromText ? TOWN_PRECISION_M : (message.location?.precisionM ?? null), occurred_at: message.received_at, created_by: principal.userId,
      ...area({ country: input.country ?? message.place_country ?? undefined, admin1Code: input.admin1Code ?? (input.country ? undefined : (message.place_admin1 ?? undefined)),
        admin1Name: input.admin1Name ?? (input.country || input.admin1Code ? undefined : admin1Name(message.place_country, message.place_admin1)), admin2Code: input.admin2Code, admin2Name: input.admin2Name }),
    });
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: message.organisation_id, crisisId: message.crisis_id, subjectType: 'report', subjectId: row.id, requestId, metadata: { from: 'message' } });
    return { report: presentReport(row, key), created: true };
  });
}

/** One report, for a responder of its organisation; the view is audited (its point and text are personal data). */
export async function getReport(db: Kysely<Database>, principal: Principal, id: string, key: Buffer, requestId: string): Promise<Report> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findReport(trx, id);
    if (!row || !pointOrganisations(principal, row.crisis_id).includes(row.organisation_id)) throw AppError.notFound('Report');
    await recordAudit(trx, { action: 'view', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'report', subjectId: id, fields: ['location', 'description', 'message', 'case'], requestId });
    return presentReport(row, key);
  });
}

/** Sets the verification status: who, how and when; a duplicate names its original in the same crisis. */
export async function verifyReport(db: Kysely<Database>, principal: Principal, id: string, input: Verification, key: Buffer, requestId: string): Promise<Report> {
  return db.transaction().execute(async (trx) => {
    const current = await repo.findReport(trx, id);
    const allowed = current ? [...organisationsWith(principal, 'triage:work', current.crisis_id), ...organisationsWith(principal, 'crisis:manage', current.crisis_id)] : [];
    if (!current || !allowed.includes(current.organisation_id)) throw AppError.notFound('Report');
    if (input.duplicateOf !== undefined) {
      if (input.duplicateOf === id) throw AppError.validation('duplicateOf', 'not_self', 'A report cannot be a duplicate of itself');
      const original = await repo.findReport(trx, input.duplicateOf);
      if (!original || original.crisis_id !== current.crisis_id || !allowed.includes(original.organisation_id)) throw AppError.validation('duplicateOf', 'not_found', 'duplicateOf must be a report of the same crisis that you can see');
    }
    const row = await repo.updateReport(trx, id, input.version, {
      verification: input.status, verification_method: input.method ?? null, verification_note: input.note ?? null, duplicate_of: input.duplicateOf ?? null,
      verified_by: input.status === 'unverified' ? null : principal.userId, verified_at: input.status === 'unverified' ? null : new Date(),
    });
    if (!row) {
      throw new AppError('CONFLICT', `The report was changed by someone else (now version ${current.version}); reload and try again`, {
        details: [{ field: 'version', rule: 'stale', message: `is ${input.version} but the report is at version ${current.version}` }],
      });
    }
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'report', subjectId: id, fields: ['verification'], requestId, metadata: { status: input.status, method: input.method ?? null } });
    return presentReport(row, key);
  });
}
