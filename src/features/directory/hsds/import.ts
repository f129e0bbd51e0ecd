/**
 * HSDS import, all or nothing: every record is validated, every reference checked (within the package or against
 * what is stored), and only then is everything written in one transaction. Any problem refuses the whole package
 * with the problems listed per file, row and field; stored data is untouched.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import { type AuditActor, recordAudit } from '../../audit/audit.service.ts';
import { type NeedList, needList, needProblems } from '../../triage/needs.ts';
import { languageCodesByService, deriveSchedule } from './derive.ts';
import type { SourceRecords } from './read.ts';
import { columnOf, emptyPackage, type Package, type Row, type TableName, tables, tableSpec } from './tables.ts';
import { type RowIssue, toRow } from './validate.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** At most this many problems are listed (the total is always given). */
const MAX_LISTED = 200;
const CHUNK = 5000;
const ANALYZE_AFTER_ROWS = 5000;

export interface ImportOptions {
  format: 'hsds_csv' | 'hsds_json';
  /** Crises the imported services are listed for; empty or absent: every crisis. */
  crisisIds?: readonly string[];
  actor: AuditActor | 'system';
  skipped?: string[];
}

export interface ImportResult {
  importId: string;
  counts: Record<TableName, number>;
  /** HSDS files in the package that Lifeline does not keep (reported, not refused). */
  skipped: string[];
}

/** A service's lifeline_needs must be codes in use in the needs code list (the need_codes table). */
function needIssue(row: Row, needs: NeedList): { field: string; rule: string; message: string } | undefined {
  const wrong = needProblems(needs, Array.isArray(row['needs']) ? (row['needs'] as string[]) : [])[0];
  return wrong && { field: 'lifeline_needs', rule: wrong.rule, message: wrong.message };
}

function validateRecords(source: SourceRecords, issues: RowIssue[], needs: NeedList): Package {
  const pkg = emptyPackage();
  for (const spec of tables) {
    const seen = new Set<string>();
    for (const { record, where } of source[spec.name]) {
      const row = toRow(spec, record, where, issues);
      if (!row) continue;
      const wrongNeeds = spec.name === 'service' ? needIssue(row, needs) : undefined;
      if (wrongNeeds) {
        issues.push({ ...where, ...wrongNeeds });
        continue;
      }
      const id = row.id as string;
      if (seen.has(id)) {
        issues.push({ ...where, field: 'id', rule: 'unique', message: `id ${id} appears more than once in ${spec.file}` });
        continue;
      }
      seen.add(id);
      pkg[spec.name].push(row);
    }
  }
  return pkg;
}

/** Ids each reference names that are not in the package, per referenced table. */
function missingReferences(pkg: Package): Map<TableName, Set<string>> {
  const inPackage = new Map(tables.map((t) => [t.name, new Set(pkg[t.name].map((r) => r.id as string))]));
  const missing = new Map<TableName, Set<string>>();
  for (const spec of tables) {
    for (const field of spec.fields) {
      if (!field.references) continue;
      for (const row of pkg[spec.name]) {
        const value = row[columnOf(field)];
        if (typeof value === 'string' && !inPackage.get(field.references)?.has(value)) {
          const set = missing.get(field.references) ?? new Set<string>();
          set.add(value);
          missing.set(field.references, set);
        }
      }
    }
  }
  return missing;
}

async function checkReferences(db: Db, pkg: Package, source: SourceRecords, issues: RowIssue[]): Promise<void> {
  const missing = missingReferences(pkg);
  const stored = new Map<TableName, Set<string>>();
  for (const [table, ids] of missing) {
    const found = await sql<{ id: string }>`select id from ${sql.table(tableSpec(table).table)} where id = any(${[...ids]}::uuid[])`.execute(db);
    stored.set(table, new Set(found.rows.map((r) => r.id)));
  }
  for (const spec of tables) {
    const where = new Map(source[spec.name].map((s) => [String(s.record.id ?? '').trim().toLowerCase(), s.where]));
    for (const field of spec.fields) {
      if (!field.references) continue;
      for (const row of pkg[spec.name]) {
        const value = row[columnOf(field)];
        if (typeof value !== 'string' || !missing.get(field.references)?.has(value) || stored.get(field.references)?.has(value)) continue;
        const at = where.get(row.id as string) ?? { file: spec.file, row: 0 };
        issues.push({ ...at, field: field.name, rule: 'reference', message: `${field.name} ${value} names no ${field.references} in the package or the directory` });
      }
    }
  }
}

/** Values a column must have when the record leaves it out (the database columns are not null). */
const defaults: Partial<Record<TableName, Row>> = {
  organization: { description: '' },
  location: { is_confidential: false },
  service: { kind: 'other', needs: [], serves_regardless_of_status: false, safe_without_documents: false, accepts_referrals: false },
};

