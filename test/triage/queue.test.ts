import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
let crisisId: string;
let orgId: string;
let alice: SignedIn;
let bob: SignedIn;
const ids: string[] = [];

before(async () => {
  t = await startTestApp();
  crisisId = (await buildCrisis(t.db, { affectedCountries: ['SD'] })).id;
  orgId = (await buildOrganisation(t)).id;
  const channel = await buildChannel(t, { crisisId, organisationId: orgId, kind: 'external' });
  const stored = await storeInbound(
    t.db,
    channelInfo(channel),
    [
      { from: '+249911100001', text: 'Thank you for the information', providerMessageId: 'q-1' },
      { from: '+249911100002', text: 'We are trapped under the rubble, my son is bleeding', providerMessageId: 'q-2' },
      { from: '+249911100003', text: 'We need water and food', providerMessageId: 'q-3' },
    ],
    { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true },
  );
  ids.push(...stored.map((s) => s.messageId));
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  alice = await signIn(t, await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'hotline_operator' }] }));
  bob = await signIn(t, await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'caseworker' }] }));
});
after(async () => t?.close());

describe('the triage queue', () => {
  test('lists the most urgent first, with reasons, and the listing is audited', async () => {
    const res = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/triage-queue`, headers: alice.headers });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items;
    assert.equal(items[0].id, ids[1]);
    assert.equal(items[0].urgency, 'high');
    assert.ok(items[0].urgencyReasons.includes('trapped people'));
    assert.equal(items[1].id, ids[2]);
    const views = await t.db.selectFrom('audit_log').select('id').where('subject_type', '=', 'triage_queue').execute();
    assert.ok(views.length >= 1);
  });

  test('two operators claiming at once: exactly one gets the message', async () => {
    const [a, b] = await Promise.all([
      t.request({ method: 'POST', url: `/api/messages/${ids[1]}/claim`, headers: alice.headers }),
      t.request({ method: 'POST', url: `/api/messages/${ids[1]}/claim`, headers: bob.headers }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const winner = a.statusCode === 200 ? alice : bob;
    const loser = a.statusCode === 200 ? bob : alice;
    const seenByLoser = (await t.request({ method: 'GET', url: `/api/crises/${crisisId}/triage-queue`, headers: loser.headers })).json().items.find((i: { id: string }) => i.id === ids[1]);
    assert.equal(seenByLoser.claimedBySomeoneElse, true);
    const stolen = await t.request({ method: 'POST', url: `/api/messages/${ids[1]}/triage`, headers: loser.headers, payload: { needs: ['other'], urgency: 'low' } });
    assert.equal(stolen.statusCode, 409, 'the other operator cannot decide on a held message');
    assert.equal((await t.request({ method: 'POST', url: `/api/messages/${ids[1]}/release`, headers: winner.headers })).statusCode, 204);
    assert.equal((await t.request({ method: 'POST', url: `/api/messages/${ids[1]}/claim`, headers: loser.headers })).statusCode, 200);
  });

  test('a correction is stored as a label beside what the machine said, and the message leaves the queue', async () => {
    await t.request({ method: 'POST', url: `/api/messages/${ids[2]}/claim`, headers: alice.headers });
    const res = await t.request({ method: 'POST', url: `/api/messages/${ids[2]}/triage`, headers: alice.headers, payload: { needs: ['water', 'food', 'shelter'], urgency: 'high' } });
    assert.equal(res.statusCode, 204, res.body);
    const label = await t.db.selectFrom('triage_labels').selectAll().where('message_id', '=', ids[2]!).executeTakeFirstOrThrow();
    assert.deepEqual([...label.machine_needs].sort(), ['food', 'water']);
    assert.deepEqual([...label.needs].sort(), ['food', 'shelter', 'water']);
    assert.equal(label.machine_urgency, 'medium');
    const queue = (await t.request({ method: 'GET', url: `/api/crises/${crisisId}/triage-queue`, headers: alice.headers })).json().items;
    assert.ok(!queue.some((i: { id: string }) => i.id === ids[2]));
    const again = await t.request({ method: 'POST', url: `/api/messages/${ids[2]}/claim`, headers: bob.headers });
    assert.equal(again.statusCode, 409);
  });

  test('bad decisions, other organisations and roles without triage are refused', async () => {
    const bad = await t.request({ method: 'POST', url: `/api/messages/${ids[0]}/triage`, headers: alice.headers, payload: { needs: ['Weapons!'], urgency: 'extreme' } });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('needs.0') && fields.includes('urgency'));
    // A well-formed code that is not in the code list (the need_codes table) is refused by the code list check.
    const unknown = await t.request({ method: 'POST', url: `/api/messages/${ids[0]}/triage`, headers: alice.headers, payload: { needs: ['water', 'weapons'], urgency: 'high' } });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json().error.details.map((d: { field: string; rule: string }) => [d.field, d.rule]), [['needs.1', 'code_list']]);
    const outsider = await signIn(t, await buildUser(t, { memberships: [{ organisationId: (await buildOrganisation(t)).id, crisisId, role: 'hotline_operator' }] }));
    assert.equal((await t.request({ method: 'POST', url: `/api/messages/${ids[0]}/claim`, headers: outsider.headers })).statusCode, 404);
    const outsiderQueue = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/triage-queue`, headers: outsider.headers });
    assert.deepEqual(outsiderQueue.json().items, []);
    const analyst = await signIn(t, await buildUser(t, { twoFactor: false, memberships: [{ organisationId: orgId, crisisId, role: 'analyst' }] }));
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${crisisId}/triage-queue`, headers: analyst.headers })).statusCode, 403);
  });
});
