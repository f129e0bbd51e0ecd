import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let orgA: string;
let orgB: string;
let crisis1: string;
let crisis2: string;
let adminA: SignedIn & { id: string };
before(async () => {
  t = await startTestApp();
  orgA = (await buildOrganisation(t)).id;
  orgB = (await buildOrganisation(t)).id;
  crisis1 = (await buildCrisis(t.db)).id;
  crisis2 = (await buildCrisis(t.db)).id;
  const user = await buildUser(t, { memberships: [{ organisationId: orgA, role: 'administrator' }] });
  adminA = { id: user.id, ...(await signIn(t, user)) };
});
after(async () => t?.close());

const membershipsOf = async (userId: string) =>
  t.db.selectFrom('memberships').select(['organisation_id', 'crisis_id', 'role']).where('user_id', '=', userId).execute();

describe('memberships and privilege escalation', () => {
  test('an organisation administrator gives and takes roles in their organisation', async () => {
    const worker = await buildUser(t);
    const add = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: adminA.headers, payload: { userId: worker.id, crisisId: crisis1, role: 'caseworker' } });
    assert.equal(add.statusCode, 201, add.body);
    const list = (await t.request({ method: 'GET', url: `/api/organisations/${orgA}/members`, headers: adminA.headers })).json();
    assert.ok(list.items.some((m: { userId: string; role: string }) => m.userId === worker.id && m.role === 'caseworker'));
    const remove = await t.request({ method: 'DELETE', url: `/api/organisations/${orgA}/memberships/${add.json().id}`, headers: adminA.headers });
    assert.equal(remove.statusCode, 204);
    assert.deepEqual(await membershipsOf(worker.id), []);
  });

  test('nobody can change their own roles', async () => {
    const before = await membershipsOf(adminA.id);
    const res = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: adminA.headers, payload: { userId: adminA.id, crisisId: null, role: 'data_protection_officer' } });
    assert.equal(res.statusCode, 403);
    assert.deepEqual(await membershipsOf(adminA.id), before);
  });

  test('a caseworker cannot grant roles, and a crisis administrator cannot grant organisation-wide roles', async () => {
    const caseworker = await buildUser(t, { memberships: [{ organisationId: orgA, crisisId: crisis1, role: 'caseworker' }] });
    const cwSession = await signIn(t, caseworker);
    const target = await buildUser(t);
    const byCaseworker = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: cwSession.headers, payload: { userId: target.id, crisisId: crisis1, role: 'caseworker' } });
    assert.equal(byCaseworker.statusCode, 404, 'the member list of an organisation one does not administer does not exist');
    const crisisAdmin = await buildUser(t, { memberships: [{ organisationId: orgA, crisisId: crisis1, role: 'administrator' }] });
    const caSession = await signIn(t, crisisAdmin);
    const wide = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: caSession.headers, payload: { userId: target.id, crisisId: null, role: 'administrator' } });
    assert.equal(wide.statusCode, 403);
    const otherCrisis = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: caSession.headers, payload: { userId: target.id, crisisId: crisis2, role: 'caseworker' } });
    assert.equal(otherCrisis.statusCode, 403);
    const ok = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: caSession.headers, payload: { userId: target.id, crisisId: crisis1, role: 'caseworker' } });
    assert.equal(ok.statusCode, 201);
    assert.equal((await membershipsOf(target.id)).length, 1);
  });

  test('an administrator of A cannot touch B: 404 everywhere, nothing changes', async () => {
    const target = await buildUser(t);
    const attempts = [
      t.request({ method: 'GET', url: `/api/organisations/${orgB}/members`, headers: adminA.headers }),
      t.request({ method: 'POST', url: `/api/organisations/${orgB}/memberships`, headers: adminA.headers, payload: { userId: target.id, crisisId: null, role: 'caseworker' } }),
      t.request({ method: 'POST', url: `/api/organisations/${orgB}/invitations`, headers: adminA.headers, payload: { email: 'x@example.org', crisisId: null, role: 'caseworker' } }),
      t.request({ method: 'GET', url: `/api/organisations/${orgB}/api-tokens`, headers: adminA.headers }),
      t.request({ method: 'POST', url: `/api/organisations/${orgB}/api-tokens`, headers: adminA.headers, payload: { name: 'x', crisisId: null, role: 'analyst', scopes: ['aggregate:read'] } }),
    ];
    for (const res of await Promise.all(attempts)) assert.equal(res.statusCode, 404, res.body);
    assert.deepEqual(await membershipsOf(target.id), []);
    const tokens = await t.db.selectFrom('api_tokens').select('id').where('organisation_id', '=', orgB).execute();
    assert.equal(tokens.length, 0);
  });

  test('a hidden field such as isPlatformAdmin is refused, not ignored', async () => {
    const target = await buildUser(t);
    const res = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/memberships`, headers: adminA.headers, payload: { userId: target.id, crisisId: null, role: 'caseworker', isPlatformAdmin: true } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].field, 'isPlatformAdmin');
  });
});

describe('invitations and password resets', () => {
  test('an invitation creates an account once; the link cannot be used twice', async () => {
    const invite = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/invitations`, headers: adminA.headers, payload: { email: 'New.Volunteer@Example.org', crisisId: crisis1, role: 'analyst' } });
    assert.equal(invite.statusCode, 201, invite.body);
    const { token, url } = invite.json();
    assert.ok(url.endsWith(`#${token}`), 'the token travels in the fragment, not to server logs');
    const weak = await t.request({ method: 'POST', url: '/api/auth/accept-invitation', payload: { token, displayName: 'Amina', password: 'short' } });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().error.details[0].field, 'password');
    const ok = await t.request({ method: 'POST', url: '/api/auth/accept-invitation', payload: { token, displayName: 'Amina', password: 'a long enough passphrase' } });
    assert.equal(ok.statusCode, 204);
    const again = await t.request({ method: 'POST', url: '/api/auth/accept-invitation', payload: { token, displayName: 'Mallory', password: 'a long enough passphrase' } });
    assert.equal(again.statusCode, 400);
    const signedIn = await t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'new.volunteer@example.org', password: 'a long enough passphrase' }, remoteAddress: '10.3.3.3' });
    assert.equal(signedIn.json().status, 'signed_in');
  });

  test('a reset link sets a new password once and ends the old sessions', async () => {
    const user = await buildUser(t, { memberships: [{ organisationId: orgA, role: 'caseworker' }] });
    const old = await signIn(t, user);
    const issued = await t.request({ method: 'POST', url: `/api/users/${user.id}/password-reset`, headers: adminA.headers });
    assert.equal(issued.statusCode, 201, issued.body);
    const use = await t.request({ method: 'POST', url: '/api/auth/password-reset', payload: { token: issued.json().token, password: 'brand new passphrase 2026' } });
    assert.equal(use.statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: '/api/auth/session', headers: old.headers })).statusCode, 401);
    assert.equal((await signIn(t, { ...user, password: 'brand new passphrase 2026' })).headers['x-csrf-token'].length > 0, true);
    const reuse = await t.request({ method: 'POST', url: '/api/auth/password-reset', payload: { token: issued.json().token, password: 'another passphrase 2026' } });
    assert.equal(reuse.statusCode, 400);
  });

  test('an administrator of A cannot reset the password of a user who is only in B', async () => {
    const userB = await buildUser(t, { memberships: [{ organisationId: orgB, role: 'caseworker' }] });
    const res = await t.request({ method: 'POST', url: `/api/users/${userB.id}/password-reset`, headers: adminA.headers });
    assert.equal(res.statusCode, 404);
  });
});

