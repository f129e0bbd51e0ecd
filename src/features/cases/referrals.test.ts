import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildWorld, consentId, withAgreement, type World } from '../data-protection/fixtures.test-support.ts';
import { importFiles } from '../directory/directory.service.ts';
import { storeInbound } from '../intake/pipeline.ts';
import { channelInfo } from '../intake/replies.ts';
import { buildChannel } from '../../../test/intake/helpers.ts';

let w: World;
let receiver: SignedIn;
let caseId: string;
const SERVICE = randomUUID();
const PROVIDER = randomUUID();

before(async () => {
  w = await buildWorld();
  receiver = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.partner, crisisId: w.crisisId, role: 'caseworker' }] }));
  await importFiles(w.t.db, new Map([
    ['organizations.csv', `id,name,description\n${PROVIDER},Safe Shelter Association,Shelter for women\n`],
    ['services.csv', `id,organization_id,name,status,lifeline_kind,lifeline_accepts_referrals,lifeline_referral_fields\n${SERVICE},${PROVIDER},Women's shelter,active,shelter,true,reference;needs;givenName\n`],
  ]), 'system');
  await w.t.db.updateTable('directory_organizations').set({ lifeline_organisation_id: w.partner }).where('id', '=', PROVIDER).execute();
  const created = await w.t.request({
    method: 'POST', url: `/api/crises/${w.crisisId}/cases`, headers: w.caseworker.headers,
    payload: { openedFrom: 'walk_in', legalBasis: 'consent', person: { channel: 'walk_in', givenName: 'Amina', phone: '+249912345678' }, needs: ['shelter'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  caseId = created.json().id;
});
after(async () => w?.t.close());

const send = (body: Record<string, unknown>) => w.t.request({ method: 'POST', url: `/api/cases/${caseId}/referrals`, headers: w.caseworker.headers, payload: body });
const act = (who: SignedIn, id: string, action: string, body: Record<string, unknown> = {}) => w.t.request({ method: 'POST', url: `/api/referrals/${id}/${action}`, headers: who.headers, payload: body });

test('only the service\'s minimum fields may travel, and only when agreement and consent allow', async () => {
  const tooMuch = await send({ serviceId: SERVICE, fields: ['reference', 'phone'] });
  assert.equal(tooMuch.statusCode, 400);
  assert.equal(tooMuch.json().error.details[0].rule, 'minimum_set');
  const noAgreement = await send({ serviceId: SERVICE });
  assert.equal(noAgreement.statusCode, 403);
  assert.equal(noAgreement.json().error.details[0].rule, 'agreement');
  await withAgreement(w, w.partner, ['referral']);
  const noConsent = await send({ serviceId: SERVICE });
  assert.equal(noConsent.statusCode, 403);
  assert.equal(noConsent.json().error.details[0].rule, 'consent');
  assert.equal(Number((await w.t.db.selectFrom('referrals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n), 0, 'a refusal stores nothing');
});

test('a referral goes out with what the service needs; the receiver sees only that, answers, and loses it on revoke', async () => {
  const person = (await w.t.db.selectFrom('cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow()).person_id as string;
  await consentId(w, person, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
  const sent = await send({ serviceId: SERVICE, note: 'Needs a bed tonight' });
  assert.equal(sent.statusCode, 201, sent.body);
  const referral = sent.json();
  assert.deepEqual(referral.fields, ['reference', 'needs', 'givenName']);
  assert.equal(referral.payload, null, 'the sender\'s copy does not repeat the payload');
  const share = await w.t.db.selectFrom('audit_log').select(['fields', 'recipient']).where('action', '=', 'share').where('subject_type', '=', 'referral').executeTakeFirstOrThrow();
  assert.deepEqual(share.fields, ['reference', 'needs', 'givenName']);
  assert.equal(share.recipient, w.partner);
  const caseRow = await w.t.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow();
  assert.equal(caseRow.status, 'referred');

  const waiting = (who: SignedIn, crisisId = w.crisisId) => w.t.request({ method: 'GET', url: `/api/crises/${crisisId}/referrals/waiting`, headers: who.headers });
  assert.deepEqual((await waiting(receiver)).json(), { waiting: 1, overdue: 0 }, 'the receiver\'s dashboard counts it');
  assert.deepEqual((await waiting(w.caseworker)).json(), { waiting: 0, overdue: 0 }, 'the sender receives nothing');
  assert.deepEqual((await waiting(receiver, randomUUID())).json(), { waiting: 0, overdue: 0 }, 'another crisis counts nothing');

  const inbox = await w.t.request({ method: 'GET', url: '/api/referrals?direction=incoming', headers: receiver.headers });
  const received = inbox.json().items.find((r: { id: string }) => r.id === referral.id);
  assert.deepEqual(Object.keys(received.payload).sort(), ['givenName', 'needs', 'reference']);
  assert.equal(received.payload.givenName, 'Amina');
  assert.ok(!JSON.stringify(received).includes('+249912345678'), 'the phone number did not travel');
  const senderInbox = await w.t.request({ method: 'GET', url: '/api/referrals?direction=incoming', headers: w.caseworker.headers });
  assert.ok(!senderInbox.json().items.some((r: { id: string }) => r.id === referral.id));

  assert.equal((await act(w.caseworker, referral.id, 'accept')).statusCode, 403, 'the sender cannot accept for the receiver');
  assert.equal((await act(receiver, referral.id, 'decline')).statusCode, 400, 'a decline needs a reason');
  assert.equal((await act(receiver, referral.id, 'acknowledge')).json().status, 'acknowledged');
  assert.equal((await act(receiver, referral.id, 'complete')).statusCode, 409, 'not accepted yet');
  assert.equal((await act(receiver, referral.id, 'accept')).json().status, 'accepted');
  assert.equal((await act(receiver, referral.id, 'revoke')).statusCode, 403, 'only the sender revokes');
  const revoked = await act(w.caseworker, referral.id, 'revoke');
  assert.equal(revoked.json().status, 'revoked');
  const after = (await w.t.request({ method: 'GET', url: '/api/referrals?direction=incoming', headers: receiver.headers })).json().items.find((r: { id: string }) => r.id === referral.id);
  assert.equal(after.payload, null, 'nothing left to see after revocation');
  const stored = await w.t.db.selectFrom('referrals').select('payload').where('id', '=', referral.id).executeTakeFirstOrThrow();
  assert.deepEqual(stored.payload, {});
});

test('when the person agreed to hear back, an accepted referral becomes a short message to them (naming no service)', async () => {
  const channel = await buildChannel(w.t, { crisisId: w.crisisId, organisationId: w.ngo, kind: 'external' });
  const [sos] = await storeInbound(w.t.db, channelInfo(channel), [{ from: '+249911222333', text: 'we need a safe place to sleep', providerMessageId: 'notify-1' }], { key: w.t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
  const escalated = await w.t.request({ method: 'POST', url: `/api/messages/${sos!.messageId}/escalate`, headers: w.caseworker.headers, payload: { notifyPerson: true } });
  assert.equal(escalated.statusCode, 201, escalated.body);
  assert.equal(escalated.json().notifyPerson, true);
  const referral = await w.t.request({ method: 'POST', url: `/api/cases/${escalated.json().id}/referrals`, headers: w.caseworker.headers, payload: { serviceId: SERVICE, fields: ['reference', 'needs'] } });
  assert.equal(referral.statusCode, 201, referral.body);
  assert.equal((await act(receiver, referral.json().id, 'accept')).statusCode, 200);
  const jobs = await w.t.db.selectFrom('jobs').select('payload').where('queue', '=', 'intake.reply').execute();
  assert.ok(jobs.some((j) => j.payload['template'] === 'referral_accepted' && j.payload['inboundId'] === sos!.messageId), JSON.stringify(jobs.map((j) => j.payload)));
});
