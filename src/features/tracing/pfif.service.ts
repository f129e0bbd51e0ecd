/**
 * PFIF exchange with partner repositories (Restoring Family Links actors), never public: an incremental export
 * (XML document or Atom person feed, by entry_date, expired records as placeholders) for export:personal, each
 * exported record audited; and an all-or-nothing import for tracing:work that checks every record and field first,
 * stores persons through the same write path as the API (identity store, purpose, legal basis, expiry, matching job)
 * and refuses the whole document on any problem. Contact fields and photos without a recorded consent are dropped.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, type FieldIssue } from '../../http/errors.ts';
import { can, scopeFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { atomPersonFeed, type PfifNote, type PfifPerson, parsePfif, pfifDate, pfifDocument } from './pfif.ts';
import * as repo from './tracing.repo.ts';
import { holdingOrganisation, storeRecord, TRACING_PURPOSE } from './tracing.service.ts';

const MAX_EXPORT = 1000;

function toPfifNote(n: repo.NoteRow, personRecordId: string): PfifNote {
  return {
    note_record_id: n.note_record_id, person_record_id: personRecordId, linked_person_record_id: n.linked_record_id ?? undefined, entry_date: pfifDate(n.entry_date),
    author_name: n.author_name, source_date: pfifDate(n.source_date), author_made_contact: n.author_made_contact === null ? undefined : String(n.author_made_contact),
    status: n.status ?? undefined, last_known_location: n.last_known_location ?? undefined, text: n.text ?? undefined,
  };
}

export function toPfifPerson(row: repo.RecordWithNames, notes: readonly repo.NoteRow[]): PfifPerson {
  const dates = { person_record_id: row.record_id, entry_date: pfifDate(row.entry_date), expiry_date: pfifDate(row.expiry_date), source_date: pfifDate(row.source_date) };
  if (row.expired_at) return dates;
  const names = row.other_names ?? [];
  return {
    ...dates, source_name: row.source_name ?? 'Lifeline', source_url: row.source_url ?? undefined, full_name: names[0] ?? [row.given_name, row.family_name].filter(Boolean).join(' '),
    given_name: row.given_name ?? undefined, family_name: row.family_name ?? undefined, alternate_names: names.length > 1 ? names.slice(1).join('\n') : undefined,
    description: row.description ?? undefined, sex: row.sex ?? undefined, date_of_birth: row.date_of_birth ?? undefined, age: row.age ?? undefined,
    home_city: row.home_city ?? undefined, home_state: row.home_state ?? undefined, home_country: row.home_country ?? undefined, photo_url: row.has_photo_consent ? (row.photo_url ?? undefined) : undefined,
    notes: notes.filter((n) => n.tracing_record_id === row.id).map((n) => toPfifNote(n, row.record_id)),
  };
}

export async function exportPfif(db: Kysely<Database>, principal: Principal, crisisId: string, options: { since?: string | undefined; format: 'xml' | 'atom'; selfUrl: string }, requestId: string): Promise<string> {
  if (!can(principal, 'export:personal', { crisisId })) throw AppError.notFound('Crisis');
  return db.transaction().execute(async (trx) => {
    const rows = await repo.recordsForExport(trx, scopeFor(principal, 'export:personal'), { crisisId, since: options.since ? new Date(options.since) : undefined, limit: MAX_EXPORT });
    const notes = await repo.notesOf(trx, rows.filter((r) => !r.expired_at).map((r) => r.id));
    const persons = rows.map((r) => toPfifPerson(r, notes));
    for (const row of rows.filter((r) => !r.expired_at)) {
      await recordAudit(trx, {
        action: 'export', actor: actorOf(principal), organisationId: row.organisation_id, crisisId, subjectType: 'tracing_record', subjectId: row.id, personId: row.person_id,
        fields: ['full_name', 'given_name', 'family_name', 'alternate_names', 'sex', 'date_of_birth', 'age', 'home', 'description', 'notes'], purpose: TRACING_PURPOSE, requestId, metadata: { format: `pfif-${options.format}` },
      });
    }
    if (options.format === 'xml') return pfifDocument(persons);
    const updated = rows.reduce((latest, r) => (r.entry_date > latest ? r.entry_date : latest), new Date(0));
    return atomPersonFeed({ id: `tag:lifeline,2026:crisis/${crisisId}/tracing`, title: 'Lifeline family tracing', selfUrl: options.selfUrl, updated, persons });
  });
}

const kindOf = (notes: readonly PfifNote[]): 'looking_for' | 'i_am_safe' | 'missing_migrant' | 'deceased_migrant' =>
  notes.some((n) => n.status === 'is_note_author') ? 'i_am_safe' : notes.some((n) => n.status === 'believed_dead') ? 'deceased_migrant' : notes.some((n) => n.status === 'believed_missing') ? 'missing_migrant' : 'looking_for';

export interface ImportReport {
  version: string;
  persons: number;
  unchanged: number;
  expired: number;
  notes: number;
  dropped: string[];
}

const failed = (issues: FieldIssue[]): AppError =>
  new AppError('VALIDATION', `The PFIF document has ${issues.length} problem(s); nothing was imported`, { details: issues.slice(0, 100) });

export async function importPfif(db: Kysely<Database>, principal: Principal, crisisId: string, xml: string, options: { legalBasis: string; organisationId?: string | undefined }, requestId: string): Promise<ImportReport> {
  const organisationId = holdingOrganisation(principal, crisisId, options.organisationId, ['tracing:work']);
  const parsed = parsePfif(xml);
  if (parsed.errors.length > 0) throw failed(parsed.errors);
  const now = new Date();
  return db.transaction().execute(async (trx) => {
    const issues: FieldIssue[] = [];
    const dropped = [...parsed.dropped];
    const stored = new Map<string, string>();
    const report: ImportReport = { version: parsed.version, persons: 0, unchanged: 0, expired: 0, notes: 0, dropped };
    for (const [i, p] of parsed.persons.entries()) {
      const recordId = p.person_record_id as string;
      const existing = await repo.findRecordByRecordId(trx, recordId);
      if (existing) {
        if (existing.organisation_id !== organisationId || existing.crisis_id !== crisisId) issues.push({ field: `person[${i}].person_record_id`, rule: 'owned', message: 'This record id is held by another organisation or crisis' });
        else {
          stored.set(recordId, existing.id);
          report.unchanged += 1;
        }
        continue;
      }
      const sourceDate = new Date(p.source_date as string);
      const expiry = p.expiry_date ? new Date(p.expiry_date) : new Date(sourceDate.getTime() + 365 * 86_400_000);
      if (expiry <= now) {
        report.expired += 1;
        continue;
      }
      if (p.photo_url) dropped.push(`person[${i}].photo_url`);
      const row = await storeRecord(trx, {
        crisisId, organisationId, recordId, kind: kindOf(p.notes ?? []), legalBasis: options.legalBasis, channel: 'import', collectedBy: principal.userId, sourceDate,
        expiryDate: expiry.toISOString(), hasPhotoConsent: false,
        subject: { fullName: p.full_name as string, givenName: p.given_name, familyName: p.family_name, alternateNames: (p.alternate_names ?? '').split(/\n|;/).map((n) => n.trim()).filter(Boolean).slice(0, 20) },
        sex: p.sex as 'female' | 'male' | 'other' | undefined, dateOfBirth: p.date_of_birth, age: p.age, homeCity: p.home_city, homeState: p.home_state, homeCountry: p.home_country,
        description: p.description?.slice(0, 2000), sourceName: p.source_name, sourceUrl: p.source_url,
      }, actorOf(principal), requestId);
      stored.set(recordId, row.id);
      report.persons += 1;
    }
    const allNotes = [...parsed.persons.flatMap((p, i) => (p.notes ?? []).map((n, j) => ({ n: { ...n, person_record_id: p.person_record_id }, where: `person[${i}].note[${j}]` }))), ...parsed.notes.map((n, j) => ({ n, where: `note[${j}]` }))];
    for (const { n, where } of allNotes) {
      let target = stored.get(n.person_record_id as string);
      if (!target) {
        const existing = await repo.findRecordByRecordId(trx, n.person_record_id as string);
        if (existing && existing.organisation_id === organisationId && existing.crisis_id === crisisId && !existing.expired_at) target = existing.id;
      }
      if (!target) {
        if (!parsed.persons.some((p) => p.person_record_id === n.person_record_id)) issues.push({ field: `${where}.person_record_id`, rule: 'unknown_person', message: 'The note names a person that is neither in this document nor held by your organisation' });
        continue;
      }
      if (await trx.selectFrom('tracing_notes').select('id').where('note_record_id', '=', n.note_record_id as string).executeTakeFirst()) continue;
      await repo.insertNote(trx, {
        tracing_record_id: target, crisis_id: crisisId, note_record_id: n.note_record_id as string, linked_record_id: n.linked_person_record_id ?? null, status: n.status || null,
        author_name: (n.author_name as string).slice(0, 200), author_made_contact: n.author_made_contact === undefined ? null : n.author_made_contact === 'true',
        text: n.text?.slice(0, 5000) ?? null, last_known_location: n.last_known_location?.slice(0, 300) ?? null, source_date: new Date(n.source_date as string), created_by: principal.userId,
      });
      report.notes += 1;
    }
    if (issues.length > 0) throw failed(issues);
    await recordAudit(trx, { action: 'import', actor: actorOf(principal), organisationId, crisisId, subjectType: 'pfif_import', requestId, purpose: TRACING_PURPOSE, metadata: { ...report, dropped: dropped.length } });
    return report;
  });
}
