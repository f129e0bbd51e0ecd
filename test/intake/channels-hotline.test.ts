import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let crisisId: string;
let orgId: string;
let coordinator: SignedIn;
let operator: SignedIn;

before(async () => {
  t = await startTestApp();
  crisisId = (await buildCrisis(t.db, { affectedCountries: ['LB'] })).id;
  orgId = (await buildOrganisation(t)).id;
  coordinator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'coordinator' }] }));
  operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'hotline_operator' }] }));
});
after(async () => t?.close());

describe('channels', () => {
  test('a coordinator adds a channel; its secrets are sealed and never returned; others cannot', async () => {
    const res = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/channels`, headers: coordinator.headers, payload: { organisationId: orgId, kind: 'twilio', name: 'Beirut SMS', address: '+9611000000', secrets: { authToken: 'super-secret-token', accountSid: 'AC1' }, sendPerSecond: 1 } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().hasSecrets, true);
    assert.equal(res.json().webhookPath, `/webhooks/twilio/${res.json().id}`);
    assert.doesNotMatch(res.body, /super-secret-token/);
    const row = await t.db.selectFrom('channels').select('credentials_encrypted').where('id', '=', res.json().id).executeTakeFirstOrThrow();
    assert.ok(row.credentials_encrypted && !row.credentials_encrypted.includes('super-secret-token'));
    const list = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/channels`, headers: operator.headers });
    assert.doesNotMatch(list.body, /super-secret-token/);
    const byOperator = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/channels`, headers: operator.headers, payload: { organisationId: orgId, kind: 'web', name: 'x' } });
    assert.equal(byOperator.statusCode, 404);
    const bad = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/channels`, headers: coordinator.headers, payload: { organisationId: orgId, kind: 'pager', name: 'x' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].field, 'kind');
    const external = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/channels`, headers: coordinator.headers, payload: { organisationId: orgId, kind: 'external', name: 'Android gateway' } });
    assert.equal(external.statusCode, 400);
    assert.equal(external.json().error.details[0].field, 'settings.sendUrl');
  });
});

describe('hotline calls', () => {
  test('an operator enters a call once per client reference; anonymous calls are fine; bad input names the field', async () => {
    const hotline = (await t.request({ method: 'POST', url: `/api/crises/${crisisId}/channels`, headers: coordinator.headers, payload: { organisationId: orgId, kind: 'hotline', name: 'Hotline' } })).json();
    const call = { channelId: hotline.id, clientReference: crypto.randomUUID(), text: 'Caller is a Kenyan domestic worker, employer left, passport held, wants shelter', language: 'sw', callStartedAt: '2026-11-24T09:00:00Z', durationSeconds: 420 };
    const first = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/hotline-calls`, headers: operator.headers, payload: { ...call, callerPhone: '+96170123456' } });
    assert.equal(first.statusCode, 201, first.body);
    assert.match(first.json().reference, /^LB-/);
    const stored = await t.db.selectFrom('messages').select('metadata').where('id', '=', first.json().messageId).executeTakeFirstOrThrow();
    assert.deepEqual(stored.metadata['hotline'], { durationSeconds: 420, callbackWanted: true });
    const replay = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/hotline-calls`, headers: operator.headers, payload: { ...call, callerPhone: '+96170123456' } });
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.json().duplicate, true);
    assert.equal(replay.json().messageId, first.json().messageId);
    const anonymous = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/hotline-calls`, headers: operator.headers, payload: { ...call, clientReference: crypto.randomUUID() } });
    assert.equal(anonymous.statusCode, 201);
    const bad = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/hotline-calls`, headers: operator.headers, payload: { ...call, clientReference: 'not-a-uuid', callerPhone: '123', text: '' } });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    for (const f of ['clientReference', 'callerPhone', 'text']) assert.ok(fields.includes(f), f);
    const analyst = await signIn(t, await buildUser(t, { twoFactor: false, memberships: [{ organisationId: orgId, crisisId, role: 'analyst' }] }));
    const denied = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/hotline-calls`, headers: analyst.headers, payload: { ...call, clientReference: crypto.randomUUID() } });
    assert.equal(denied.statusCode, 404);
  });
});
