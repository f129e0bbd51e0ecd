/**
 * Test support for the data-protection tests (not a test itself): one app on a fresh database with a
 * crisis, three organisations and signed-in staff, and helpers that go through the real HTTP stack.
 */
import type { LightMyRequestResponse } from 'fastify';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import type { Database } from '../../db/schema.ts';

export interface World {
  t: TestApp;
  crisisId: string;
  /** The controlling organisation of the people created here. */
  ngo: string;
  /** A partner with a data-sharing agreement for referral and emergency_assistance (see `withAgreement`). */
  partner: string;
  otherNgo: string;
  caseworker: SignedIn;
  analyst: SignedIn;
  dpo: SignedIn;
  admin: SignedIn;
}

export const testActor = { userId: null, label: 'test' } as const;

export async function buildWorld(): Promise<World> {
  const t = await startTestApp();
  const crisisId = (await buildCrisis(t.db)).id;
  const ngo = (await buildOrganisation(t)).id;
  const partner = (await buildOrganisation(t)).id;
  const otherNgo = (await buildOrganisation(t)).id;
  return {
    t,
    crisisId,
    ngo,
    partner,
    otherNgo,
    caseworker: await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo, crisisId, role: 'caseworker' }] })),
    analyst: await signIn(t, await buildUser(t, { twoFactor: false, memberships: [{ organisationId: ngo, crisisId, role: 'analyst' }] })),
    dpo: await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo, role: 'data_protection_officer' }] })),
    admin: await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo, role: 'administrator' }] })),
  };
}

/** POST /api/crises/:crisisId/people as the caseworker, with a complete basis unless overridden. */
export function postPerson(w: World, body: Record<string, unknown>, headers: SignedIn['headers'] = w.caseworker.headers): Promise<LightMyRequestResponse> {
  return w.t.request({
    method: 'POST',
    url: `/api/crises/${w.crisisId}/people`,
    headers,
    payload: { organisationId: w.ngo, purpose: 'case_management', legalBasis: 'consent', channel: 'hotline', ...body },
  });
}

export async function personId(w: World, body: Record<string, unknown>): Promise<string> {
  const res = await postPerson(w, body);
  if (res.statusCode !== 201) throw new Error(`person not created: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

export function postConsent(w: World, id: string, body: Record<string, unknown>, headers: SignedIn['headers'] = w.caseworker.headers): Promise<LightMyRequestResponse> {
  return w.t.request({ method: 'POST', url: `/api/people/${id}/consents`, headers, payload: { language: 'ti', method: 'verbal', noticeVersion: 'notice-2026-10', ...body } });
}

export async function consentId(w: World, id: string, body: Record<string, unknown>): Promise<string> {
  const res = await postConsent(w, id, body);
  if (res.statusCode !== 201) throw new Error(`consent not recorded: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** A data-sharing agreement from `from` to `to` through the API (as the administrator of the world's NGO). */
export async function withAgreement(w: World, to: string, purposes: string[], from = w.ngo): Promise<void> {
  const res = await w.t.request({ method: 'POST', url: `/api/organisations/${from}/sharing-agreements`, headers: w.admin.headers, payload: { partnerOrganisationId: to, reference: `DSA-${to.slice(0, 8)}`, purposes, validFrom: '2026-01-01' } });
  if (res.statusCode !== 201) throw new Error(`agreement not created: ${res.statusCode} ${res.body}`);
}

export async function count(w: World, table: keyof Database): Promise<number> {
  const row = await w.t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function auditCount(w: World, action: string, personId?: string): Promise<number> {
  let query = w.t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', action);
  if (personId) query = query.where('person_id', '=', personId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
