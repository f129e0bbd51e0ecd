/**
 * The HSDS 3.0 API (read side): pages of services and organizations in the standard's Page envelope, and one
 * dereferenced service. Public: confidential locations are never part of it.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { AppError } from '../../../http/errors.ts';
import type { PageQuery } from '../directory.schemas.ts';
import { type HsdsRecord, serviceDocuments, toRecord } from './export.ts';
import { tableSpec } from './tables.ts';

export const HSDS_VERSION = '3.0';

function page(contents: HsdsRecord[], total: number, query: PageQuery) {
  const totalPages = Math.max(1, Math.ceil(total / query.per_page));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: query.page,
    size: contents.length,
    first_page: query.page === 1,
    last_page: query.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export async function listServices(db: Kysely<Database>, query: PageQuery) {
  let base = db.selectFrom('directory_services as s');
  if (query.search) base = base.where(sql<boolean>`(directory_fold(s.name) like '%' || directory_fold(${query.search}) || '%' or directory_fold(s.name) % directory_fold(${query.search}))`);
  if (query.organization_id) base = base.where('s.organization_id', '=', query.organization_id);
  if (query.modified_after) base = base.where('s.last_modified', '>', new Date(query.modified_after));
  const count = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll('s').orderBy('s.name').orderBy('s.id').limit(query.per_page).offset((query.page - 1) * query.per_page).execute();
  let contents: HsdsRecord[];
  if (query.minimal) contents = rows.map((r) => ({ id: r.id, last_modified: r.last_modified.toISOString() }));
  else if (query.full) contents = await serviceDocuments(db, rows.map((r) => r.id));
  else contents = rows.map((r) => toRecord(tableSpec('service'), r));
  return page(contents, Number(count.n), query);
}

export async function getService(db: Kysely<Database>, id: string): Promise<HsdsRecord> {
  const [doc] = await serviceDocuments(db, [id]);
  if (!doc) throw AppError.notFound('Service');
  return doc;
}

export async function listOrganizations(db: Kysely<Database>, query: PageQuery) {
  let base = db.selectFrom('directory_organizations as o');
  if (query.search) base = base.where(sql<boolean>`(directory_fold(o.name) like '%' || directory_fold(${query.search}) || '%' or directory_fold(o.name) % directory_fold(${query.search}))`);
  const count = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll('o').orderBy('o.name').orderBy('o.id').limit(query.per_page).offset((query.page - 1) * query.per_page).execute();
  return page(rows.map((r) => toRecord(tableSpec('organization'), r)), Number(count.n), query);
}

export async function getOrganization(db: Kysely<Database>, id: string, full: boolean): Promise<HsdsRecord> {
  const row = await db.selectFrom('directory_organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw AppError.notFound('Organization');
  const services = await db.selectFrom('directory_services').select('id').where('organization_id', '=', id).orderBy('name').limit(1000).execute();
  const ids = services.map((s) => s.id);
  return { ...toRecord(tableSpec('organization'), row), services: full ? await serviceDocuments(db, ids) : ids.map((sid) => ({ id: sid })) };
}
