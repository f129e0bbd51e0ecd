import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import { LOCK_AFTER_FAILURES } from '../../src/features/auth/auth.service.ts';
import { buildOrganisation, buildUser, signIn, TEST_PASSWORD } from '../factories/access.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let orgId: string;
before(async () => {
  t = await startTestApp();
  orgId = (await buildOrganisation(t)).id;
});
after(async () => t?.close());

const signInRequest = (email: string, password: string) =>
  t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  return String(Array.isArray(raw) ? raw[0] : raw).split(';')[0] as string;
}

describe('sign-in with password and two-factor', () => {
  test('the session cookie is HttpOnly and SameSite, and a TOTP code is needed before anything else', async () => {
    const user = await buildUser(t, { memberships: [{ organisationId: orgId, role: 'caseworker' }] });
    const res = await signInRequest(user.email, user.password);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'two_factor_required');
    const setCookie = String(res.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const headers = { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken };
    const early = await t.request({ method: 'GET', url: '/api/auth/session', headers });
    assert.equal(early.statusCode, 401);
    assert.match(early.json().error.message, /two-factor/);

    const wrong = await t.request({ method: 'POST', url: '/api/auth/two-factor', headers, payload: { code: '000000' } });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].field, 'code');
    const code = await generate({ secret: user.totpSecret! });
    assert.equal((await t.request({ method: 'POST', url: '/api/auth/two-factor', headers, payload: { code } })).statusCode, 204);
    const session = await t.request({ method: 'GET', url: '/api/auth/session', headers });
    assert.equal(session.statusCode, 200);
    assert.equal(session.json().grants[0].role, 'caseworker');
    assert.equal(session.json().user.email, user.email);
  });

  test('a role that sees personal data must set up two-factor before it can work', async () => {
    const user = await buildUser(t, { twoFactor: false, memberships: [{ organisationId: orgId, role: 'hotline_operator' }] });
    const res = await signInRequest(user.email, user.password);
    assert.equal(res.json().status, 'two_factor_setup_required');
    const headers = { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken };
    assert.equal((await t.request({ method: 'GET', url: '/api/auth/session', headers })).statusCode, 401);
    const setup = await t.request({ method: 'POST', url: '/api/auth/two-factor/setup', headers });
    assert.equal(setup.statusCode, 200);
    assert.match(setup.json().otpauthUri, /^otpauth:\/\/totp\/Lifeline/);
    const code = await generate({ secret: setup.json().secret });
    assert.equal((await t.request({ method: 'POST', url: '/api/auth/two-factor/enable', headers, payload: { code } })).statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: '/api/auth/session', headers })).statusCode, 200);
    const stored = await t.db.selectFrom('users').select(['totp_secret_encrypted', 'totp_enabled_at']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.ok(stored.totp_enabled_at);
    assert.ok(!stored.totp_secret_encrypted!.includes(setup.json().secret), 'the secret is stored encrypted');
  });

  test('an analyst (aggregates only) may sign in without two-factor', async () => {
    const user = await buildUser(t, { twoFactor: false, memberships: [{ organisationId: orgId, role: 'analyst' }] });
    assert.equal((await signInRequest(user.email, user.password)).json().status, 'signed_in');
  });

  test('wrong email and wrong password get the same answer', async () => {
    const user = await buildUser(t, { memberships: [{ organisationId: orgId, role: 'analyst' }] });
    const unknown = await signInRequest('nobody@example.org', 'whatever-password');
    const wrong = await signInRequest(user.email, 'not-the-password');
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.json().error.message, wrong.json().error.message);
  });

  test(`after ${LOCK_AFTER_FAILURES} wrong passwords the account is locked, even for the right one`, async () => {
    const user = await buildUser(t, { twoFactor: false, memberships: [{ organisationId: orgId, role: 'analyst' }] });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i += 1) assert.equal((await signInRequest(user.email, 'wrong password!')).statusCode, 401);
    const locked = await signInRequest(user.email, TEST_PASSWORD);
    assert.equal(locked.statusCode, 401);
    const row = await t.db.selectFrom('users').select('locked_until').where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.ok(row.locked_until && row.locked_until > new Date());
    const sessions = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    assert.equal(sessions.length, 0, 'no session was opened');
  });

  test('more than 10 sign-in attempts a minute from one address are rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const res = await t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'flood@example.org', password: 'x' }, remoteAddress: '10.9.9.9' });
      statuses.push(res.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 429).length, 2);
    const last = await t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'flood@example.org', password: 'x' }, remoteAddress: '10.9.9.9' });
    assert.equal(last.json().error.code, 'RATE_LIMITED');
  });

  test('a forged cookie is nobody, and a cookie is dead after sign-out', async () => {
    const forged = await t.request({ method: 'GET', url: '/api/auth/session', headers: { cookie: 'lifeline_session=' + 'A'.repeat(43) } });
    assert.equal(forged.statusCode, 401);
    const user = await buildUser(t, { memberships: [{ organisationId: orgId, role: 'caseworker' }] });
    const session = await signIn(t, user);
    assert.equal((await t.request({ method: 'POST', url: '/api/auth/sign-out', headers: session.headers })).statusCode, 204);
    const replay = await t.request({ method: 'GET', url: '/api/auth/session', headers: session.headers });
    assert.equal(replay.statusCode, 401);
  });

  test('a bad bearer token is a clear 401', async () => {
    const res = await t.request({ method: 'GET', url: '/api/crises', headers: { authorization: 'Bearer not-a-real-token-at-all-xxxxxxxx' } });
    assert.equal(res.statusCode, 401);
    assert.match(res.json().error.message, /API token/);
    const malformed = await t.request({ method: 'GET', url: '/api/crises', headers: { authorization: 'Basic abc' } });
    assert.equal(malformed.statusCode, 401);
  });

  test('bad sign-in input is a 400 naming the field', async () => {
    const res = await t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'not-an-email', password: 'x', remember: true } });
    assert.equal(res.statusCode, 400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('email'));
    assert.ok(fields.includes('remember'));
  });
});
