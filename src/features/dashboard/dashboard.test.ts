/** The dashboard's counts: within your organisations and crisis only, right beyond any page size, no personal data, 4xx on bad input. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildChannel } from '../../../test/intake/helpers.ts';
import { storeInbound } from '../intake/pipeline.ts';
import { channelInfo } from '../intake/replies.ts';
import { startWorker } from '../../jobs/queue.ts';
import { triageJobHandlers } from '../triage/triage.jobs.ts';

let t: TestApp;
let crisisId: string;
let otherCrisisId: string;
let operator: SignedIn;
let caseworker: SignedIn;
let outsider: SignedIn;

before(async () => {
  t = await startTestApp();
  crisisId = (await buildCrisis(t.db, { affectedCountries: ['SD'] })).id;
  otherCrisisId = (await buildCrisis(t.db, { slug: 'other-crisis', affectedCountries: ['SD'] })).id;
  const mine = (await buildOrganisation(t)).id;
  const theirs = (await buildOrganisation(t)).id;
  const store = async (organisationId: string, crisis: string, texts: string[], prefix: string) => {
    const channel = await buildChannel(t, { crisisId: crisis, organisationId, kind: 'external' });
    await storeInbound(t.db, channelInfo(channel), texts.map((text, i) => ({ from: `+2499111${prefix}${String(i).padStart(3, '0')}`, text, providerMessageId: `${prefix}-${i}` })), { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
  };
  await store(mine, crisisId, ['We need water and food', 'We are trapped under the rubble, my son is bleeding', 'We need water'], '01');
  await store(theirs, crisisId, ['We need water', 'We need shelter'], '02');
  await store(mine, otherCrisisId, ['We need water'], '03');
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: mine, crisisId, role: 'coordinator' }] }));
  caseworker = await signIn(t, await buildUser(t, { memberships: [{ organisationId: mine, crisisId, role: 'caseworker' }] }));
  outsider = await signIn(t, await buildUser(t, { memberships: [{ organisationId: mine, crisisId: otherCrisisId, role: 'coordinator' }] }));
  const opened = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: caseworker.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest' } });
  assert.equal(opened.statusCode, 201, opened.body);
});
after(async () => t?.close());

describe('the crisis dashboard', () => {
  test('counts only what your organisations hold in this crisis, with no message text', async () => {
    const res = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/dashboard`, headers: operator.headers });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.triage.waiting, 3);
    assert.equal(body.triage.lastHours.length, 12);
    assert.equal(body.triage.lastHours.reduce((a: number, b: number) => a + b, 0), 3);
    assert.ok(body.triage.topNeeds.some((n: { need: string; count: number }) => n.need === 'water' && n.count === 2), res.body);
    assert.equal(body.openCases, 1);
    assert.deepEqual(body.referrals, { waiting: 0, overdue: 0 });
    assert.doesNotMatch(res.body, /rubble|water and food|\+249/);
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  test('a role without triage gets null for it, not an error', async () => {
    const res = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/dashboard`, headers: caseworker.headers });
    assert.equal(res.statusCode, 200, res.body);
    if (res.json().triage !== null) assert.equal(res.json().triage.waiting, 3);
    assert.equal(res.json().openCases, 1);
  });

  test('another crisis: 404; not signed in: 401; a bad id: 400 naming the field', async () => {
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${crisisId}/dashboard`, headers: outsider.headers })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${crisisId}/dashboard` })).statusCode, 401);
    const bad = await t.request({ method: 'GET', url: '/api/crises/not-a-uuid/dashboard', headers: operator.headers });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /crisisId/);
  });
});