function prepare(pkg: Package, options: ImportOptions): void {
  const now = new Date().toISOString();
  for (const spec of tables) {
    const extra = defaults[spec.name];
    if (extra) pkg[spec.name] = pkg[spec.name].map((row) => ({ ...extra, ...row }));
  }
  pkg.schedule = pkg.schedule.map(deriveSchedule);
  for (const service of pkg.service) {
    service.crisis_ids = [...(options.crisisIds ?? [])];
    service.last_modified ??= now;
  }
}

const derivedColumns: Partial<Record<TableName, string[]>> = {
  service: ['crisis_ids'],
  schedule: ['open_days', 'opens_minute', 'closes_minute', 'utc_offset_minutes'],
};

/** Upserts one table's rows, CHUNK at a time, through jsonb_populate_recordset (one parameter per statement). */
async function storeTable(trx: Transaction<Database>, name: TableName, rows: Row[]): Promise<void> {
  const spec = tableSpec(name);
  const columns = [...spec.fields.map(columnOf), ...(derivedColumns[name] ?? [])];
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const updates = sql.join(
    columns.filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`)
      .concat(name === 'service' ? [sql`version = directory_services.version + 1`] : []),
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK));
    await sql`insert into ${sql.table(spec.table)} (${list})
      select ${list} from jsonb_populate_recordset(null::${sql.table(spec.table)}, ${json}::jsonb)
      on conflict (id) do update set ${updates}`.execute(trx);
  }
}

/** Services whose languages may have changed: imported ones, and those at imported locations or with imported language rows. */
function affectedServices(pkg: Package): string[] {
  const ids = new Set(pkg.service.map((s) => s.id as string));
  for (const l of pkg.language) if (typeof l.service_id === 'string') ids.add(l.service_id);
  for (const sal of pkg.service_at_location) ids.add(sal.service_id as string);
  return [...ids];
}

/** Recomputes language_codes of these services from every stored language row (theirs and their locations'). */
export async function refreshLanguageCodes(trx: Transaction<Database>, serviceIds: readonly string[]): Promise<void> {
  for (let i = 0; i < serviceIds.length; i += CHUNK * 4) {
    const ids = serviceIds.slice(i, i + CHUNK * 4);
    const rows = await sql<{ service_id: string; code: string }>`
      select l.service_id, l.code from directory_languages l where l.service_id = any(${ids}::uuid[]) and l.code is not null
      union all
      select sal.service_id, l.code from directory_languages l join directory_service_at_locations sal on sal.location_id = l.location_id
      where sal.service_id = any(${ids}::uuid[]) and l.code is not null`.execute(trx);
    const codes = languageCodesByService(ids, rows.rows);
    await sql`update directory_services s set language_codes = v.codes
      from jsonb_to_recordset(${JSON.stringify(codes)}::jsonb) as v(id uuid, codes text[]) where s.id = v.id`.execute(trx);
  }
}

/** Validates, checks and stores a package; throws VALIDATION listing the problems, having changed nothing. */
export async function importPackage(db: Kysely<Database>, source: SourceRecords, readIssues: RowIssue[], options: ImportOptions): Promise<ImportResult> {
  const startedAt = new Date();
  const issues = [...readIssues];
  const pkg = validateRecords(source, issues, await needList(db));
  if (issues.length === 0) await checkReferences(db, pkg, source, issues);
  if (issues.length > 0) throw refusal(issues);
  prepare(pkg, options);
  const result = await db.transaction().execute(async (trx) => {
    for (const spec of tables) await storeTable(trx, spec.name, pkg[spec.name]);
    await refreshLanguageCodes(trx, affectedServices(pkg));
    const counts = Object.fromEntries(tables.map((t) => [t.name, pkg[t.name].length])) as Record<TableName, number>;
    const run = await trx
      .insertInto('directory_imports')
      .values({ format: options.format, counts: JSON.stringify(counts), imported_by: options.actor === 'system' ? 'system' : (options.actor.userId ?? `token:${options.actor.tokenId ?? 'unknown'}`), started_at: startedAt, finished_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'import', actor: options.actor, subjectType: 'directory_import', subjectId: run.id, metadata: { format: options.format, counts, skipped: options.skipped ?? [] } });
    return { importId: run.id, counts, skipped: options.skipped ?? [] };
  });
  // After a large import the planner's statistics are stale: refresh them so that search plans stay right.
  if (Object.values(result.counts).reduce((a, b) => a + b, 0) >= ANALYZE_AFTER_ROWS) {
    await sql`analyze directory_services, directory_locations, directory_service_at_locations, directory_schedules, directory_languages`.execute(db);
  }
  return result;
}

export function refusal(issues: RowIssue[]): AppError {
  const listed = issues.slice(0, MAX_LISTED);
  const more = issues.length > listed.length ? ` (the first ${listed.length} are listed)` : '';
  return new AppError('VALIDATION', `The package has ${issues.length} problem${issues.length === 1 ? '' : 's'}${more}; nothing was imported`, {
    details: listed.map((i) => ({ field: `${i.file}${i.row > 0 ? ` row ${i.row}` : ''}: ${i.field}`, rule: i.rule, message: i.message })),
  });
}
