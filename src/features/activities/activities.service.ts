/**
 * Rules of the activity matrix: who may read (anyone working on the crisis) and write (coordinators and directory
 * managers of the crisis, for their own organisation), optimistic concurrency, the gap view, and the HXL export
 * with small counts suppressed.
 */
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { ActivitiesTable, Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { type Cell, hxlTable, suppressSmallCounts, toCsv } from '../../shared/hxl.ts';
import { can, grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { crisisScope, getCrisis } from '../crises/crises.service.ts';
import { maySeeConfidential } from '../directory/directory.service.ts';
import { assertNeeds, checkNeeds, needList } from '../triage/needs.ts';
import type { Activity, ActivityCreate, ActivityListQuery, ActivityUpdate, AreaNeedCreate } from './activities.schemas.ts';
import * as repo from './activities.repo.ts';
import { gmgCategories, type GmgCategory } from './gmg-categories.ts';

/** Reach columns are suppressed below this count in exports. */
export const SMALL_CELL_THRESHOLD = 5;

export function presentActivity(row: repo.ActivityRow): Activity {
  return {
    id: row.id,
    crisisId: row.crisis_id,
    reportedBy: row.reported_by,
    organisationName: row.organisation_name,
    organisationAcronym: row.organisation_acronym,
    organisationType: row.organisation_type,
    category: row.category,
    phase: gmgCategories[row.category as GmgCategory]?.phase ?? 'cross_cutting',
    name: row.name,
    needs: row.needs,
    status: row.status,
    crisisStatus: row.crisis_status,
    country: row.country.trim(),
    admin1Code: row.admin1_code,
    admin1Name: row.admin1_name,
    admin2Code: row.admin2_code,
    admin2Name: row.admin2_name,
    startDate: row.start_date,
    endDate: row.end_date,
    targeted: row.targeted,
    reached: row.reached,
    reachedWomen: row.reached_women,
    reachedMen: row.reached_men,
    reachedGirls: row.reached_girls,
    reachedBoys: row.reached_boys,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** 404 unless the principal works on the crisis. */
async function assertReadable(db: Kysely<Database> | Transaction<Database>, crisisId: string, principal: Principal): Promise<void> {
  await getCrisis(db, crisisId, crisisScope(principal));
}

const isPlatformAdmin = (p: Principal): boolean => p.isPlatformAdmin && p.kind === 'user';

/** Organisations through which the principal may write the crisis's matrix. */
function writerOrganisations(principal: Principal, crisisId: string): string[] {
  return [...new Set(['directory:manage', 'crisis:manage'].flatMap((perm) =>
    grantsFor(principal, perm as 'directory:manage').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId)))];
}

function assertWriter(principal: Principal, crisisId: string, reportedBy: string | null): void {
  if (isPlatformAdmin(principal) || can(principal, 'crisis:manage', { crisisId })) return;
  const orgs = writerOrganisations(principal, crisisId);
  if (orgs.length === 0) throw new AppError('FORBIDDEN', 'Only coordinators and directory managers of this crisis can change its activity matrix');
  if (reportedBy !== null && !orgs.includes(reportedBy)) throw new AppError('FORBIDDEN', 'Only the organisation that reported this line, or a coordinator of the crisis, can change it');
}

function reporterFor(principal: Principal, crisisId: string, given: string | undefined): string | null {
  const orgs = writerOrganisations(principal, crisisId);
  if (given) {
    if (!orgs.includes(given) && !isPlatformAdmin(principal)) throw AppError.validation('reportedBy', 'membership', 'reportedBy must be an organisation you manage this crisis for');
    return given;
  }
  if (orgs.length > 1) throw AppError.validation('reportedBy', 'required', 'reportedBy is required when you belong to several organisations');
  return orgs[0] ?? null;
}

export async function listActivities(db: Kysely<Database>, crisisId: string, query: ActivityListQuery, principal: Principal): Promise<Activity[]> {
  await assertReadable(db, crisisId, principal);
  return (await repo.listActivities(db, crisisId, query)).map(presentActivity);
}

type ActivityColumns = Omit<Updateable<ActivitiesTable>, 'id' | 'crisis_id' | 'version' | 'created_at' | 'updated_at'>;

function columns(input: Partial<ActivityCreate>): ActivityColumns {
  const map: Record<string, keyof ActivityColumns> = {
    organisationName: 'organisation_name', organisationAcronym: 'organisation_acronym', organisationType: 'organisation_type', category: 'category', name: 'name',
    needs: 'needs', status: 'status', crisisStatus: 'crisis_status', country: 'country', admin1Code: 'admin1_code', admin1Name: 'admin1_name', admin2Code: 'admin2_code',
    admin2Name: 'admin2_name', startDate: 'start_date', endDate: 'end_date', targeted: 'targeted', reached: 'reached', reachedWomen: 'reached_women',
    reachedMen: 'reached_men', reachedGirls: 'reached_girls', reachedBoys: 'reached_boys',
  };
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(map)) {
    const value = (input as Record<string, unknown>)[key];
    if (value !== undefined) out[column] = value;
  }
  return out as ActivityColumns;
}

export async function createActivity(db: Kysely<Database>, crisisId: string, input: ActivityCreate, principal: Principal): Promise<Activity> {
  await assertReadable(db, crisisId, principal);
  assertWriter(principal, crisisId, null);
  const reportedBy = reporterFor(principal, crisisId, input.reportedBy);
  await checkNeeds(db, input.needs, 'needs');
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertActivity(trx, { ...columns(input), crisis_id: crisisId, reported_by: reportedBy } as Insertable<ActivitiesTable>);
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: reportedBy, crisisId, subjectType: 'activity', subjectId: row.id });
    return presentActivity(row);
  });
}

