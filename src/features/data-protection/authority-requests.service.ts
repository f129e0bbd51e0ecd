/**
 * Requests for data from police, immigration, courts or other authorities. Recorded by any staff
 * member, refused by default, routed to the data protection officer, counted in public.
 * Only a data protection officer may record a disclosure, and only under a court order with a note.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';

export const AuthorityRequestCreate = z.strictObject({
  organisationId: z.uuid(),
  crisisId: z.uuid().nullable().optional(),
  receivedAt: z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-11-24T10:00:00Z' }),
  authorityKind: z.enum(['police', 'immigration', 'court', 'intelligence', 'military', 'other_government']),
  authorityName: z.string().trim().min(1).max(200),
  legalInstrument: z.string().trim().max(500).optional(),
  scopeDescription: z.string().trim().min(1).max(4000).describe('What was asked for; avoid personal data where you can'),
});
export type AuthorityRequestCreate = z.infer<typeof AuthorityRequestCreate>;

export const AuthorityDecision = z.strictObject({
  status: z.enum(['refused', 'under_review', 'disclosed_under_court_order']),
  note: z.string().trim().min(10, 'must explain the decision in at least 10 characters').max(4000),
});

export const AuthorityRequest = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  crisisId: z.uuid().nullable(),
  receivedAt: z.string(),
  authorityKind: z.string(),
  authorityName: z.string(),
  legalInstrument: z.string(),
  scopeDescription: z.string(),
  status: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

type Row = { id: string; organisation_id: string; crisis_id: string | null; received_at: Date; authority_kind: string; authority_name: string; legal_instrument: string; scope_description: string; status: string; decided_at: Date | null; decision_note: string | null };
function present(row: Row): z.infer<typeof AuthorityRequest> {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    crisisId: row.crisis_id,
    receivedAt: row.received_at.toISOString(),
    authorityKind: row.authority_kind,
    authorityName: row.authority_name,
    legalInstrument: row.legal_instrument,
    scopeDescription: row.scope_description,
    status: row.status,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
  };
}

const dpoOrgs = (principal: Principal): string[] => [...new Set(principal.grants.filter((g) => g.role === 'data_protection_officer').map((g) => g.organisationId))];

export async function recordAuthorityRequest(db: Kysely<Database>, principal: Principal, input: AuthorityRequestCreate, requestId: string) {
  if (!principal.grants.some((g) => g.organisationId === input.organisationId)) throw AppError.notFound('Organisation');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('authority_requests')
      .values({
        organisation_id: input.organisationId,
        crisis_id: input.crisisId ?? null,
        received_at: new Date(input.receivedAt),
        authority_kind: input.authorityKind,
        authority_name: input.authorityName,
        legal_instrument: input.legalInstrument ?? '',
        scope_description: input.scopeDescription,
        recorded_by: principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'authority_request',
      actor: actorOf(principal),
      organisationId: input.organisationId,
      crisisId: input.crisisId ?? null,
      subjectType: 'authority_request',
      subjectId: row.id,
      requestId,
      metadata: { authorityKind: input.authorityKind, status: row.status, routedTo: 'data_protection_officer' },
    });
    return present(row);
  });
}

export async function listAuthorityRequests(db: Kysely<Database>, principal: Principal) {
  const orgs = dpoOrgs(principal);
  if (orgs.length === 0) return [];
  return (await db.selectFrom('authority_requests').selectAll().where('organisation_id', 'in', orgs).orderBy('received_at', 'desc').limit(500).execute()).map(present);
}

export async function decideAuthorityRequest(db: Kysely<Database>, principal: Principal, id: string, input: z.infer<typeof AuthorityDecision>, requestId: string) {
  const orgs = dpoOrgs(principal);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('authority_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current || !orgs.includes(current.organisation_id)) throw AppError.notFound('Authority request');
    if (input.status === 'disclosed_under_court_order' && current.authority_kind !== 'court' && !/court order/i.test(current.legal_instrument)) {
      throw AppError.validation('status', 'court_order', 'Data can only be disclosed under a court order; record the order as the legal instrument');
    }
    const row = await trx
      .updateTable('authority_requests')
      .set({ status: input.status, decision_note: input.note, decided_by: principal.userId, decided_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'authority_request', actor: actorOf(principal), organisationId: current.organisation_id, crisisId: current.crisis_id, subjectType: 'authority_request', subjectId: id, requestId, metadata: { decision: input.status } });
    return present(row);
  });
}

/** The public transparency figure: requests per year, authority kind and outcome. No names, no details. */
export async function transparencyFigures(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('authority_requests')
    .select((eb) => [
      eb.fn<number>('date_part', [eb.val('year'), 'received_at']).as('year'),
      'authority_kind',
      'status',
      eb.fn.countAll<string>().as('count'),
    ])
    .groupBy(['year', 'authority_kind', 'status'])
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => ({ year: Number(r.year), authorityKind: r.authority_kind, outcome: r.status, count: Number(r.count) }));
}
