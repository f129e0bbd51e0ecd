/**
 * Requests for data from police, immigration, courts, intelligence, the military or other government
 * bodies (the firewall, STANDARDS §4.4 and §4.6 item 10):
 * - any staff member of the organisation records one; it is stored as `refused` (the default outcome)
 *   and lands in the data protection officer's queue (undecided requests), audited;
 * - only a data protection officer of that organisation (data_protection:manage, scoped in SQL) decides,
 *   always with a written justification; `disclosed_under_court_order` only for a court, or a request
 *   whose legal instrument is a court order, and it is final;
 * - the public transparency figure counts requests per year, organisation, crisis, authority kind and
 *   outcome: no authority names, no descriptions, no people.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { scopeFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import type { AuthorityDecision, AuthorityRequest, AuthorityRequestCreate, TransparencyQuery } from './authority-requests.schemas.ts';
import * as repo from './authority-requests.repo.ts';
import { isEmptyScope, scopeCovers, scopeForAny } from './scope.ts';

/** Clock skew tolerated on "received at" (a request cannot be received in the future). */
const SKEW_MS = 5 * 60_000;

function present(row: repo.AuthorityRequestRow): AuthorityRequest {
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

export async function recordAuthorityRequest(db: Kysely<Database>, principal: Principal, input: AuthorityRequestCreate, requestId: string, now = new Date()): Promise<AuthorityRequest> {
  const crisisId = input.crisisId ?? null;
  const staff = scopeForAny(principal, ['crisis:read']);
  if (!staff.crisesByOrganisation.has(input.organisationId)) throw AppError.notFound('Organisation');
  if (crisisId !== null && !scopeCovers(staff, input.organisationId, crisisId)) throw AppError.notFound('Crisis');
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt.getTime() > now.getTime() + SKEW_MS) throw AppError.validation('receivedAt', 'not_future', 'must not be in the future');
  return db.transaction().execute(async (trx) => {
    if (crisisId !== null && !(await repo.crisisExists(trx, crisisId))) throw AppError.notFound('Crisis');
    const row = await repo.insertAuthorityRequest(trx, {
      organisation_id: input.organisationId,
      crisis_id: crisisId,
      received_at: receivedAt,
      authority_kind: input.authorityKind,
      authority_name: input.authorityName,
      legal_instrument: input.legalInstrument ?? '',
      scope_description: input.scopeDescription,
      recorded_by: principal.userId,
    });
    await recordAudit(trx, {
      action: 'authority_request',
      actor: actorOf(principal),
      organisationId: input.organisationId,
      crisisId,
      subjectType: 'authority_request',
      subjectId: row.id,
      requestId,
      metadata: { authorityKind: input.authorityKind, status: row.status, routedTo: 'data_protection_officer' },
    });
    return present(row);
  });
}

/** The data protection officer's list; `undecided` is the queue of requests nobody has decided yet. */
export async function listAuthorityRequests(db: Kysely<Database>, principal: Principal, options: { undecided?: boolean } = {}): Promise<AuthorityRequest[]> {
  const scope = scopeFor(principal, 'data_protection:manage');
  if (isEmptyScope(scope)) return [];
  return (await repo.listAuthorityRequests(db, scope, { undecided: options.undecided ?? false, limit: 500 })).map(present);
}

export async function decideAuthorityRequest(db: Kysely<Database>, principal: Principal, id: string, input: AuthorityDecision, requestId: string): Promise<AuthorityRequest> {
  const scope = scopeFor(principal, 'data_protection:manage');
  if (isEmptyScope(scope)) throw AppError.notFound('Authority request');
  if (principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Only a data protection officer, signed in, decides an authority request');
  return db.transaction().execute(async (trx) => {
    const current = await repo.findAuthorityRequestForUpdate(trx, scope, id);
    if (!current) throw AppError.notFound('Authority request');
    if (current.status === 'disclosed_under_court_order') throw AppError.conflict('Data was disclosed under a court order; that decision is final');
    if (input.status === 'disclosed_under_court_order' && current.authority_kind !== 'court' && !/court order/i.test(current.legal_instrument)) {
      throw AppError.validation('status', 'court_order', 'Data can only be disclosed under a court order; record the order as the legal instrument');
    }
    const row = await repo.updateDecision(trx, id, { status: input.status, note: input.note, by: principal.userId, at: new Date() });
    await recordAudit(trx, {
      action: 'authority_request',
      actor: actorOf(principal),
      organisationId: current.organisation_id,
      crisisId: current.crisis_id,
      subjectType: 'authority_request',
      subjectId: id,
      requestId,
      metadata: { decision: input.status, previous: current.status },
    });
    return present(row);
  });
}

/** The public transparency figure. Counts are not suppressed: they count requests, not people. */
export async function transparencyFigures(db: Kysely<Database>, query: TransparencyQuery = {}) {
  const rows = await repo.countAuthorityRequests(db, query);
  const authorityRequests = rows.map((r) => ({
    year: Number(r.year),
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    crisisId: r.crisis_id,
    crisisName: r.crisis_name,
    authorityKind: r.authority_kind,
    outcome: r.status,
    count: Number(r.count),
  }));
  const totals = new Map<string, { year: number; outcome: string; count: number }>();
  for (const r of authorityRequests) {
    const key = `${r.year}/${r.outcome}`;
    const total = totals.get(key) ?? { year: r.year, outcome: r.outcome, count: 0 };
    total.count += r.count;
    totals.set(key, total);
  }
  return { authorityRequests, totals: [...totals.values()].sort((a, b) => b.year - a.year || a.outcome.localeCompare(b.outcome)) };
}
