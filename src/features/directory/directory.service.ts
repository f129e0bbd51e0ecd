/**
 * Rules of the directory: who may see confidential locations, who may change a service or its free beds, and the
 * import and export of HSDS packages (zip of CSVs, or JSON).
 */
import { basename } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { macroLanguage } from '../triage/language-codes.ts';
import { grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { bedKinds } from './directory-codes.ts';
import { checkNeeds } from '../triage/needs.ts';
import type { SearchQuery, SearchResult } from './directory.schemas.ts';
import { exportTabular } from './hsds/export.ts';
import { type ImportResult, importPackage } from './hsds/import.ts';
import { readJson, readTabular } from './hsds/read.ts';
import type { RowIssue } from './hsds/validate.ts';
import { type SearchRow, searchDirectory } from './search.repo.ts';

/** Largest total size of the files inside an uploaded zip (a defence against zip bombs). */
export const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;

/** Caseworkers, coordinators and directory managers may see safe houses; the public and analysts may not. */
export function maySeeConfidential(principal: Principal | undefined): boolean {
  if (!principal) return false;
  return grantsFor(principal, 'directory:manage').length > 0 || grantsFor(principal, 'referral:send').length > 0;
}

export function mayManageDirectory(principal: Principal): boolean {
  return grantsFor(principal, 'directory:manage').length > 0;
}

function present(row: SearchRow): SearchResult {
  return {
    serviceId: row.service_id,
    name: row.service_name,
    organization: { id: row.organization_id, name: row.organization_name },
    kind: row.kind,
    status: row.status,
    needs: row.needs,
    languages: row.language_codes,
    servesRegardlessOfStatus: row.serves_regardless_of_status,
    safeWithoutDocuments: row.safe_without_documents,
    acceptsReferrals: row.accepts_referrals,
    alert: row.alert,
    capacity:
      row.beds_total === null && row.beds_free === null && !bedKinds.includes(row.kind as never)
        ? null
        : { bedsTotal: row.beds_total, bedsFree: row.beds_free, updatedAt: row.capacity_updated_at?.toISOString() ?? null, stale: row.capacity_stale },
    location: row.location_id
      ? { id: row.location_id, name: row.location_name, latitude: row.latitude, longitude: row.longitude, confidential: row.is_confidential ?? false, country: row.country, admin1: row.admin1_name }
      : null,
    distanceKm: row.distance_km === null ? null : Math.round(Number(row.distance_km) * 100) / 100,
    openNow: row.open_now,
  };
}

/** Search; a responder who may see safe houses gets them, and each such view is audited. */
export async function search(db: Kysely<Database>, query: SearchQuery, principal: Principal | undefined, now = new Date()): Promise<SearchResult[]> {
  await checkNeeds(db, query.need, 'query.need', { use: 'filter' });
  const includeConfidential = maySeeConfidential(principal);
  const rows = await searchDirectory(db, {
    crisisId: query.crisisId,
    q: query.q,
    needs: query.need,
    kinds: query.kind,
    language: query.language ? macroLanguage(query.language) : undefined,
    near: query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon, radiusKm: query.radiusKm } : undefined,
    admin1: query.admin1,
    country: query.country,
    openNow: query.openNow,
    hasBeds: query.hasBeds,
    acceptsReferrals: query.acceptsReferrals,
    regardlessOfStatus: query.regardlessOfStatus,
    includeConfidential,
    now,
    limit: query.limit,
  });
  const confidential = rows.filter((r) => r.is_confidential).map((r) => r.location_id as string);
  if (principal && confidential.length > 0) {
    await recordAudit(db, { action: 'view', actor: actorOf(principal), crisisId: query.crisisId ?? null, subjectType: 'directory_location', metadata: { confidentialLocations: [...new Set(confidential)] } });
  }
  return rows.map(present);
}

