/**
 * API tokens for integrations (SMS gateways, partner systems): bound to one organisation and
 * optionally one crisis, with a role and scopes that cannot exceed it. Shown once; stored as a hash.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { randomToken, sha256Hex } from '../../shared/crypto.ts';
import type { Principal } from '../access/principal.ts';
import { rolePermissions } from '../access/roles.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { canManageMembers } from './members.policy.ts';
import type { ApiTokenCreate } from './members.schemas.ts';

function present(row: {
  id: string; name: string; organisation_id: string; crisis_id: string | null; role: string; scopes: string[];
  created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null;
}) {
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisation_id,
    crisisId: row.crisis_id,
    role: row.role,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createApiToken(db: Kysely<Database>, principal: Principal, organisationId: string, input: ApiTokenCreate, requestId: string) {
  const org = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
  if (!org || !canManageMembers(principal, organisationId, input.crisisId)) throw AppError.notFound('Organisation');
  const allowed = rolePermissions[input.role];
  const beyond = input.scopes.filter((scope) => !allowed.includes(scope));
  if (beyond.length > 0) {
    throw AppError.validation('scopes', 'within_role', `The role ${input.role} does not allow: ${beyond.join(', ')}`);
  }
  if (input.crisisId) {
    const crisis = await db.selectFrom('crises').select('id').where('id', '=', input.crisisId).executeTakeFirst();
    if (!crisis) throw AppError.validation('crisisId', 'exists', 'There is no crisis with this id');
  }
  const token = randomToken();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({
        token_hash: sha256Hex(token),
        name: input.name,
        organisation_id: organisationId,
        crisis_id: input.crisisId,
        role: input.role,
        scopes: input.scopes,
        created_by: principal.userId,
        expires_at: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'token_created', actor: actorOf(principal), organisationId, crisisId: input.crisisId, subjectType: 'api_token', subjectId: row.id, requestId, metadata: { role: input.role, scopes: input.scopes } });
    return { ...present(row), token };
  });
}

export async function listApiTokens(db: Kysely<Database>, principal: Principal, organisationId: string) {
  if (!canManageMembers(principal, organisationId, null) && !principal.grants.some((g) => g.organisationId === organisationId && rolePermissions[g.role].includes('organisation:manage'))) {
    throw AppError.notFound('Organisation');
  }
  const rows = await db.selectFrom('api_tokens').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
  return rows.filter((r) => canManageMembers(principal, organisationId, r.crisis_id)).map(present);
}

export async function revokeApiToken(db: Kysely<Database>, principal: Principal, organisationId: string, tokenId: string, requestId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!row || !canManageMembers(principal, organisationId, row.crisis_id)) throw AppError.notFound('API token');
    if (row.revoked_at) return;
    await trx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).execute();
    await recordAudit(trx, { action: 'token_revoked', actor: actorOf(principal), organisationId, crisisId: row.crisis_id, subjectType: 'api_token', subjectId: tokenId, requestId });
  });
}
