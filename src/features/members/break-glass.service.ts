/**
 * Break-glass: a member of an organisation takes emergency coordinator access to one crisis of that
 * organisation, with a written reason, for at most four hours. It is audited and stays in the data
 * protection officer's review queue until reviewed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';

export const BREAK_GLASS_MAX_MINUTES = 240;

export interface BreakGlassRequest {
  organisationId: string;
  crisisId: string;
  reason: string;
  minutes: number;
}

function present(row: { id: string; user_id: string; organisation_id: string; crisis_id: string; reason: string; created_at: Date; expires_at: Date; reviewed_at: Date | null; review_note: string | null }) {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id,
    crisisId: row.crisis_id,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    reviewNote: row.review_note,
  };
}

export async function breakGlass(db: Kysely<Database>, principal: Principal, input: BreakGlassRequest, requestId: string) {
  if (principal.kind !== 'user' || !principal.userId) throw new AppError('FORBIDDEN', 'Only a signed-in person can use break-glass access');
  const member = principal.grants.some((g) => g.organisationId === input.organisationId && g.breakGlassId === undefined);
  if (!member) throw AppError.notFound('Organisation');
  const crisis = await db.selectFrom('crises').select('id').where('id', '=', input.crisisId).executeTakeFirst();
  if (!crisis) throw AppError.validation('crisisId', 'exists', 'There is no crisis with this id');
  if (can(principal, 'case:write', { organisationId: input.organisationId, crisisId: input.crisisId })) {
    throw AppError.conflict('You already have this access; break-glass is not needed');
  }
  const userId = principal.userId;
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('break_glass_grants')
      .values({ user_id: userId, organisation_id: input.organisationId, crisis_id: input.crisisId, reason: input.reason, expires_at: new Date(Date.now() + input.minutes * 60_000) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'break_glass',
      actor: actorOf(principal),
      organisationId: input.organisationId,
      crisisId: input.crisisId,
      subjectType: 'break_glass_grant',
      subjectId: row.id,
      requestId,
      metadata: { minutes: input.minutes, flaggedToDataProtectionOfficer: true },
    });
    return present(row);
  });
}

/** The data protection officer's queue: grants in their organisations, unreviewed first. */
export async function listBreakGlass(db: Kysely<Database>, principal: Principal, onlyUnreviewed: boolean) {
  const orgIds = [...new Set(principal.grants.filter((g) => g.role === 'data_protection_officer').map((g) => g.organisationId))];
  if (orgIds.length === 0) return [];
  let query = db.selectFrom('break_glass_grants').selectAll().where('organisation_id', 'in', orgIds);
  if (onlyUnreviewed) query = query.where('reviewed_at', 'is', null);
  return (await query.orderBy('created_at', 'desc').limit(500).execute()).map(present);
}

export async function reviewBreakGlass(db: Kysely<Database>, principal: Principal, id: string, note: string, requestId: string) {
  const orgIds = principal.grants.filter((g) => g.role === 'data_protection_officer').map((g) => g.organisationId);
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('break_glass_grants').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !orgIds.includes(row.organisation_id)) throw AppError.notFound('Break-glass grant');
    if (row.reviewed_at) throw AppError.conflict('This break-glass grant was reviewed already');
    if (row.user_id === principal.userId) throw new AppError('FORBIDDEN', 'Someone else must review your own break-glass access');
    const updated = await trx
      .updateTable('break_glass_grants')
      .set({ reviewed_at: new Date(), reviewed_by: principal.userId, review_note: note })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'break_glass_reviewed', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'break_glass_grant', subjectId: id, requestId });
    return present(updated);
  });
}
