/**
 * Memberships: who has which role in which organisation and crisis. Nobody changes their own
 * memberships (no self-escalation); every change is audited as a permission change.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { canManageMembers, canSeeMembers } from './members.policy.ts';
import type { MembershipCreate } from './members.schemas.ts';

async function assertCrisisExists(db: Kysely<Database>, crisisId: string | null): Promise<void> {
  if (crisisId === null) return;
  const crisis = await db.selectFrom('crises').select('id').where('id', '=', crisisId).executeTakeFirst();
  if (!crisis) throw AppError.validation('crisisId', 'exists', 'There is no crisis with this id');
}

async function assertOrganisationVisible(db: Kysely<Database>, principal: Principal, organisationId: string): Promise<void> {
  const org = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
  if (!org || !canSeeMembers(principal, organisationId)) throw AppError.notFound('Organisation');
}

export async function listMembers(db: Kysely<Database>, principal: Principal, organisationId: string) {
  await assertOrganisationVisible(db, principal, organisationId);
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.user_id', 'users.display_name', 'users.email', 'memberships.organisation_id', 'memberships.crisis_id', 'memberships.role', 'memberships.languages', 'memberships.created_at'])
    .where('memberships.organisation_id', '=', organisationId)
    .orderBy('users.display_name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    displayName: r.display_name,
    email: r.email,
    organisationId: r.organisation_id,
    crisisId: r.crisis_id,
    role: r.role,
    languages: r.languages,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function addMembership(db: Kysely<Database>, principal: Principal, organisationId: string, input: MembershipCreate, requestId: string) {
  await assertOrganisationVisible(db, principal, organisationId);
  if (input.userId === principal.userId) throw new AppError('FORBIDDEN', 'You cannot change your own roles; ask another administrator');
  if (!canManageMembers(principal, organisationId, input.crisisId)) {
    throw new AppError('FORBIDDEN', input.crisisId === null ? 'Only an organisation-wide administrator can grant organisation-wide roles' : 'You cannot manage roles for this crisis');
  }
  await assertCrisisExists(db, input.crisisId);
  const user = await db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw AppError.validation('userId', 'exists', 'There is no user with this id');
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('memberships')
      .select('id')
      .where('user_id', '=', input.userId)
      .where('organisation_id', '=', organisationId)
      .where('role', '=', input.role)
      .where((eb) => (input.crisisId === null ? eb('crisis_id', 'is', null) : eb('crisis_id', '=', input.crisisId)))
      .executeTakeFirst();
    if (existing) throw AppError.conflict('The user already has this role here');
    const row = await trx
      .insertInto('memberships')
      .values({ user_id: input.userId, organisation_id: organisationId, crisis_id: input.crisisId, role: input.role, languages: input.languages ?? [], created_by: principal.userId })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'permission_change',
      actor: actorOf(principal),
      organisationId,
      crisisId: input.crisisId,
      subjectType: 'membership',
      subjectId: row.id,
      requestId,
      metadata: { change: 'granted', role: input.role, userId: input.userId },
    });
    return row.id;
  });
}

export async function removeMembership(db: Kysely<Database>, principal: Principal, organisationId: string, membershipId: string, requestId: string): Promise<void> {
  await assertOrganisationVisible(db, principal, organisationId);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('memberships').selectAll().where('id', '=', membershipId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!row) throw AppError.notFound('Membership');
    if (row.user_id === principal.userId) throw new AppError('FORBIDDEN', 'You cannot change your own roles; ask another administrator');
    if (!canManageMembers(principal, organisationId, row.crisis_id)) throw new AppError('FORBIDDEN', 'You cannot manage roles for this crisis');
    await trx.deleteFrom('memberships').where('id', '=', membershipId).execute();
    await recordAudit(trx, {
      action: 'permission_change',
      actor: actorOf(principal),
      organisationId,
      crisisId: row.crisis_id,
      subjectType: 'membership',
      subjectId: membershipId,
      requestId,
      metadata: { change: 'removed', role: row.role, userId: row.user_id },
    });
  });
}
