/**
 * Rules of tracing records: who may file and read them (tracing:work, or a caseworker's case:write / case:read, in
 * the holding organisation and crisis, filtered in SQL), the subject's and author's identity kept in the identity
 * store under the family_tracing purpose and a registered legal basis, the PFIF expiry (default a year after the
 * source date) that also bounds the identity records' retention, an audit entry for every create and view, and a
 * matching job queued in the same transaction. A record never shows its candidate pairs: only confirmed matches.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { enqueue } from '../../jobs/queue.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
import { can, grantsFor, type Scope } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';
import { type AuditActor, actorOf, recordAudit } from '../audit/audit.service.ts';
import { insertConsent } from '../data-protection/consent.repo.ts';
import { writePerson } from '../data-protection/people.service.ts';
import { scopeForAny } from '../data-protection/scope.ts';
import type { NoteCreate, TracingRecord, TracingRecordCreate, TracingRecordUpdate } from './tracing.schemas.ts';
import * as repo from './tracing.repo.ts';

type Db = Kysely<Database> | Transaction<Database>;
export const TRACING_PURPOSE = 'family_tracing';
export const MATCH_QUEUE = 'tracing.match';
const DEFAULT_EXPIRY_DAYS = 365;
const WRITE: readonly Permission[] = ['tracing:work', 'case:write'];
const READ: readonly Permission[] = ['tracing:work', 'case:read'];

export const readScope = (principal: Principal): Scope => scopeForAny(principal, READ);

export function presentRecord(row: repo.RecordWithNames, withIdentity: boolean, matches: Array<{ other: string; decided_at: Date }> = []): TracingRecord {
  const names = row.other_names ?? [];
  const incident = row.incident_date || row.incident_place || row.cause_of_death || row.latitude !== null
    ? { date: row.incident_date, place: row.incident_place, latitude: row.latitude, longitude: row.longitude, causeOfDeath: row.cause_of_death, dead: row.incident_dead,
      missing: row.incident_missing, survivors: row.incident_survivors, migrationRoute: row.migration_route, informationSource: row.information_source, sourceQuality: row.source_quality }
    : null;
  const personal = withIdentity && row.expired_at === null;
  return {
    id: row.id, recordId: row.record_id, crisisId: row.crisis_id, organisationId: row.organisation_id, kind: row.kind, personId: row.person_id,
    purpose: row.purpose, legalBasis: row.legal_basis, expired: row.expired_at !== null,
    subject: personal && row.person_id ? { fullName: names[0] ?? null, givenName: row.given_name, familyName: row.family_name, alternateNames: names.slice(1), nationality: row.nationality } : null,
    sex: row.sex, dateOfBirth: personal ? row.date_of_birth : null, age: row.age, homeCity: personal ? row.home_city : null, homeCountry: row.home_country,
    lastKnownLocation: personal ? row.last_known_location : null, hasPhoto: row.photo_url !== null,
    incident: personal ? incident : null, remainsStatus: row.remains_status, sourceName: row.source_name,
    sourceDate: row.source_date.toISOString(), entryDate: row.entry_date.toISOString(), expiryDate: row.expiry_date.toISOString(), version: row.version,
    confirmedMatches: matches.map((m) => ({ recordId: m.other, confirmedAt: m.decided_at.toISOString() })),
  };
}

/** The organisation through which the principal files a record in this crisis. */
export function holdingOrganisation(principal: Principal, crisisId: string, given: string | undefined, permissions: readonly Permission[] = WRITE): string {
  const orgs = [...new Set(permissions.flatMap((p) => grantsFor(principal, p)).filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
  if (given) {
    if (!orgs.includes(given)) throw AppError.validation('organisationId', 'membership', 'organisationId must be an organisation you do tracing or casework for in this crisis');
    return given;
  }
  if (orgs.length === 0) throw AppError.notFound('Crisis');
  if (orgs.length > 1) throw AppError.validation('organisationId', 'required', 'organisationId is required when you work for several organisations');
  return orgs[0] as string;
}

export const newRecordId = (domain: string): string => `${domain}/${randomUUID()}`;
const addDays = (from: Date, days: number): Date => new Date(from.getTime() + days * 86_400_000);

export interface StoreRecord extends TracingRecordCreate {
  crisisId: string;
  organisationId: string;
  recordId: string;
  sourceDate?: Date;
  collectedBy: string | null;
  channel: 'sms' | 'whatsapp' | 'telegram' | 'email' | 'web' | 'hotline' | 'walk_in' | 'import' | 'referral';
}

/**
 * Stores one record inside the caller's transaction: identity records through the identity store's write path
 * (which refuses a missing or unregistered legal basis), consent to be told of a match, the record, its audit
 * entry and its matching job. Callers have authorised the write.
 */
export async function storeRecord(trx: Transaction<Database>, input: StoreRecord, actor: AuditActor | 'system', requestId: string | null): Promise<repo.RecordRow> {
  const sourceDate = input.sourceDate ?? new Date();
  const expiry = input.expiryDate ? new Date(input.expiryDate) : addDays(sourceDate, DEFAULT_EXPIRY_DAYS);
  const retentionUntil = expiry.toISOString().slice(0, 10);
  const base = { crisisId: input.crisisId, organisationId: input.organisationId, purpose: TRACING_PURPOSE, legalBasis: input.legalBasis, collectedBy: input.collectedBy };
  const subject = await writePerson(trx, {
    ...base, channel: input.channel, givenName: input.subject.givenName, familyName: input.subject.familyName,
    otherNames: [input.subject.fullName, ...input.subject.alternateNames], nationality: input.subject.nationality,
  }, actor, requestId);
  const author = input.author && (input.author.name || input.author.phone)
    ? await writePerson(trx, { ...base, channel: input.author.channel, givenName: input.author.name, phone: input.author.phone, preferredLanguage: input.author.preferredLanguage }, actor, requestId)
    : undefined;
  await trx.updateTable('people').set({ retention_until: retentionUntil }).where('id', 'in', [subject.id, ...(author ? [author.id] : [])]).execute();
  const contact = author ?? subject;
  if (input.contactConsent) {
    const consent = await insertConsent(trx, {
      person_id: contact.id, crisis_id: input.crisisId, purposes: [TRACING_PURPOSE], language: input.contactConsent.language, method: input.contactConsent.method,
      notice_version: input.contactConsent.noticeVersion, recorded_by: input.collectedBy,
    });
    await recordAudit(trx, {
      action: 'consent_recorded', actor, organisationId: input.organisationId, crisisId: input.crisisId, subjectType: 'consent', subjectId: consent.id, personId: contact.id, requestId,
      metadata: { purposes: consent.purposes, method: consent.method, noticeVersion: consent.notice_version },
    });
  }
  const i = input.incident;
  const row = await repo.insertRecord(trx, {
    crisis_id: input.crisisId, organisation_id: input.organisationId, record_id: input.recordId, kind: input.kind, person_id: subject.id, author_person_id: author?.id ?? null,
    legal_basis: subject.legal_basis, sensitivity: subject.sensitivity, sex: input.sex ?? null, date_of_birth: input.dateOfBirth ?? null, age: input.age ?? null,
    home_city: input.homeCity ?? null, home_state: input.homeState ?? null, home_country: input.homeCountry ?? null, region_of_origin: input.regionOfOrigin ?? null,
    last_known_location: input.lastKnownLocation ?? null, description: input.description ?? null, photo_url: input.photoUrl ?? null, has_photo_consent: input.hasPhotoConsent,
    incident_date: i?.date ?? null, incident_place: i?.place ?? null, latitude: i?.latitude ?? null, longitude: i?.longitude ?? null, cause_of_death: i?.causeOfDeath ?? null,
    incident_dead: i?.dead ?? null, incident_missing: i?.missing ?? null, incident_survivors: i?.survivors ?? null, migration_route: i?.migrationRoute ?? null,
    information_source: i?.informationSource ?? null, source_quality: i?.sourceQuality ?? null, remains_status: input.remainsStatus ?? null,
    source_name: input.sourceName ?? null, source_url: input.sourceUrl ?? null, source_date: sourceDate, expiry_date: expiry, created_by: input.collectedBy,
  });
  await recordAudit(trx, {
    action: 'create', actor, organisationId: input.organisationId, crisisId: input.crisisId, subjectType: 'tracing_record', subjectId: row.id, personId: subject.id,
    purpose: TRACING_PURPOSE, requestId, metadata: { kind: input.kind, legalBasis: row.legal_basis },
  });
  await enqueue(trx, { queue: MATCH_QUEUE, crisisId: input.crisisId, payload: { recordId: row.id }, dedupeKey: `tracing.match:${row.id}:${row.version}` });
  return row;
}

export async function createRecord(db: Kysely<Database>, principal: Principal, crisisId: string, input: TracingRecordCreate, domain: string, requestId: string): Promise<TracingRecord> {
  const organisationId = holdingOrganisation(principal, crisisId, input.organisationId);
  return db.transaction().execute(async (trx) => {
    const crisis = await trx.selectFrom('crises').select('id').where('id', '=', crisisId).executeTakeFirst();
    if (!crisis) throw AppError.notFound('Crisis');
    const row = await storeRecord(trx, { ...input, crisisId, organisationId, recordId: newRecordId(domain), collectedBy: principal.userId, channel: input.author?.channel ?? 'hotline' }, actorOf(principal), requestId);
    const [named] = await repo.recordsWithNames(trx, [row.id]);
    return presentRecord(named as repo.RecordWithNames, true);
  });
}

export async function recordInScope(db: Db, principal: Principal, id: string): Promise<repo.RecordWithNames> {
  const row = await repo.findRecordInScope(db, readScope(principal), id);
  if (!row) throw AppError.notFound('Tracing record');
  return row;
}

const mayReadPersonal = (principal: Principal, row: repo.RecordRow): boolean => can(principal, 'personal:read', { crisisId: row.crisis_id, organisationId: row.organisation_id });

export function presentNote(n: repo.NoteRow) {
  return {
    id: n.id, noteRecordId: n.note_record_id, status: n.status, authorName: n.author_name, authorMadeContact: n.author_made_contact, text: n.text,
    lastKnownLocation: n.last_known_location, linkedRecordId: n.linked_record_id, sourceDate: n.source_date.toISOString(), entryDate: n.entry_date.toISOString(),
  };
}

export async function getRecord(db: Kysely<Database>, principal: Principal, id: string, requestId: string) {
  return db.transaction().execute(async (trx) => {
    const row = await recordInScope(trx, principal, id);
    const withIdentity = mayReadPersonal(principal, row);
    const [notes, matches] = await Promise.all([repo.notesOf(trx, [id]), repo.confirmedMatchesOf(trx, id)]);
    await recordAudit(trx, {
      action: 'view', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'tracing_record', subjectId: id, personId: row.person_id,
      fields: withIdentity ? ['subject', 'dateOfBirth', 'homeCity', 'lastKnownLocation', 'incident', 'notes'] : [], purpose: row.purpose, requestId,
    });
    return { ...presentRecord(row, withIdentity, matches), notes: withIdentity ? notes.map(presentNote) : [] };
  });
}

const RecordCursor = z.object({ entryDate: z.string(), id: z.uuid() });

export async function listRecords(db: Kysely<Database>, principal: Principal, crisisId: string, query: { kind?: string | undefined; limit: number; cursor?: string | undefined }, requestId: string) {
  const scope = readScope(principal);
  if (scope.organisationIds.length === 0) throw AppError.notFound('Crisis');
  const after = query.cursor ? decodeCursor(query.cursor, RecordCursor) : undefined;
  return db.transaction().execute(async (trx) => {
    const rows = await repo.listRecords(trx, scope, { crisisId, kind: query.kind, after, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const shown = page.filter((r) => mayReadPersonal(principal, r));
    if (shown.length > 0) {
      await recordAudit(trx, { action: 'view', actor: actorOf(principal), crisisId, subjectType: 'tracing_record_list', subjectId: null, fields: ['subject'], purpose: TRACING_PURPOSE, requestId, metadata: { recordIds: shown.map((r) => r.id) } });
    }
    const last = page.at(-1);
    return {
      items: page.map((r) => presentRecord(r, mayReadPersonal(principal, r))),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ entryDate: last.entry_date.toISOString(), id: last.id }) : null,
    };
  });
}

export async function updateRecord(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof TracingRecordUpdate>, requestId: string): Promise<TracingRecord> {
  return db.transaction().execute(async (trx) => {
    const current = await recordInScope(trx, principal, id);
    if (!can(principal, 'tracing:work', { crisisId: current.crisis_id, organisationId: current.organisation_id }) && !can(principal, 'case:write', { crisisId: current.crisis_id, organisationId: current.organisation_id })) {
      throw new AppError('FORBIDDEN', 'Your role does not allow changing tracing records (needs tracing:work or case:write)');
    }
    if (current.expired_at) throw AppError.conflict('This record expired and is a placeholder now');
    if (input.remainsStatus && !['missing_migrant', 'deceased_migrant'].includes(current.kind)) throw AppError.validation('remainsStatus', 'kind', 'remainsStatus is for missing and deceased migrants only');
    const row = await repo.updateRecord(trx, id, input.version, {
      ...(input.remainsStatus ? { remains_status: input.remainsStatus } : {}),
      ...(input.lastKnownLocation ? { last_known_location: input.lastKnownLocation } : {}),
      ...(input.expiryDate ? { expiry_date: new Date(input.expiryDate) } : {}),
    });
    if (!row) {
      throw new AppError('CONFLICT', `The record was changed by someone else (now version ${current.version}); reload and try again`, {
        details: [{ field: 'version', rule: 'stale', message: `is ${input.version} but the record is at version ${current.version}` }],
      });
    }
    if (input.expiryDate) {
      const ids = [row.person_id, row.author_person_id].filter((p): p is string => p !== null);
      if (ids.length > 0) await trx.updateTable('people').set({ retention_until: input.expiryDate.slice(0, 10) }).where('id', 'in', ids).execute();
    }
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'tracing_record', subjectId: id, personId: row.person_id, fields: Object.keys(input).filter((k) => k !== 'version'), requestId });
    const [named] = await repo.recordsWithNames(trx, [id]);
    return presentRecord(named as repo.RecordWithNames, mayReadPersonal(principal, row));
  });
}

