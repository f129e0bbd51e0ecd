/** Data-sharing agreements between an organisation and a partner, per purpose, with validity dates. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { rolePermissions } from '../access/roles.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';

export const AgreementCreate = z
  .strictObject({
    partnerOrganisationId: z.uuid(),
    reference: z.string().trim().min(1).max(200).describe('The signed agreement\'s reference, e.g. DSA-2026-014'),
    purposes: z.array(z.string().min(1).max(60)).min(1).max(20),
    validFrom: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }),
    validUntil: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }).nullable().optional(),
  })
  .refine((v) => !v.validUntil || v.validUntil >= v.validFrom, { message: 'must not be before validFrom', path: ['validUntil'] });
export type AgreementCreate = z.infer<typeof AgreementCreate>;

export const Agreement = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  partnerOrganisationId: z.uuid(),
  reference: z.string(),
  purposes: z.array(z.string()),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

function mayManage(principal: Principal, organisationId: string): boolean {
  if (principal.kind !== 'user') return false;
  return principal.grants.some(
    (g) => g.organisationId === organisationId && g.crisisId === null && (rolePermissions[g.role].includes('organisation:manage') || rolePermissions[g.role].includes('data_protection:manage')),
  );
}

function present(row: { id: string; organisation_id: string; partner_organisation_id: string; reference: string; purposes: string[]; valid_from: string; valid_until: string | null; revoked_at: Date | null }) {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    partnerOrganisationId: row.partner_organisation_id,
    reference: row.reference,
    purposes: row.purposes,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export async function createAgreement(db: Kysely<Database>, principal: Principal, organisationId: string, input: AgreementCreate, requestId: string) {
  if (!mayManage(principal, organisationId)) throw AppError.notFound('Organisation');
  if (input.partnerOrganisationId === organisationId) throw AppError.validation('partnerOrganisationId', 'different', 'An organisation needs no agreement with itself');
  const partner = await db.selectFrom('organisations').select(['id', 'is_active']).where('id', '=', input.partnerOrganisationId).executeTakeFirst();
  if (!partner?.is_active) throw AppError.validation('partnerOrganisationId', 'exists', 'The partner is not a registered, active organisation');
  const known = await db.selectFrom('processing_purposes').select('code').where('code', 'in', input.purposes).execute();
  if (known.length !== new Set(input.purposes).size) throw AppError.validation('purposes', 'registered', 'Every purpose must be a registered processing purpose');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('sharing_agreements')
      .values({
        organisation_id: organisationId,
        partner_organisation_id: input.partnerOrganisationId,
        reference: input.reference,
        purposes: [...new Set(input.purposes)],
        valid_from: input.validFrom,
        valid_until: input.validUntil ?? null,
        created_by: principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId, subjectType: 'sharing_agreement', subjectId: row.id, recipient: input.partnerOrganisationId, requestId, metadata: { purposes: row.purposes } });
    return present(row);
  });
}

export async function listAgreements(db: Kysely<Database>, principal: Principal, organisationId: string) {
  if (!principal.grants.some((g) => g.organisationId === organisationId)) throw AppError.notFound('Organisation');
  const rows = await db.selectFrom('sharing_agreements').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').execute();
  return rows.map(present);
}

export async function revokeAgreement(db: Kysely<Database>, principal: Principal, organisationId: string, id: string, requestId: string): Promise<void> {
  if (!mayManage(principal, organisationId)) throw AppError.notFound('Organisation');
  await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('sharing_agreements').set({ revoked_at: new Date() }).where('id', '=', id).where('organisation_id', '=', organisationId).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) throw AppError.notFound('Agreement');
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId, subjectType: 'sharing_agreement', subjectId: id, requestId, metadata: { change: 'revoked' } });
  });
}