describe('API tokens', () => {
  test('a token works within its crisis and scopes, cannot exceed its role, and dies when revoked', async () => {
    const beyond = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/api-tokens`, headers: adminA.headers, payload: { name: 'Gateway', crisisId: crisis1, role: 'analyst', scopes: ['personal:read'] } });
    assert.equal(beyond.statusCode, 400);
    assert.equal(beyond.json().error.details[0].field, 'scopes');
    const created = await t.request({ method: 'POST', url: `/api/organisations/${orgA}/api-tokens`, headers: adminA.headers, payload: { name: 'Dashboard feed', crisisId: crisis1, role: 'analyst', scopes: ['crisis:read', 'aggregate:read'] } });
    assert.equal(created.statusCode, 201, created.body);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const stored = await t.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.json().id).executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, created.json().token, 'only a hash is stored');
    const list = await t.request({ method: 'GET', url: '/api/crises', headers: bearer });
    assert.deepEqual(list.json().items.map((c: { id: string }) => c.id), [crisis1]);
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${crisis2}`, headers: bearer })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/organisations/${orgA}/members`, headers: bearer })).statusCode, 404);
    const revoke = await t.request({ method: 'DELETE', url: `/api/organisations/${orgA}/api-tokens/${created.json().id}`, headers: adminA.headers });
    assert.equal(revoke.statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: '/api/crises', headers: bearer })).statusCode, 401);
  });
});

describe('break-glass', () => {
  test('needs a written reason, grants time-limited access, and waits in the data protection officer queue', async () => {
    const user = await buildUser(t, { memberships: [{ organisationId: orgA, crisisId: crisis1, role: 'caseworker' }] });
    const session = await signIn(t, user);
    const short = await t.request({ method: 'POST', url: '/api/break-glass', headers: session.headers, payload: { organisationId: orgA, crisisId: crisis2, reason: 'urgent', minutes: 60 } });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.details[0].field, 'reason');
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${crisis2}`, headers: session.headers })).statusCode, 404);
    const grant = await t.request({
      method: 'POST',
      url: '/api/break-glass',
      headers: session.headers,
      payload: { organisationId: orgA, crisisId: crisis2, reason: 'Colleague on crisis 2 unreachable; a family is trapped and needs a referral now', minutes: 60 },
    });
    assert.equal(grant.statusCode, 201, grant.body);
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${crisis2}`, headers: session.headers })).statusCode, 200);
    const notMember = await t.request({ method: 'POST', url: '/api/break-glass', headers: session.headers, payload: { organisationId: orgB, crisisId: crisis2, reason: 'I want to read organisation B records please', minutes: 60 } });
    assert.equal(notMember.statusCode, 404);

    const dpo = await buildUser(t, { memberships: [{ organisationId: orgA, role: 'data_protection_officer' }] });
    const dpoSession = await signIn(t, dpo);
    const queue = (await t.request({ method: 'GET', url: '/api/break-glass', headers: dpoSession.headers })).json();
    assert.ok(queue.items.some((g: { id: string }) => g.id === grant.json().id));
    const review = await t.request({ method: 'POST', url: `/api/break-glass/${grant.json().id}/review`, headers: dpoSession.headers, payload: { note: 'Justified: confirmed with the team lead' } });
    assert.equal(review.statusCode, 200);
    const after = (await t.request({ method: 'GET', url: '/api/break-glass', headers: dpoSession.headers })).json();
    assert.ok(!after.items.some((g: { id: string }) => g.id === grant.json().id));
    assert.equal((await t.request({ method: 'GET', url: '/api/break-glass', headers: session.headers })).statusCode, 403, 'a caseworker has no review queue');
  });
});