export async function updateActivity(db: Kysely<Database>, id: string, input: ActivityUpdate, principal: Principal): Promise<Activity> {
  return db.transaction().execute(async (trx) => {
    const current = await repo.findActivity(trx, id);
    if (!current) throw AppError.notFound('Activity');
    await assertReadable(trx, current.crisis_id, principal);
    assertWriter(principal, current.crisis_id, current.reported_by);
    const { version, ...changes } = input;
    // A need already on the activity may stay after it was retired; a need added now must be in use.
    if (changes.needs) assertNeeds(await needList(trx), changes.needs, 'needs', { keep: current.needs });
    const start = changes.startDate === undefined ? current.start_date : changes.startDate;
    const end = changes.endDate === undefined ? current.end_date : changes.endDate;
    if (start && end && end < start) throw AppError.validation('endDate', 'after_start', 'endDate must not be before startDate');
    const row = await repo.updateActivity(trx, id, version, columns(changes as Partial<ActivityCreate>));
    if (!row) {
      throw new AppError('CONFLICT', `The activity was changed by someone else (now version ${current.version}); reload and try again`, {
        details: [{ field: 'version', rule: 'stale', message: `is ${version} but the activity is at version ${current.version}` }],
      });
    }
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), crisisId: row.crisis_id, subjectType: 'activity', subjectId: id, fields: Object.keys(changes) });
    return presentActivity(row);
  });
}

export async function deleteActivity(db: Kysely<Database>, id: string, principal: Principal): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await repo.findActivity(trx, id);
    if (!current) throw AppError.notFound('Activity');
    await assertReadable(trx, current.crisis_id, principal);
    assertWriter(principal, current.crisis_id, current.reported_by);
    await repo.deleteActivity(trx, id);
    await recordAudit(trx, { action: 'delete', actor: actorOf(principal), crisisId: current.crisis_id, subjectType: 'activity', subjectId: id });
  });
}

export async function reportAreaNeed(db: Kysely<Database>, crisisId: string, input: AreaNeedCreate, principal: Principal) {
  await assertReadable(db, crisisId, principal);
  assertWriter(principal, crisisId, null);
  const reportedBy = reporterFor(principal, crisisId, input.reportedBy);
  await checkNeeds(db, [input.need], 'need');
  const row = await repo.insertAreaNeed(db, {
    crisis_id: crisisId, country: input.country, admin1_code: input.admin1Code ?? null, admin1_name: input.admin1Name ?? null, need: input.need,
    people_in_need: input.peopleInNeed ?? null, source: input.source, reported_at: input.reportedAt, reported_by: reportedBy,
  });
  return { id: row.id };
}

