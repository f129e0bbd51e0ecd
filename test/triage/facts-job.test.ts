import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { runRetention } from '../../src/features/data-protection/retention.service.ts';
import { retentionTargets } from '../../src/features/retention-targets.ts';
import { triageBatchHandlers, triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation, buildUser, signIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

const sos = [
  'We are 40 people near the mosque in Zuwara, 6 children, call my brother on +218 91 234 5678',
  'نحن ٤٠ شخص سوريين في طرابلس بينهم ٦ أطفال',
  'please help us',
];

async function setUp(prefix: string) {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['LY'] });
  const org = await buildOrganisation(t);
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'external' });
  const context = { key: t.app.secretKey, defaultCountry: 'LY', referencePrefix: 'LY', addressIsPhone: true };
  const stored = await storeInbound(t.db, channelInfo(channel), sos.map((text, i) => ({ from: `+2189${prefix}${String(i).padStart(7, '0')}`, text, providerMessageId: `${prefix}-${i}` })), context);
  return { crisis, org, ids: stored.map((s) => s!.messageId) };
}

const facts = (ids: string[]) => t.db.selectFrom('messages').select(['id', 'extracted_places', 'people_counts', 'nationalities', 'third_party_phones', 'place_country', 'place_admin1']).where('id', 'in', ids).execute()
  .then((rows) => ids.map((id) => rows.find((r) => r.id === id)!));

test('the triage job stores places with a map point, people counts, nationalities and third-party phones; the batch agrees', async () => {
  const one = await setUp('1');
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  const many = await setUp('2');
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), batchHandlers: triageBatchHandlers(t.db, 50), poll: false }).drain();
  const [zuwara, tripoli, none] = await facts(one.ids);
  assert.equal(zuwara!.extracted_places[0]?.geonameId, 2208425);
  assert.equal(zuwara!.extracted_places[0]?.source, 'gazetteer');
  assert.ok(Math.abs(zuwara!.extracted_places[0]!.lat - 32.93) < 0.1, 'a map point');
  assert.equal(zuwara!.place_country, 'LY');
  assert.ok(zuwara!.place_admin1, 'a first-level area for aggregates');
  assert.deepEqual([zuwara!.people_counts?.total, zuwara!.people_counts?.children], [40, 6]);
  assert.deepEqual(zuwara!.third_party_phones, ['+218912345678']);
  assert.equal(tripoli!.extracted_places[0]?.geonameId, 2210247);
  assert.deepEqual(tripoli!.nationalities, ['SY']);
  assert.deepEqual([none!.extracted_places, none!.people_counts, none!.third_party_phones, none!.place_country], [[], null, [], null]);
  assert.deepEqual(await facts(many.ids).then((rows) => rows.map(({ id: _, ...rest }) => rest)), await facts(one.ids).then((rows) => rows.map(({ id: _, ...rest }) => rest)));
});

test('the queue shows the facts; a person corrects the place and the counts; the label keeps both answers; bad corrections change nothing', async () => {
  const { crisis, org, ids } = await setUp('4');
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  const operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const queue = await t.request({ method: 'GET', url: `/api/crises/${crisis.id}/triage-queue`, headers: operator.headers });
  assert.equal(queue.statusCode, 200, queue.body);
  const item = queue.json().items.find((i: { id: string }) => i.id === ids[0]);
  assert.equal(item.facts.places[0].name, 'Zuwārah');
  assert.equal(item.facts.places[0].admin1Name, 'An Nuqat al Khams', 'the first-level area by name, not its GeoNames code');
  assert.ok(item.facts.places[0].confidence > 0.5);
  assert.match(item.facts.places[0].evidence[0], /Zuwara/);
  assert.deepEqual(item.facts.thirdPartyPhones, ['+218912345678']);
  assert.equal(item.facts.people.total, 40);

  const triage = (payload: object) => t.request({ method: 'POST', url: `/api/messages/${ids[0]}/triage`, headers: operator.headers, payload });
  const before = await facts([ids[0]!]);
  const badPlace = await triage({ needs: ['search_and_rescue'], urgency: 'high', place: { name: 'Sabratha', lat: 132.8, lon: 12.48 } });
  assert.equal(badPlace.statusCode, 400);
  assert.equal(badPlace.json().error.details[0].field, 'place.lat');
  const badCount = await triage({ needs: ['search_and_rescue'], urgency: 'high', people: { total: -3 } });
  assert.equal(badCount.statusCode, 400);
  assert.equal(badCount.json().error.details[0].field, 'people.total');
  assert.deepEqual(await facts([ids[0]!]), before, 'a refused correction changes nothing');

  const ok = await triage({ needs: ['search_and_rescue', 'medical'], urgency: 'high', place: { name: 'Sabratha', lat: 32.79, lon: 12.48, country: 'LY' }, people: { total: 45, children: 6 } });
  assert.equal(ok.statusCode, 204, ok.body);
  const [after] = await facts([ids[0]!]);
  assert.equal(after!.extracted_places[0]?.name, 'Sabratha');
  assert.equal(after!.extracted_places[0]?.source, 'person');
  assert.equal(after!.extracted_places[1]?.name, 'Zuwārah', "the machine's answer stays beside it");
  assert.equal(after!.people_counts?.total, 45);
  const label = await t.db.selectFrom('triage_labels').select('corrections').where('message_id', '=', ids[0]!).executeTakeFirstOrThrow();
  assert.deepEqual(Object.keys(label.corrections).sort(), ['people', 'place']);
  assert.deepEqual((label.corrections['place'] as { machine: { name: string } }).machine.name, 'Zuwārah');
});

test('retention purges the facts with the text but keeps the coarse area for aggregates', async () => {
  const { ids } = await setUp('5');
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  await t.db.updateTable('messages').set({ triaged_at: new Date(Date.now() - 91 * 86_400_000) }).where('id', 'in', ids).execute();
  await runRetention(t.db, retentionTargets, { dryRun: false });
  const [zuwara] = await facts(ids);
  assert.deepEqual([zuwara!.extracted_places, zuwara!.people_counts, zuwara!.nationalities, zuwara!.third_party_phones], [[], null, [], []]);
  assert.equal(zuwara!.place_country, 'LY');
});
