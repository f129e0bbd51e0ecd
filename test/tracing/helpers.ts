/** A tracing world: one app, a crisis and a second crisis, two organisations, volunteers, a caseworker, a coordinator. */
import type { LightMyRequestResponse } from 'fastify';
import { tracingJobHandlers } from '../../src/features/tracing/match.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

export interface TracingWorld {
  t: TestApp;
  crisisId: string;
  otherCrisisId: string;
  ngo: string;
  otherNgo: string;
  volunteer: SignedIn;
  volunteer2: SignedIn;
  caseworker: SignedIn;
  coordinator: SignedIn;
  otherVolunteer: SignedIn;
  otherCrisisVolunteer: SignedIn;
}

export async function buildTracingWorld(): Promise<TracingWorld> {
  const t = await startTestApp();
  const crisisId = (await buildCrisis(t.db)).id;
  const otherCrisisId = (await buildCrisis(t.db)).id;
  const ngo = (await buildOrganisation(t)).id;
  const otherNgo = (await buildOrganisation(t)).id;
  const member = async (organisationId: string, role: 'tracing_volunteer' | 'caseworker' | 'coordinator', crisis: string | null = crisisId) =>
    signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId: crisis, role }] }));
  return {
    t, crisisId, otherCrisisId, ngo, otherNgo,
    volunteer: await member(ngo, 'tracing_volunteer'),
    volunteer2: await member(ngo, 'tracing_volunteer'),
    caseworker: await member(ngo, 'caseworker'),
    coordinator: await member(ngo, 'coordinator'),
    otherVolunteer: await member(otherNgo, 'tracing_volunteer'),
    otherCrisisVolunteer: await member(ngo, 'tracing_volunteer', otherCrisisId),
  };
}

export type Call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object | string, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

export const as = (w: TracingWorld, who: SignedIn): Call => (method, url, payload, headers = {}) =>
  w.t.request({ method, url, headers: { ...who.headers, ...headers }, ...(payload !== undefined ? { payload } : {}) });

export function recordBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'looking_for', legalBasis: 'consent', subject: { fullName: 'Mohammed Abdelrahman', alternateNames: ['محمد عبد الرحمن'] }, sex: 'male', dateOfBirth: '1990', ...overrides };
}

export async function drainMatching(w: TracingWorld): Promise<number> {
  return startWorker(w.t.db, { handlers: tracingJobHandlers(w.t.db, w.t.app.secretKey), poll: false }).drain();
}

export async function countRows(w: TracingWorld, table: 'tracing_records' | 'tracing_notes' | 'tracing_candidates' | 'people' | 'tracing_labels' | 'jobs' | 'tracing_notifications'): Promise<number> {
  const row = await w.t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
