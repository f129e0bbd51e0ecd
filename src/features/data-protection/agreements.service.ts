/**
 * Data-sharing agreements between an organisation and a partner, per purpose, with validity dates. The
 * sharing gate requires a current one for every recipient outside the controlling organisation (except
 * consulates, which need the person's own consent naming them instead).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import type { Agreement, AgreementCreate } from './agreements.schemas.ts';
import * as repo from './agreements.repo.ts';
import { unknownPurposes } from './registry.ts';
import { scopeCovers, scopeForAny } from './scope.ts';

function present(row: repo.AgreementRow): Agreement {
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

/** Managing agreements needs organisation:manage or data_protection:manage for the whole organisation. */
function assertMayManage(principal: Principal, organisationId: string): void {
  if (principal.kind !== 'user' || !scopeCovers(scopeForAny(principal, ['organisation:manage', 'data_protection:manage']), organisationId, null)) {
    throw AppError.notFound('Organisation');
  }
}

export async function createAgreement(db: Kysely<Database>, principal: Principal, organisationId: string, input: AgreementCreate, requestId: string): Promise<Agreement> {
  assertMayManage(principal, organisationId);
  if (input.partnerOrganisationId === organisationId) throw AppError.validation('partnerOrganisationId', 'different', 'An organisation needs no agreement with itself');
  const partner = await repo.findOrganisation(db, input.partnerOrganisationId);
  if (!partner?.is_active) throw AppError.validation('partnerOrganisationId', 'exists', 'The partner is not a registered, active organisation');
  if (partner.type === 'consulate') throw AppError.validation('partnerOrganisationId', 'not_consulate', 'A consulate receives data only with each person\'s own consent naming it, not under an agreement');
  const unknown = await unknownPurposes(db, input.purposes);
  if (unknown.length > 0) throw AppError.validation('purposes', 'registered', `Not registered purposes: ${unknown.join(', ')}`);
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertAgreement(trx, {
      organisation_id: organisationId,
      partner_organisation_id: input.partnerOrganisationId,
      reference: input.reference,
      purposes: [...new Set(input.purposes)],
      valid_from: input.validFrom,
      valid_until: input.validUntil ?? null,
      created_by: principal.userId,
    });
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId, subjectType: 'sharing_agreement', subjectId: row.id, recipient: input.partnerOrganisationId, requestId, metadata: { purposes: row.purposes, reference: row.reference } });
    return present(row);
  });
}

export async function listAgreements(db: Kysely<Database>, principal: Principal, organisationId: string): Promise<Agreement[]> {
  if (!scopeForAny(principal, ['crisis:read']).crisesByOrganisation.has(organisationId)) throw AppError.notFound('Organisation');
  return (await repo.listAgreements(db, organisationId)).map(present);
}

export async function revokeAgreement(db: Kysely<Database>, principal: Principal, organisationId: string, id: string, requestId: string): Promise<void> {
  assertMayManage(principal, organisationId);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.revokeAgreement(trx, organisationId, id, new Date()))) throw AppError.notFound('Agreement');
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId, subjectType: 'sharing_agreement', subjectId: id, requestId, metadata: { change: 'revoked' } });
  });
}