export async function listGaps(db: Kysely<Database>, crisisId: string, principal: Principal, onlyGaps: boolean) {
  await assertReadable(db, crisisId, principal);
  const rows = await repo.gaps(db, crisisId, maySeeConfidential(principal));
  const items = rows.map((r) => {
    const activities = Number(r.activities);
    const services = Number(r.services);
    return {
      country: r.country.trim(), admin1Code: r.admin1_code, admin1Name: r.admin1_name, need: r.need,
      peopleInNeed: r.people_in_need === null ? null : Number(r.people_in_need), sources: r.sources, activities, services, covered: activities + services > 0,
    };
  });
  return onlyGaps ? items.filter((i) => !i.covered) : items;
}

/** The HXL columns of the 3W export (STANDARDS.md §1.4), in order. */
const hxlColumns: { header: string; tag: string; value: (a: Activity) => Cell }[] = [
  { header: 'Organisation', tag: '#org+name', value: (a) => a.organisationName },
  { header: 'Acronym', tag: '#org+acronym', value: (a) => a.organisationAcronym },
  { header: 'Organisation type', tag: '#org+type', value: (a) => a.organisationType },
  { header: 'GMG category', tag: '#sector+code', value: (a) => a.category },
  { header: 'Category name', tag: '#sector+name', value: (a) => gmgCategories[a.category as GmgCategory]?.en ?? a.category },
  { header: 'Phase', tag: '#sector+type', value: (a) => a.phase },
  { header: 'Activity', tag: '#activity+name', value: (a) => a.name },
  { header: 'Needs answered', tag: '#need+code', value: (a) => a.needs.join(';') },
  { header: 'Activity status', tag: '#status+name', value: (a) => a.status },
  { header: 'Crisis status', tag: '#crisis+status', value: (a) => a.crisisStatus },
  { header: 'Country', tag: '#country+code', value: (a) => a.country },
  { header: 'Admin 1 code', tag: '#adm1+code', value: (a) => a.admin1Code },
  { header: 'Admin 1', tag: '#adm1+name', value: (a) => a.admin1Name },
  { header: 'Admin 2 code', tag: '#adm2+code', value: (a) => a.admin2Code },
  { header: 'Admin 2', tag: '#adm2+name', value: (a) => a.admin2Name },
  { header: 'Start', tag: '#date+start', value: (a) => a.startDate },
  { header: 'End', tag: '#date+end', value: (a) => a.endDate },
  { header: 'People targeted', tag: '#targeted', value: (a) => a.targeted },
  { header: 'People reached', tag: '#reached', value: (a) => a.reached },
  { header: 'Women reached', tag: '#reached+f+adults', value: (a) => a.reachedWomen },
  { header: 'Men reached', tag: '#reached+m+adults', value: (a) => a.reachedMen },
  { header: 'Girls reached', tag: '#reached+f+children', value: (a) => a.reachedGirls },
  { header: 'Boys reached', tag: '#reached+m+children', value: (a) => a.reachedBoys },
];
const countColumns = hxlColumns.map((c, i) => (c.tag.startsWith('#targeted') || c.tag.startsWith('#reached') ? i : -1)).filter((i) => i >= 0);

/** The crisis's 3W matrix as HXL-tagged CSV; counts from 1 to 4 are replaced by "<5". Audited as an export. */
export async function exportHxl(db: Kysely<Database>, crisisId: string, query: ActivityListQuery, principal: Principal): Promise<string> {
  const activities = await listActivities(db, crisisId, query, principal);
  const rows = suppressSmallCounts(activities.map((a) => hxlColumns.map((c) => c.value(a))), countColumns, SMALL_CELL_THRESHOLD);
  await recordAudit(db, { action: 'export', actor: actorOf(principal), crisisId, subjectType: 'activity_matrix', metadata: { format: 'hxl_csv', rows: rows.length } });
  return toCsv(hxlTable(hxlColumns.map(({ header, tag }) => ({ header, tag })), rows));
}
