/** Rules for organisations: the enforcement firewall, consulates, who may see and change what. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { looksLikeEnforcement } from './organisation-types.ts';
import * as repo from './organisations.repo.ts';
import type { Organisation, OrganisationCreate, OrganisationUpdate } from './organisations.schemas.ts';

export function presentOrganisation(row: repo.OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    type: row.type as Organisation['type'],
    country: row.country,
    representsCountry: row.represents_country,
    isActive: row.is_active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

function refuseEnforcement(name: string): void {
  if (looksLikeEnforcement(name)) {
    throw new AppError('VALIDATION', 'Lifeline does not register police, immigration enforcement, border or intelligence bodies', {
      details: [{ field: 'name', rule: 'no_enforcement', message: 'names a police, immigration enforcement, border or intelligence body' }],
    });
  }
}

function checkConsulate(type: string, representsCountry: string | null | undefined): void {
  if (type === 'consulate' && !representsCountry) {
    throw AppError.validation('representsCountry', 'required', 'A consulate or embassy must say which state it represents');
  }
  if (type !== 'consulate' && representsCountry) {
    throw AppError.validation('representsCountry', 'not_allowed', 'Only a consulate or embassy represents a state');
  }
}

export function visibleOrganisationIds(principal: Principal): string[] | 'all' {
  if (principal.isPlatformAdmin && principal.kind === 'user') return 'all';
  return [...new Set(principal.grants.map((g) => g.organisationId))];
}

export async function createOrganisation(db: Kysely<Database>, principal: Principal, input: OrganisationCreate, requestId: string): Promise<Organisation> {
  refuseEnforcement(input.name);
  checkConsulate(input.type, input.representsCountry);
  return db.transaction().execute(async (trx) => {
    if (await repo.nameTaken(trx, input.name)) {
      throw new AppError('CONFLICT', 'An organisation with this name exists already', {
        details: [{ field: 'name', rule: 'unique', message: 'is already used by another organisation' }],
      });
    }
    const row = await repo.insertOrganisation(trx, {
      name: input.name,
      type: input.type,
      country: input.country ?? null,
      represents_country: input.representsCountry ?? null,
    });
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: row.id, subjectType: 'organisation', subjectId: row.id, requestId });
    return presentOrganisation(row);
  });
}

export async function getOrganisation(db: Kysely<Database>, principal: Principal, id: string): Promise<Organisation> {
  const row = await repo.findOrganisation(db, id, visibleOrganisationIds(principal));
  if (!row) throw AppError.notFound('Organisation');
  return presentOrganisation(row);
}

export async function listOrganisations(db: Kysely<Database>, principal: Principal): Promise<Organisation[]> {
  return (await repo.listOrganisations(db, visibleOrganisationIds(principal))).map(presentOrganisation);
}

export async function updateOrganisation(
  db: Kysely<Database>,
  principal: Principal,
  id: string,
  input: OrganisationUpdate,
  requestId: string,
): Promise<Organisation> {
  return db.transaction().execute(async (trx) => {
    const current = await repo.findOrganisation(trx, id, visibleOrganisationIds(principal));
    if (!current) throw AppError.notFound('Organisation');
    const isAdmin = (principal.isPlatformAdmin && principal.kind === 'user') || can(principal, 'organisation:manage', { organisationId: id });
    if (!isAdmin) throw new AppError('FORBIDDEN', 'Only an administrator of this organisation can change it');
    if (input.isActive !== undefined && !(principal.isPlatformAdmin && principal.kind === 'user')) {
      throw new AppError('FORBIDDEN', 'Only a platform administrator can activate or deactivate an organisation');
    }
    if (input.name !== undefined) {
      refuseEnforcement(input.name);
      if (await repo.nameTaken(trx, input.name, id)) {
        throw new AppError('CONFLICT', 'An organisation with this name exists already', {
          details: [{ field: 'name', rule: 'unique', message: 'is already used by another organisation' }],
        });
      }
    }
    const represents = input.representsCountry === undefined ? current.represents_country : input.representsCountry;
    checkConsulate(current.type, represents);
    const row = await repo.updateOrganisation(trx, id, input.version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.country !== undefined ? { country: input.country } : {}),
      ...(input.representsCountry !== undefined ? { represents_country: input.representsCountry } : {}),
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
    });
    if (!row) {
      throw new AppError('CONFLICT', `The organisation was changed by someone else (now version ${current.version}); reload and try again`, {
        details: [{ field: 'version', rule: 'stale', message: `is ${input.version} but the organisation is at version ${current.version}` }],
      });
    }
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: id, subjectType: 'organisation', subjectId: id, requestId, metadata: { fields: Object.keys(input).filter((k) => k !== 'version') } });
    return presentOrganisation(row);
  });
}
