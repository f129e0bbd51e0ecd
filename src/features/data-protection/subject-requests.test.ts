import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import type { Principal } from '../access/principal.ts';
import { buildWorld, count, personId, type World } from './fixtures.test-support.ts';
import { createSubjectRequest } from './subject-requests.service.ts';

let w: World;
let otherDpo: SignedIn;
before(async () => {
  w = await buildWorld();
  otherDpo = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.otherNgo, role: 'data_protection_officer' }] }));
});
after(async () => w?.t.close());

const create = (payload: Record<string, unknown>, headers = w.caseworker.headers) => w.t.request({ method: 'POST', url: '/api/data-subject-requests', headers, payload: { organisationId: w.ngo, channel: 'sms', ...payload } });
const patch = (id: string, payload: Record<string, unknown>, headers = w.dpo.headers) => w.t.request({ method: 'PATCH', url: `/api/data-subject-requests/${id}`, headers, payload });
const DAY = 86_400_000;

describe('data subject requests', () => {
  test('due 30 days after receipt; overdue ones listed; closed with an outcome, and then final', async () => {
    const person = await personId(w, { givenName: 'Asks About Data' });
    const created = await create({ personId: person, kind: 'access', receivedAt: '2026-01-05T10:00:00Z' });
    assert.equal(created.statusCode, 201, created.body);
    const request = created.json();
    assert.equal(new Date(request.dueAt).getTime() - new Date(request.receivedAt).getTime(), 30 * DAY);
    assert.equal(request.status, 'open');

    const overdue = (await w.t.request({ method: 'GET', url: '/api/data-subject-requests?overdue=true', headers: w.dpo.headers })).json();
    assert.ok(overdue.items.some((r: { id: string; isOverdue: boolean }) => r.id === request.id && r.isOverdue));
    assert.equal((await w.t.request({ method: 'GET', url: '/api/data-subject-requests', headers: w.caseworker.headers })).statusCode, 403);

    assert.equal((await patch(request.id, { status: 'in_progress', outcomeNote: 'Identity checked by code to the intake phone' })).statusCode, 200);
    const done = await patch(request.id, { status: 'completed', outcomeNote: 'Sent by SMS in Tigrinya' });
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(done.json().closedAt);
    assert.equal(done.json().isOverdue, false);
    assert.equal((await patch(request.id, { status: 'in_progress', outcomeNote: 'again' })).statusCode, 409);
    const stored = await w.t.db.selectFrom('data_subject_requests').select(['status', 'outcome_note']).where('id', '=', request.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'completed', outcome_note: 'Sent by SMS in Tigrinya' });
  });

  test('the deadline is configurable', async () => {
    const principal: Principal = { kind: 'user', userId: null, tokenId: null, displayName: 'Test', isPlatformAdmin: false, grants: [{ organisationId: w.ngo, crisisId: null, role: 'caseworker' }], scopes: undefined, sessionId: null };
    const made = await createSubjectRequest(w.t.db, principal, { organisationId: w.ngo, kind: 'erasure', channel: 'letter' }, 'test', { responseDays: 10, now: new Date('2026-03-01T00:00:00Z') });
    assert.equal(made.dueAt, '2026-03-11T00:00:00.000Z');
  });

  test('an access request can be answered with the person\'s disclosure history (itself recorded as a disclosure)', async () => {
    const person = await personId(w, {});
    await w.t.request({ method: 'GET', url: `/api/people/${person}`, headers: w.caseworker.headers });
    const report = await w.t.request({ method: 'GET', url: `/api/people/${person}/disclosures`, headers: w.dpo.headers });
    assert.equal(report.statusCode, 200, report.body);
    assert.ok(report.json().disclosures.some((d: { action: string }) => d.action === 'view'));
    const again = (await w.t.request({ method: 'GET', url: `/api/people/${person}/disclosures`, headers: w.dpo.headers })).json();
    assert.ok(again.disclosures.some((d: { action: string; recipient: string }) => d.action === 'disclose' && d.recipient === 'data subject'));
    assert.equal((await w.t.request({ method: 'GET', url: `/api/people/${person}/disclosures`, headers: w.caseworker.headers })).statusCode, 403);
  });

  test('bad input or a future receipt is refused and stores nothing', async () => {
    const before = await count(w, 'data_subject_requests');
    const bad = await create({ kind: 'deportation', channel: 'pigeon', personId: 'nobody' });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('kind') && fields.includes('channel') && fields.includes('personId'), bad.body);
    assert.equal((await create({ kind: 'access', receivedAt: new Date(Date.now() + 2 * DAY).toISOString() })).statusCode, 400);
    assert.equal((await create({ kind: 'access', personId: '00000000-0000-4000-8000-000000000000' })).statusCode, 400);
    assert.equal(await count(w, 'data_subject_requests'), before);
  });

  test('another organisation cannot see, record or close them (404 or empty), and nothing changes', async () => {
    const person = await personId(w, {});
    const mine = (await create({ personId: person, kind: 'erasure' })).json();
    const before = await count(w, 'data_subject_requests');
    assert.equal((await patch(mine.id, { status: 'completed', outcomeNote: 'closed by B' }, otherDpo.headers)).statusCode, 404);
    assert.equal((await create({ kind: 'access' }, otherDpo.headers)).statusCode, 404);
    assert.equal((await w.t.request({ method: 'GET', url: `/api/people/${person}/disclosures`, headers: otherDpo.headers })).statusCode, 404);
    const listed = await w.t.request({ method: 'GET', url: '/api/data-subject-requests', headers: otherDpo.headers });
    assert.deepEqual(listed.json().items, []);
    assert.equal(await count(w, 'data_subject_requests'), before);
    assert.equal((await w.t.db.selectFrom('data_subject_requests').select('status').where('id', '=', mine.id).executeTakeFirstOrThrow()).status, 'open');
  });
});
