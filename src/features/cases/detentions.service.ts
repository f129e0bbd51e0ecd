/**
 * Detention tracking on a case. Consular access is a disclosure to a consulate, so it goes through the sharing gate:
 * only a consulate the person consented to be contacted by (named one by one), never one of a state the person
 * fears. Everything else (facility, grounds, legal aid, visits, outcome) stays inside the holding organisation.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database, DetentionsTable } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { countryCodeSchema } from '../../shared/countries.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { isoDate } from '../crises/crises.schemas.ts';
import { shareWithin } from '../data-protection/sharing.service.ts';

export const detentionOutcomes = ['released', 'removed', 'transferred', 'died_in_custody'] as const;

export const DetentionCreate = z.strictObject({
  facilityName: z.string().trim().min(2, 'must be at least 2 characters').max(200),
  facilityCountry: countryCodeSchema,
  facilityAdmin1: z.string().trim().min(1).max(120).optional(),
  detainedOn: isoDate,
  statedGrounds: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
});

export const DetentionUpdate = z
  .strictObject({
    version: z.number().int().min(1),
    outcome: z.enum(detentionOutcomes, { message: `must be one of ${detentionOutcomes.join(', ')}` }).optional(),
    outcomeOn: isoDate.optional(),
    outcomeNote: z.string().trim().max(1000).optional(),
    legalAidReferralId: z.uuid('must be a referral id').optional(),
    consularAccessGranted: z.literal(true).optional().describe('The consulate was able to visit or speak with the person'),
  })
  .refine((v) => (v.outcome === undefined) === (v.outcomeOn === undefined), { message: 'outcome and outcomeOn go together', path: ['outcomeOn'] });

export const VisitCreate = z.strictObject({ visitedOn: isoDate, visitorOrganisationId: z.uuid().optional(), note: z.string().trim().max(5000).optional() });

export const Detention = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  facilityName: z.string(),
  facilityCountry: z.string(),
  facilityAdmin1: z.string().nullable(),
  detainedOn: z.string(),
  daysDetained: z.number().describe('Until the outcome date, or until today'),
  statedGrounds: z.string().nullable(),
  consulateOrganisationId: z.uuid().nullable(),
  consularAccessRequestedAt: z.string().nullable(),
  consularAccessGrantedAt: z.string().nullable(),
  legalAidReferralId: z.uuid().nullable(),
  outcome: z.string().nullable(),
  outcomeOn: z.string().nullable(),
  visits: z.array(z.object({ id: z.uuid(), visitedOn: z.string(), visitorOrganisationId: z.uuid().nullable(), note: z.string().nullable() })),
  version: z.number(),
});
type Detention = z.infer<typeof Detention>;

function present(row: Selectable<DetentionsTable>, visits: Detention['visits']): Detention {
  const end = row.outcome_on ? new Date(row.outcome_on) : new Date();
  return {
    id: row.id, caseId: row.case_id, facilityName: row.facility_name, facilityCountry: row.facility_country.trim(), facilityAdmin1: row.facility_admin1,
    detainedOn: row.detained_on, daysDetained: Math.max(0, Math.floor((end.getTime() - new Date(row.detained_on).getTime()) / 86_400_000)),
    statedGrounds: row.stated_grounds, consulateOrganisationId: row.consulate_organisation_id,
    consularAccessRequestedAt: row.consular_access_requested_at?.toISOString() ?? null, consularAccessGrantedAt: row.consular_access_granted_at?.toISOString() ?? null,
    legalAidReferralId: row.legal_aid_referral_id, outcome: row.outcome, outcomeOn: row.outcome_on, visits, version: row.version,
  };
}

async function caseFor(db: Kysely<Database>, principal: Principal, caseId: string, write: boolean) {
  const row = await db.selectFrom('cases').select(['id', 'crisis_id', 'organisation_id', 'person_id']).where('id', '=', caseId).executeTakeFirst();
  if (!row || !can(principal, 'case:read', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw AppError.notFound('Case');
  if (write && !can(principal, 'case:write', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw new AppError('FORBIDDEN', 'Your role does not allow changing cases (needs case:write)');
  return row;
}

async function detentionFor(db: Kysely<Database>, principal: Principal, id: string, write: boolean) {
  const row = await db.selectFrom('detentions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Detention');
  return { detention: row, caseRow: await caseFor(db, principal, row.case_id, write) };
}

export async function recordDetention(db: Kysely<Database>, principal: Principal, caseId: string, input: z.infer<typeof DetentionCreate>, requestId: string): Promise<Detention> {
  const caseRow = await caseFor(db, principal, caseId, true);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('detentions')
      .values({ case_id: caseId, facility_name: input.facilityName, facility_country: input.facilityCountry, facility_admin1: input.facilityAdmin1 ?? null, detained_on: input.detainedOn, stated_grounds: input.statedGrounds ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: caseRow.organisation_id, crisisId: caseRow.crisis_id, subjectType: 'detention', subjectId: row.id, personId: caseRow.person_id, requestId });
    return present(row, []);
  });
}

export async function listDetentions(db: Kysely<Database>, principal: Principal, caseId: string, requestId: string): Promise<Detention[]> {
  const caseRow = await caseFor(db, principal, caseId, false);
  const rows = await db.selectFrom('detentions').selectAll().where('case_id', '=', caseId).orderBy('detained_on', 'desc').execute();
  const visits = rows.length === 0 ? [] : await db.selectFrom('detention_visits').selectAll().where('detention_id', 'in', rows.map((r) => r.id)).orderBy('visited_on').execute();
  await recordAudit(db, { action: 'view', actor: actorOf(principal), organisationId: caseRow.organisation_id, crisisId: caseRow.crisis_id, subjectType: 'detention', subjectId: caseId, personId: caseRow.person_id, requestId });
  return rows.map((r) => present(r, visits.filter((v) => v.detention_id === r.id).map((v) => ({ id: v.id, visitedOn: v.visited_on, visitorOrganisationId: v.visitor_organisation_id, note: v.note }))));
}

/** Asks a consulate for access: a disclosure, so the sharing gate decides (consent naming that consulate; never a feared state). */
export async function requestConsularAccess(db: Kysely<Database>, principal: Principal, id: string, consulateId: string, requestId: string): Promise<Detention> {
  const { detention, caseRow } = await detentionFor(db, principal, id, true);
  const consulate = await db.selectFrom('organisations').select(['id', 'type']).where('id', '=', consulateId).executeTakeFirst();
  if (consulate?.type !== 'consulate') throw AppError.validation('consulateOrganisationId', 'consulate', 'consulateOrganisationId must be a consulate registered on Lifeline');
  if (!caseRow.person_id) throw AppError.validation('consulateOrganisationId', 'no_person', 'Consular access needs the person\'s identity record and their consent to contact this consulate');
  if (detention.consular_access_requested_at) throw AppError.conflict('Consular access was requested already');
  const updated = await shareWithin(
    db,
    { personId: caseRow.person_id, recipientOrganisationId: consulateId, purpose: 'consular_assistance', actor: actorOf(principal), requestId, fields: ['detention'], subjectType: 'detention', subjectId: id },
    async (trx) => trx.updateTable('detentions').set({ consulate_organisation_id: consulateId, consular_access_requested_at: new Date(), version: detention.version + 1, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow(),
  );
  return present(updated, []);
}

export async function updateDetention(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof DetentionUpdate>, requestId: string): Promise<Detention> {
  const { detention, caseRow } = await detentionFor(db, principal, id, true);
  if (input.consularAccessGranted && !detention.consular_access_requested_at) throw AppError.validation('consularAccessGranted', 'requested_first', 'Consular access must be requested before it can be granted');
  if (input.outcomeOn && input.outcomeOn < detention.detained_on) throw AppError.validation('outcomeOn', 'after_detention', 'outcomeOn must not be before the detention began');
  if (input.legalAidReferralId) {
    const referral = await db.selectFrom('referrals').select('case_id').where('id', '=', input.legalAidReferralId).executeTakeFirst();
    if (referral?.case_id !== detention.case_id) throw AppError.validation('legalAidReferralId', 'same_case', 'legalAidReferralId must be a referral of this case');
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('detentions')
      .set({
        ...(input.outcome ? { outcome: input.outcome, outcome_on: input.outcomeOn ?? null, outcome_note: input.outcomeNote ?? null } : {}),
        ...(input.legalAidReferralId ? { legal_aid_referral_id: input.legalAidReferralId } : {}),
        ...(input.consularAccessGranted ? { consular_access_granted_at: new Date() } : {}),
        version: detention.version + 1, updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw AppError.conflict(`The detention record was changed by someone else (now version ${detention.version}); reload and try again`);
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: caseRow.organisation_id, crisisId: caseRow.crisis_id, subjectType: 'detention', subjectId: id, personId: caseRow.person_id, fields: Object.keys(input).filter((k) => k !== 'version'), requestId });
    return present(row, []);
  });
}

export async function addVisit(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof VisitCreate>): Promise<{ id: string }> {
  const { detention } = await detentionFor(db, principal, id, true);
  if (input.visitedOn < detention.detained_on) throw AppError.validation('visitedOn', 'after_detention', 'visitedOn must not be before the detention began');
  const row = await db
    .insertInto('detention_visits')
    .values({ detention_id: id, visited_on: input.visitedOn, visitor_organisation_id: input.visitorOrganisationId ?? null, note: input.note ?? null, created_by: principal.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}
