/**
 * Importing an incident dataset into a crisis map: every row is checked first, and a file with any bad row is refused
 * whole with each problem named (row, field, rule); a good file lands in one transaction, as one map_datasets row and
 * one report (source "import") per row.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database, ReportsTable } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { needList } from '../triage/needs.ts';
import { type ImportProfile, readIncidents } from './import-rows.ts';
import { coordinatorOrganisations, pickOrganisation } from './map-scope.ts';
import { insertReports } from './reports.repo.ts';

/** Most problems listed in one answer (the count says how many there were). */
const MAX_ISSUES = 200;
/** Rows per INSERT statement (21 values a row, well under PostgreSQL's 65,535 parameters). */
const BATCH = 1000;

export interface DatasetInput {
  name: string;
  source?: string | undefined;
  licence?: string | undefined;
  profile: ImportProfile;
  csv: string;
  organisationId?: string | undefined;
}

export async function importDataset(db: Kysely<Database>, who: Principal | 'system', crisisId: string, input: DatasetInput, requestId: string | null = null): Promise<{ datasetId: string; rows: number }> {
  const organisationId = who === 'system' ? input.organisationId : pickOrganisation(coordinatorOrganisations(who, crisisId), input.organisationId, 'coordinate');
  if (!organisationId) throw AppError.validation('organisationId', 'required', 'say which organisation the dataset is imported for');
  const parsed = readIncidents(input.csv, input.profile, (await needList(db)).active);
  if (parsed.issues.length > 0) {
    const shown = parsed.issues.slice(0, MAX_ISSUES);
    throw new AppError('VALIDATION', `The dataset was not imported: ${parsed.issues.length} problem(s) in ${parsed.read} row(s)${parsed.issues.length > shown.length ? `, the first ${shown.length} listed` : ''}. Nothing was stored.`, { details: shown });
  }
  if (parsed.rows.length === 0) throw AppError.validation('csv', 'empty', 'The file has no data rows');
  return db.transaction().execute(async (trx) => {
    const dataset = await trx
      .insertInto('map_datasets')
      .values({ crisis_id: crisisId, organisation_id: organisationId, name: input.name, source: input.source ?? '', licence: input.licence ?? '', profile: input.profile, row_count: parsed.rows.length, imported_by: who === 'system' ? null : who.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < parsed.rows.length; i += BATCH) {
      const values: Insertable<ReportsTable>[] = parsed.rows.slice(i, i + BATCH).map((r) => ({
        crisis_id: crisisId, organisation_id: organisationId, source: 'import', dataset_id: dataset.id, external_id: r.externalId, categories: r.categories,
        description: r.description, latitude: r.latitude, longitude: r.longitude, country: r.country, admin1_code: r.admin1Code, admin1_name: r.admin1Name,
        admin2_code: r.admin2Code, admin2_name: r.admin2Name, occurred_at: r.occurredAt, dead_count: r.dead, missing_count: r.missing, people_count: r.people,
        verification: 'verified', verification_method: 'official_source', verification_note: input.source ? `Imported from ${input.source.slice(0, 200)}` : 'Imported dataset',
      }));
      await insertReports(trx, values);
    }
    await recordAudit(trx, { action: 'create', actor: who === 'system' ? 'system' : actorOf(who), organisationId, crisisId, subjectType: 'map_dataset', subjectId: dataset.id, requestId, metadata: { rows: parsed.rows.length, profile: input.profile } });
    return { datasetId: dataset.id, rows: parsed.rows.length };
  });
}
