/** Rules for crises: slugs, optimistic concurrency, presenting rows. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';
import { can, grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import * as repo from './crises.repo.ts';
import type { Crisis, CrisisCreate, CrisisListQuery, CrisisUpdate } from './crises.schemas.ts';

export function presentCrisis(row: repo.CrisisRow): Crisis {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    type: row.type as Crisis['type'],
    status: row.status as Crisis['status'],
    affectedCountries: row.affected_countries,
    startDate: row.start_date,
    endDate: row.end_date,
    description: row.description,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return base || 'crisis';
}

async function freeSlug(db: Kysely<Database>, name: string): Promise<string> {
  const base = slugify(name);
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.slugExists(db, candidate))) return candidate;
  }
  throw AppError.conflict('Could not find a free slug for this name; give one explicitly');
}

export async function createCrisis(db: Kysely<Database>, input: CrisisCreate): Promise<Crisis> {
  if (input.slug && (await repo.slugExists(db, input.slug))) {
    throw new AppError('CONFLICT', `slug "${input.slug}" is already used by another crisis`, {
      details: [{ field: 'slug', rule: 'unique', message: 'is already used by another crisis' }],
    });
  }
  const row = await repo.insertCrisis(db, {
    slug: input.slug ?? (await freeSlug(db, input.name)),
    name: input.name,
    type: input.type,
    status: input.status,
    affected_countries: [...new Set(input.affectedCountries)],
    start_date: input.startDate,
    end_date: input.endDate ?? null,
    description: input.description ?? '',
  });
  return presentCrisis(row);
}

/** Which crises a principal may read: undefined means all (platform admins, organisation-wide members). */
export interface CrisisScope {
  crisisIds?: readonly string[];
}

export function crisisScope(principal: Principal): CrisisScope {
  if (principal.isPlatformAdmin && principal.kind === 'user') return {};
  const grants = grantsFor(principal, 'crisis:read');
  if (grants.some((g) => g.crisisId === null)) return {};
  return { crisisIds: [...new Set(grants.map((g) => g.crisisId as string))] };
}

export async function getCrisis(db: Kysely<Database>, id: string, scope: CrisisScope = {}): Promise<Crisis> {
  if (scope.crisisIds && !scope.crisisIds.includes(id)) throw AppError.notFound('Crisis');
  const row = await repo.findCrisis(db, id);
  if (!row) throw AppError.notFound('Crisis');
  return presentCrisis(row);
}

const CursorShape = z.object({ startDate: z.string(), id: z.uuid() });

export async function listCrises(
  db: Kysely<Database>,
  query: CrisisListQuery,
  scope: CrisisScope = {},
): Promise<{ items: Crisis[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor, CursorShape) : undefined;
  const rows = await repo.listCrises(db, {
    ids: scope.crisisIds,
    status: query.status,
    type: query.type,
    after,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentCrisis),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ startDate: last.start_date, id: last.id }) : null,
  };
}

export async function updateCrisis(db: Kysely<Database>, id: string, input: CrisisUpdate, principal?: Principal): Promise<Crisis> {
  if (principal) {
    const scope = crisisScope(principal);
    if (scope.crisisIds && !scope.crisisIds.includes(id)) throw AppError.notFound('Crisis');
    const isPlatformAdmin = principal.isPlatformAdmin && principal.kind === 'user';
    if (!isPlatformAdmin && !can(principal, 'crisis:manage', { crisisId: id })) {
      throw new AppError('FORBIDDEN', 'Only a coordinator of this crisis or a platform administrator can change it');
    }
  }
  return db.transaction().execute(async (trx) => {
    const current = await repo.findCrisis(trx, id);
    if (!current) throw AppError.notFound('Crisis');
    const startDate = input.startDate ?? current.start_date;
    const endDate = input.endDate === undefined ? current.end_date : input.endDate;
    if (endDate && endDate < startDate) throw AppError.validation('endDate', 'after_start', 'endDate must not be before startDate');
    if (input.slug && input.slug !== current.slug && (await repo.slugExists(trx, input.slug))) {
      throw new AppError('CONFLICT', `slug "${input.slug}" is already used by another crisis`, {
        details: [{ field: 'slug', rule: 'unique', message: 'is already used by another crisis' }],
      });
    }
    const values: Partial<repo.CrisisInsert> = {};
    if (input.name !== undefined) values.name = input.name;
    if (input.slug !== undefined) values.slug = input.slug;
    if (input.type !== undefined) values.type = input.type;
    if (input.status !== undefined) values.status = input.status;
    if (input.affectedCountries !== undefined) values.affected_countries = [...new Set(input.affectedCountries)];
    if (input.startDate !== undefined) values.start_date = input.startDate;
    if (input.endDate !== undefined) values.end_date = input.endDate;
    if (input.description !== undefined) values.description = input.description;
    const row = await repo.updateCrisis(trx, id, input.version, values);
    if (!row) {
      throw new AppError('CONFLICT', `The crisis was changed by someone else (now version ${current.version}); reload and try again`, {
        details: [{ field: 'version', rule: 'stale', message: `is ${input.version} but the crisis is at version ${current.version}` }],
      });
    }
    return presentCrisis(row);
  });
}

export async function deleteCrisis(db: Kysely<Database>, id: string): Promise<void> {
  const deleted = await repo.deleteCrisis(db, id);
  if (!deleted) throw AppError.notFound('Crisis');
}