/** Files of an uploaded zip, by base name; refuses paths, duplicates, non-UTF-8 text and oversized content. */
export function unzipPackage(zip: Buffer): Map<string, string> {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `The files in the zip are larger than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB once unpacked`);
        return !file.name.endsWith('/');
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw AppError.validation('body', 'zip', 'The upload is not a readable zip file');
  }
  const files = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [name, bytes] of Object.entries(entries)) {
    const file = basename(name);
    if (name.includes('..')) throw AppError.validation(name, 'path', `${name}: file names in the zip must not contain ".."`);
    if (file.startsWith('.') || name.startsWith('__MACOSX/')) continue;
    if (files.has(file)) throw AppError.validation(file, 'unique', `${file} appears more than once in the zip`);
    try {
      files.set(file, decoder.decode(bytes));
    } catch {
      throw AppError.validation(file, 'utf8', `${file} is not UTF-8 text`);
    }
  }
  return files;
}

export async function importZip(db: Kysely<Database>, zip: Buffer, principal: Principal, crisisIds?: string[]): Promise<ImportResult> {
  return importFiles(db, unzipPackage(zip), principal, crisisIds);
}

export async function importFiles(db: Kysely<Database>, files: ReadonlyMap<string, string>, principal: Principal | 'system', crisisIds?: string[]): Promise<ImportResult> {
  const issues: RowIssue[] = [];
  const skipped: string[] = [];
  const source = readTabular(files, issues, skipped);
  return importPackage(db, source, issues, { format: 'hsds_csv', crisisIds, actor: principal === 'system' ? 'system' : actorOf(principal), skipped });
}

export async function importJson(db: Kysely<Database>, services: readonly unknown[], principal: Principal, crisisIds?: string[]): Promise<ImportResult> {
  const issues: RowIssue[] = [];
  const source = readJson(services, issues);
  return importPackage(db, source, issues, { format: 'hsds_json', crisisIds, actor: actorOf(principal) });
}

/** The tabular package as a zip; confidential locations only for those allowed, and the export is audited. */
export async function exportZip(db: Kysely<Database>, principal: Principal, includeConfidential: boolean): Promise<Buffer> {
  if (includeConfidential && !mayManageDirectory(principal)) {
    throw new AppError('FORBIDDEN', 'Only directory managers can export confidential locations (needs directory:manage)');
  }
  const files = await exportTabular(db, { includeConfidential });
  await recordAudit(db, { action: 'export', actor: actorOf(principal), subjectType: 'directory', metadata: { format: 'hsds_csv', includeConfidential } });
  return Buffer.from(zipSync(Object.fromEntries([...files].map(([name, text]) => [name, strToU8(text)]))));
}

/** Sets a shelter's free beds: directory managers, or any member of the organisation that maintains the entry. */
export async function updateCapacity(db: Kysely<Database>, serviceId: string, input: { bedsFree: number; bedsTotal?: number | undefined }, principal: Principal) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('directory_services as s')
      .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
      .select(['s.id', 's.beds_total', 'o.lifeline_organisation_id'])
      .where('s.id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw AppError.notFound('Service');
    const maintainer = row.lifeline_organisation_id !== null && principal.grants.some((g) => g.organisationId === row.lifeline_organisation_id);
    if (!mayManageDirectory(principal) && !maintainer) {
      throw new AppError('FORBIDDEN', 'Only the organisation that runs this service or a directory manager can update its beds');
    }
    const total = input.bedsTotal ?? row.beds_total;
    if (total !== null && input.bedsFree > total) {
      throw AppError.validation('bedsFree', 'max', `bedsFree must not be more than bedsTotal (${total})`);
    }
    const now = new Date();
    const updated = await trx
      .updateTable('directory_services')
      .set({ beds_free: input.bedsFree, beds_total: total, capacity_updated_at: now, last_modified: now })
      .where('id', '=', serviceId)
      .returning(['beds_total', 'beds_free', 'capacity_updated_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), subjectType: 'directory_service_capacity', subjectId: serviceId, metadata: { bedsFree: input.bedsFree, bedsTotal: total } });
    return { bedsTotal: updated.beds_total, bedsFree: updated.beds_free, updatedAt: updated.capacity_updated_at?.toISOString() ?? null, stale: false };
  });
}

export async function deleteService(db: Kysely<Database>, serviceId: string, principal: Principal): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('directory_services').where('id', '=', serviceId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw AppError.notFound('Service');
    await recordAudit(trx, { action: 'delete', actor: actorOf(principal), subjectType: 'directory_service', subjectId: serviceId });
  });
}

