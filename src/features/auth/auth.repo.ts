/** SQL for sign-in: users, sessions, API tokens and the grants that make a principal. */
import { type Expression, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.ts';
import type { Grant } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type UserRow = Selectable<UsersTable>;

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst();
}

export function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The grants of a user as one SQL expression: memberships in active organisations, plus unexpired
 * break-glass grants (as coordinator in that crisis). Used inside the session lookup, so that a request
 * costs one round trip to know who is calling.
 */
function grantsJson(userId: Expression<string>, now: Date) {
  return sql<RawGrant[]>`(
    select coalesce(json_agg(g), '[]'::json) from (
      select m.organisation_id as "organisationId", m.crisis_id as "crisisId", m.role as "role", null::uuid as "breakGlassId"
        from memberships m join organisations o on o.id = m.organisation_id
        where m.user_id = ${userId} and o.is_active
      union all
      select b.organisation_id, b.crisis_id, 'coordinator', b.id
        from break_glass_grants b
        where b.user_id = ${userId} and b.expires_at > ${now}
    ) g
  )`;
}

interface RawGrant {
  organisationId: string;
  crisisId: string | null;
  role: string;
  breakGlassId: string | null;
}

export function toGrants(raw: RawGrant[]): Grant[] {
  return raw.map((g) => ({ organisationId: g.organisationId, crisisId: g.crisisId, role: g.role as Role, ...(g.breakGlassId ? { breakGlassId: g.breakGlassId } : {}) }));
}

export async function loadGrants(db: Db, userId: string, now = new Date()): Promise<Grant[]> {
  const row = await db.selectNoFrom(grantsJson(sql.val(userId), now).as('grants')).executeTakeFirstOrThrow();
  return toGrants(row.grants);
}

export async function recordFailedSignIn(db: Db, userId: string, lockAfter: number, lockMinutes: number): Promise<{ locked: boolean }> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
    .where('id', '=', userId)
    .returning(['failed_sign_ins'])
    .executeTakeFirstOrThrow();
  if (row.failed_sign_ins >= lockAfter) {
    await db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + lockMinutes * 60_000), failed_sign_ins: 0 })
      .where('id', '=', userId)
      .execute();
    return { locked: true };
  }
  return { locked: false };
}

export async function recordSuccessfulSignIn(db: Db, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: new Date() }).where('id', '=', userId).execute();
}

export async function insertSession(
  db: Db,
  values: { id: string; userId: string; csrfToken: string; verified: boolean; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: values.id, user_id: values.userId, csrf_token: values.csrfToken, is_two_factor_verified: values.verified, expires_at: values.expiresAt })
    .execute();
}

export function findLiveSession(db: Db, id: string, now: Date, idleCutoff: Date) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select((eb) => [
      grantsJson(eb.ref('sessions.user_id'), now).as('grants'),
      'sessions.id',
      'sessions.user_id',
      'sessions.csrf_token',
      'sessions.is_two_factor_verified',
      'sessions.last_seen_at',
      'users.display_name',
      'users.is_platform_admin',
      'users.totp_enabled_at',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('sessions.last_seen_at', '>', idleCutoff)
    .where('users.is_active', '=', true)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', id).execute();
}

export async function markSessionVerified(db: Db, id: string): Promise<void> {
  await db.updateTable('sessions').set({ is_two_factor_verified: true, last_seen_at: new Date() }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).execute();
}

export async function revokeUserSessions(db: Db, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

export function findLiveToken(db: Db, tokenHash: string, now: Date) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('organisations', 'organisations.id', 'api_tokens.organisation_id')
    .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.organisation_id', 'api_tokens.crisis_id', 'api_tokens.role', 'api_tokens.scopes', 'api_tokens.created_by', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .where('organisations.is_active', '=', true)
    .executeTakeFirst();
}

export async function touchToken(db: Db, id: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', id).execute();
}
