import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { buildOrganisation, buildUser, signedInPlatformAdmin, signIn, type SignedIn } from '../../../../test/factories/access.ts';
import { buildCrisis } from '../../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { buildWorld, consentId, withAgreement, type World } from '../../data-protection/fixtures.test-support.ts';
import { deploymentKey, signBytes } from './keys.ts';

// Two deployments in one test: A in a transit country, B in the country of origin, talking over real HTTP.
let a: World;
let b: TestApp;
let bUrl: string;
let bCaseworker: SignedIn;
let bCrisisId: string;
let partnerOnA: string;

before(async () => {
  a = await buildWorld();
  b = await startTestApp();
  bUrl = await b.app.listen({ port: 0, host: '127.0.0.1' });
  const bOrg = (await buildOrganisation(b)).id;
  bCrisisId = (await buildCrisis(b.db, { affectedCountries: ['ET'] })).id;
  bCaseworker = await signIn(b, await buildUser(b, { memberships: [{ organisationId: bOrg, crisisId: bCrisisId, role: 'caseworker' }] }));
  const keyOf = async (app: TestApp) => (await app.request({ method: 'GET', url: '/api/federation/key' })).json().publicKey as string;
  const register = async (app: TestApp, admin: SignedIn, body: Record<string, unknown>) => {
    const res = await app.request({ method: 'POST', url: '/api/federation/partners', headers: admin.headers, payload: body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  partnerOnA = await register(a.t, await signedInPlatformAdmin(a.t), { name: 'Lifeline Ethiopia', baseUrl: bUrl, publicKey: await keyOf(b), organisationId: a.partner, country: 'ET' });
  await register(b, await signedInPlatformAdmin(b), { name: 'Lifeline Libya', baseUrl: 'http://127.0.0.1:9', publicKey: await keyOf(a.t), organisationId: bOrg, country: 'LY' });
});
after(async () => {
  await a?.t.close();
  await b?.close();
});

async function caseWithPerson(givenName: string): Promise<{ caseId: string; personId: string }> {
  const res = await a.t.request({
    method: 'POST', url: `/api/crises/${a.crisisId}/cases`, headers: a.caseworker.headers,
    payload: { openedFrom: 'walk_in', legalBasis: 'consent', person: { channel: 'walk_in', givenName, phone: '+251911000111' }, needs: ['evacuation'], vulnerabilities: [{ code: 'no_documents' }] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const caseId = res.json().id as string;
  const personId = (await a.t.db.selectFrom('cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow()).person_id as string;
  return { caseId, personId };
}

const transfer = (caseId: string) =>
  a.t.request({ method: 'POST', url: `/api/cases/${caseId}/transfers`, headers: a.caseworker.headers, payload: { partnerId: partnerOnA, purpose: 'return_reintegration', fields: ['reference', 'needs', 'givenName'] } });

test('without the person\'s consent nothing leaves, and the partner receives nothing', async () => {
  await withAgreement(a, a.partner, ['return_reintegration']);
  const { caseId } = await caseWithPerson('Hagos');
  const refused = await transfer(caseId);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.details[0].rule, 'consent');
  assert.equal((await b.db.selectFrom('case_transfers').select('id').execute()).length, 0);
});

test('a consented transfer is signed, delivered with a signed receipt, recorded on both sides, and accepted into a case at the partner', async () => {
  const { caseId, personId } = await caseWithPerson('Mulu');
  await consentId(a, personId, { purposes: ['return_reintegration'], recipientOrganisationIds: [a.partner] });
  const sent = await transfer(caseId);
  assert.equal(sent.statusCode, 201, sent.body);
  assert.equal(sent.json().status, 'delivered', sent.json().lastError ?? '');
  assert.equal(sent.json().agreementReference, `DSA-${a.partner.slice(0, 8)}`);
  const mine = await a.t.db.selectFrom('case_transfers').select(['partner_receipt', 'fields']).where('id', '=', sent.json().id).executeTakeFirstOrThrow();
  assert.ok(mine.partner_receipt);
  assert.deepEqual(mine.fields, ['reference', 'needs', 'givenName']);

  const inbox = await b.request({ method: 'GET', url: '/api/transfers?direction=incoming', headers: bCaseworker.headers });
  const arrived = inbox.json().items.find((x: { id: string }) => x.id === sent.json().id);
  assert.equal(arrived.payload.givenName, 'Mulu');
  assert.ok(!JSON.stringify(arrived.payload).includes('+251911000111'), 'the phone did not travel');
  const accepted = await b.request({ method: 'POST', url: `/api/transfers/${arrived.id}/accept`, headers: bCaseworker.headers, payload: { crisisId: bCrisisId } });
  assert.equal(accepted.statusCode, 201, accepted.body);
  const bCase = await b.request({ method: 'GET', url: `/api/cases/${accepted.json().caseId}`, headers: bCaseworker.headers });
  assert.equal(bCase.json().openedFrom, 'transfer');
  assert.deepEqual(bCase.json().needs, ['evacuation']);
  assert.deepEqual(accepted.json().unmatchedNeeds, []);
  assert.equal(bCase.json().person.givenName, 'Mulu');
  assert.equal((await b.request({ method: 'POST', url: `/api/transfers/${arrived.id}/accept`, headers: bCaseworker.headers, payload: { crisisId: bCrisisId } })).statusCode, 409);
});

test('needs from a partner are read against this deployment\'s code list: its own codes stand as "other" and are named back', async () => {
  const key = await deploymentKey(a.t.db, a.t.app.secretKey);
  const envelope = {
    v: 1, transferId: randomUUID(), from: key.publicKey, sentAt: new Date().toISOString(), purpose: 'return_reintegration', legalBasis: 'consent', agreementReference: null, fields: ['needs'],
    payload: { needs: ['evacuation', 'cholera_symptoms', 'Not A Code!', 42, 'evacuation'] },
  };
  const body = JSON.stringify(envelope);
  const arrived = await b.request({ method: 'POST', url: '/api/federation/transfers', headers: { 'content-type': 'application/json', 'x-lifeline-signature': signBytes(key.privateKey, Buffer.from(body)) }, payload: body });
  assert.equal(arrived.statusCode, 202, arrived.body);
  const accepted = await b.request({ method: 'POST', url: `/api/transfers/${envelope.transferId}/accept`, headers: bCaseworker.headers, payload: { crisisId: bCrisisId } });
  assert.equal(accepted.statusCode, 201, accepted.body);
  assert.deepEqual(accepted.json().unmatchedNeeds, ['cholera_symptoms']);
  const stored = await b.db.selectFrom('cases').select('needs').where('id', '=', accepted.json().caseId).executeTakeFirstOrThrow();
  assert.deepEqual(stored.needs, ['evacuation', 'other']);
});

test('the inbound endpoint refuses unsigned, tampered, unknown and stale envelopes, and stores a replay once', async () => {
  const key = await deploymentKey(a.t.db, a.t.app.secretKey);
  const envelope = { v: 1, transferId: randomUUID(), from: key.publicKey, sentAt: new Date().toISOString(), purpose: 'return_reintegration', legalBasis: 'consent', agreementReference: null, fields: ['needs'], payload: { needs: ['food'] } };
  const post = (body: string, signature?: string) => b.request({ method: 'POST', url: '/api/federation/transfers', headers: { 'content-type': 'application/json', ...(signature ? { 'x-lifeline-signature': signature } : {}) }, payload: body });
  const body = JSON.stringify(envelope);
  assert.equal((await post(body)).statusCode, 401);
  assert.equal((await post(body.replace('food', 'fuel'), signBytes(key.privateKey, Buffer.from(body)))).statusCode, 401, 'tampered');
  const ok = await post(body, signBytes(key.privateKey, Buffer.from(body)));
  assert.equal(ok.statusCode, 202, ok.body);
  const again = await post(body, signBytes(key.privateKey, Buffer.from(body)));
  assert.equal(again.json().receipt, ok.json().receipt);
  assert.equal((await b.db.selectFrom('case_transfers').select('id').where('id', '=', envelope.transferId).execute()).length, 1);
  const stale = JSON.stringify({ ...envelope, transferId: randomUUID(), sentAt: '2020-01-01T00:00:00Z' });
  const staleRes = await post(stale, signBytes(key.privateKey, Buffer.from(stale)));
  assert.equal(staleRes.statusCode, 400);
  assert.equal(staleRes.json().error.details[0].field, 'sentAt');
  const stranger = await deploymentKey(b.db, b.app.secretKey);
  const foreign = JSON.stringify({ ...envelope, transferId: randomUUID(), from: stranger.publicKey });
  assert.equal((await post(foreign, signBytes(stranger.privateKey, Buffer.from(foreign)))).statusCode, 401, 'a key no partner registered');
});

test('a transfer the partner could not receive stays pending with the reason, and a retry delivers it once', async () => {
  const { caseId, personId } = await caseWithPerson('Tesfay');
  await consentId(a, personId, { purposes: ['return_reintegration'], recipientOrganisationIds: [a.partner] });
  await a.t.db.updateTable('partner_deployments').set({ base_url: 'http://127.0.0.1:9' }).where('id', '=', partnerOnA).execute();
  const sent = await transfer(caseId);
  assert.equal(sent.statusCode, 201, sent.body);
  assert.equal(sent.json().status, 'pending');
  assert.match(sent.json().lastError, /could not be reached/);
  await a.t.db.updateTable('partner_deployments').set({ base_url: bUrl }).where('id', '=', partnerOnA).execute();
  const retried = await a.t.request({ method: 'POST', url: `/api/transfers/${sent.json().id}/retry`, headers: a.caseworker.headers });
  assert.equal(retried.statusCode, 200, retried.body);
  assert.equal(retried.json().status, 'delivered');
  assert.equal((await a.t.request({ method: 'POST', url: `/api/transfers/${sent.json().id}/retry`, headers: a.caseworker.headers })).statusCode, 409);
  assert.equal((await b.db.selectFrom('case_transfers').select('id').where('id', '=', sent.json().id).execute()).length, 1);
});