export async function addNote(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof NoteCreate>, domain: string, requestId: string) {
  return db.transaction().execute(async (trx) => {
    const record = await recordInScope(trx, principal, id);
    if (!can(principal, 'tracing:work', { crisisId: record.crisis_id, organisationId: record.organisation_id }) && !can(principal, 'case:write', { crisisId: record.crisis_id, organisationId: record.organisation_id })) {
      throw new AppError('FORBIDDEN', 'Your role does not allow adding notes (needs tracing:work or case:write)');
    }
    if (record.expired_at) throw AppError.conflict('This record expired and is a placeholder now');
    const note = await repo.insertNote(trx, {
      tracing_record_id: id, crisis_id: record.crisis_id, note_record_id: newRecordId(domain), linked_record_id: input.linkedRecordId ?? null, status: input.status ?? null,
      author_name: input.authorName, author_made_contact: input.authorMadeContact ?? null, text: input.text ?? null, last_known_location: input.lastKnownLocation ?? null, created_by: principal.userId,
    });
    await trx.updateTable('tracing_records').set({ entry_date: new Date(), updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: record.organisation_id, crisisId: record.crisis_id, subjectType: 'tracing_note', subjectId: note.id, personId: record.person_id, requestId, metadata: { status: note.status } });
    return presentNote(note);
  });
}
