/**
 * One-time links: invitations to join an organisation, and password resets issued by an
 * administrator. Only a hash of each token is stored; a link works once, before it expires.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { randomToken, sha256Hex } from '../../shared/crypto.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { revokeUserSessions } from '../auth/auth.repo.ts';
import { hashPassword, passwordSchema } from '../auth/passwords.ts';
import { canManageMembers } from './members.policy.ts';
import type { InvitationCreate } from './members.schemas.ts';

const INVITATION_DAYS = 7;
const RESET_HOURS = 24;

export interface OneTimeLink {
  token: string;
  url: string;
  expiresAt: string;
}

function link(baseUrl: string, path: string, token: string, expiresAt: Date): OneTimeLink {
  return { token, url: `${baseUrl}${path}#${token}`, expiresAt: expiresAt.toISOString() };
}

function checkPassword(password: string): void {
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success) throw AppError.validation('password', 'password', `password ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
}

export async function createInvitation(
  db: Kysely<Database>,
  principal: Principal,
  organisationId: string,
  input: InvitationCreate,
  baseUrl: string,
  requestId: string,
): Promise<OneTimeLink> {
  const org = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
  if (!org || !canManageMembers(principal, organisationId, input.crisisId)) {
    if (org && canManageMembers(principal, organisationId, null)) throw new AppError('FORBIDDEN', 'You cannot invite to this crisis');
    throw AppError.notFound('Organisation');
  }
  if (input.crisisId) {
    const crisis = await db.selectFrom('crises').select('id').where('id', '=', input.crisisId).executeTakeFirst();
    if (!crisis) throw AppError.validation('crisisId', 'exists', 'There is no crisis with this id');
  }
  const token = randomToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('invitations')
      .values({ token_hash: sha256Hex(token), email: input.email, organisation_id: organisationId, crisis_id: input.crisisId, role: input.role, invited_by: principal.userId, expires_at: expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'invitation_created', actor: actorOf(principal), organisationId, crisisId: input.crisisId, subjectType: 'invitation', subjectId: row.id, requestId, metadata: { role: input.role } });
  });
  return link(baseUrl, '/console/accept-invitation', token, expiresAt);
}

export async function acceptInvitation(db: Kysely<Database>, token: string, displayName: string, password: string, requestId: string): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const invitation = await trx
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) throw AppError.validation('token', 'invitation', 'This invitation link is not valid, was used already or has expired');
    const taken = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', invitation.email.toLowerCase())).executeTakeFirst();
    if (taken) throw AppError.conflict('An account with this email exists; sign in and ask your administrator to add the role');
    const user = await trx.insertInto('users').values({ email: invitation.email, display_name: displayName, password_hash: passwordHash }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ user_id: user.id, organisation_id: invitation.organisation_id, crisis_id: invitation.crisis_id, role: invitation.role, created_by: invitation.invited_by }).execute();
    await trx.updateTable('invitations').set({ accepted_at: new Date(), accepted_user_id: user.id }).where('id', '=', invitation.id).execute();
    await recordAudit(trx, {
      action: 'invitation_accepted',
      actor: { userId: user.id, label: displayName },
      organisationId: invitation.organisation_id,
      crisisId: invitation.crisis_id,
      subjectType: 'invitation',
      subjectId: invitation.id,
      requestId,
      metadata: { role: invitation.role },
    });
  });
}

export async function issuePasswordReset(db: Kysely<Database>, principal: Principal, userId: string, baseUrl: string, requestId: string): Promise<OneTimeLink> {
  const orgIds = await db.selectFrom('memberships').select('organisation_id').distinct().where('user_id', '=', userId).execute();
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  const allowed = user !== undefined && ((principal.isPlatformAdmin && principal.kind === 'user') || orgIds.some((o) => canManageMembers(principal, o.organisation_id, null)));
  if (!allowed) throw AppError.notFound('User');
  const token = randomToken();
  const expiresAt = new Date(Date.now() + RESET_HOURS * 3_600_000);
  await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('password_resets').values({ token_hash: sha256Hex(token), user_id: userId, created_by: principal.userId, expires_at: expiresAt }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'password_reset_issued', actor: actorOf(principal), subjectType: 'user', subjectId: userId, requestId, metadata: { resetId: row.id } });
  });
  return link(baseUrl, '/console/reset-password', token, expiresAt);
}

export async function usePasswordReset(db: Kysely<Database>, token: string, password: string, requestId: string): Promise<void> {
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const reset = await trx
      .selectFrom('password_resets')
      .selectAll()
      .where('token_hash', '=', sha256Hex(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!reset) throw AppError.validation('token', 'reset', 'This reset link is not valid, was used already or has expired');
    await trx.updateTable('users').set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, updated_at: new Date() }).where('id', '=', reset.user_id).execute();
    await trx.updateTable('password_resets').set({ used_at: new Date() }).where('id', '=', reset.id).execute();
    await revokeUserSessions(trx, reset.user_id);
    await recordAudit(trx, { action: 'password_reset_used', actor: { userId: reset.user_id, label: 'self' }, subjectType: 'user', subjectId: reset.user_id, requestId });
  });
}
