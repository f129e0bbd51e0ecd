import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { buildOrganisation, buildUser, signIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

test('reports of the same event are suggested with reasons, merged by a person, and leave the queue', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['LY'] });
  const org = await buildOrganisation(t);
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'external' });
  const operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const outsider = await signIn(t, await buildUser(t, { memberships: [{ organisationId: (await buildOrganisation(t)).id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const context = { key: t.app.secretKey, defaultCountry: 'LY', referencePrefix: 'LY', addressIsPhone: true };
  const [a, b, c, d] = await storeInbound(t.db, channelInfo(channel), [
    { from: '+218910000001', text: 'We are 20 people trapped in the basement of the school near the port, the water is rising', providerMessageId: 'dup-a' },
    { from: '+218910000002', text: '20 people trapped in basement of the school near the port, water rising fast, please help', providerMessageId: 'dup-b' },
    { from: '+218910000003', text: 'Where can I find a bus to the border tomorrow?', providerMessageId: 'dup-c' },
    { from: '+218910000004', text: 'the school by the port is flooded, families inside', providerMessageId: 'dup-d' },
  ], context);
  const ids = { a: a!.messageId, b: b!.messageId, c: c!.messageId, d: d!.messageId };
  await t.db.updateTable('messages').set({ needs: ['search_and_rescue'], urgency: 'medium' }).where('id', '=', ids.a).execute();
  await t.db.updateTable('messages').set({ needs: ['water'], urgency: 'high' }).where('id', '=', ids.b).execute();
  for (const id of [ids.a, ids.d]) await t.db.updateTable('messages').set({ location: JSON.stringify({ place: 'school near the port, Zuwara' }) }).where('id', '=', id).execute();

  const candidates = await t.request({ method: 'GET', url: `/api/messages/${ids.a}/duplicates`, headers: operator.headers });
  assert.equal(candidates.statusCode, 200, candidates.body);
  const items = candidates.json().items as { id: string; reasons: string[]; samePlace: boolean }[];
  assert.equal(items[0]?.id, ids.b);
  assert.match(items[0]?.reasons[0] ?? '', /similar text/);
  assert.ok(!items.some((i) => i.id === ids.c), 'a different request is not a duplicate');
  const hidden = await t.request({ method: 'GET', url: `/api/messages/${ids.a}/duplicates`, headers: outsider.headers });
  assert.equal(hidden.statusCode, 404);

  const merge = (id: string, into: string) => t.request({ method: 'POST', url: `/api/messages/${id}/merge`, headers: operator.headers, payload: { into } });
  const merged = await merge(ids.b, ids.a);
  assert.equal(merged.statusCode, 200, merged.body);
  assert.deepEqual([...merged.json().needs].sort(), ['search_and_rescue', 'water']);
  assert.equal(merged.json().urgency, 'high');
  assert.equal((await merge(ids.b, ids.a)).statusCode, 409, 'merged already');
  assert.equal((await merge(ids.c, ids.b)).statusCode, 409, 'b is itself merged into a');
  const self = await merge(ids.a, ids.a);
  assert.equal(self.statusCode, 400);
  assert.equal(self.json().error.details[0].field, 'into');

  const queue = await t.request({ method: 'GET', url: `/api/crises/${crisis.id}/triage-queue`, headers: operator.headers });
  const queued = queue.json().items.map((i: { id: string }) => i.id);
  assert.ok(queued.includes(ids.a) && !queued.includes(ids.b));
  const row = await t.db.selectFrom('messages').select(['duplicate_of', 'text']).where('id', '=', ids.b).executeTakeFirstOrThrow();
  assert.equal(row.duplicate_of, ids.a);
  assert.ok(row.text, 'nothing is deleted');
});

test('two senders naming the same town in different words are suggested as the same place', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['LY'] });
  const org = await buildOrganisation(t);
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'external' });
  const operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const context = { key: t.app.secretKey, defaultCountry: 'LY', referencePrefix: 'LY', addressIsPhone: true };
  const [a, b, c] = await storeInbound(t.db, channelInfo(channel), [
    { from: '+218910000011', text: 'the boat sank near Zuwara, people are in the water', providerMessageId: 'place-a' },
    { from: '+218910000012', text: 'people in the sea at Zuwara beach, many in water, send boats', providerMessageId: 'place-b' },
    { from: '+218910000013', text: 'people in the sea at Benghazi beach, many in water, send boats', providerMessageId: 'place-c' },
  ], context);
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  const res = await t.request({ method: 'GET', url: `/api/messages/${a!.messageId}/duplicates`, headers: operator.headers });
  assert.equal(res.statusCode, 200, res.body);
  const items = res.json().items as { id: string; samePlace: boolean; reasons: string[] }[];
  const same = items.find((i) => i.id === b!.messageId);
  assert.ok(same?.samePlace, 'the same gazetteer place');
  assert.ok(same.reasons.some((r) => /same place \(Zuw/.test(r)), same.reasons.join('; '));
  assert.ok(!items.find((i) => i.id === c!.messageId)?.samePlace, 'another town is not the same place');
});
