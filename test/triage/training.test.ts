import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { needList } from '../../src/features/triage/needs.ts';
import { parseLabelledCsv, trainNeedsModel } from '../../src/features/triage/training.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
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

// Written by the project: going home is an evacuation need that the shipped lexicon does not know.
const csv = [
  'text,needs,urgency',
  'we want to go home,evacuation,medium',
  'please help us go back to our country,evacuation,medium',
  'how can we return home to Manila,evacuation,medium',
  'we need to travel back to Ethiopia,evacuation,medium',
  'I want to go back home to my family,evacuation,medium',
  'help us return to our home country,evacuation,medium',
  'we would like to go home now,evacuation,medium',
  'no water here,water,medium',
  'we need water,water,medium',
  'the well is dry,water,medium',
  'we are hungry,food,medium',
  'no food since Monday,food,medium',
  'thank you for your help,,low',
  'good morning,,low',
].join('\n');

test('a labelled CSV with a bad row is refused whole, naming the row and the field', async () => {
  const needs = await needList(t.db);
  assert.throws(
    () => parseLabelledCsv('text,needs\nwe need water,water\n,food\nhelp,weapons', needs),
    (error: { code?: string; details?: Array<{ field: string }> }) => {
      assert.equal(error.code, 'VALIDATION');
      const fields = (error.details ?? []).map((d) => d.field);
      assert.deepEqual(fields, ['row 3: text', 'row 4: needs']);
      return true;
    },
  );
  assert.throws(() => parseLabelledCsv('message,labels\nx,y', needs), /columns text and needs/);
});

test('too few labels are refused; after training on a CSV, the triage job uses the model beside the lexicon', async () => {
  await assert.rejects(trainNeedsModel(t.db, { trainedBy: 'test' }), /at least 10 labelled messages/);
  assert.equal((await t.db.selectFrom('triage_models').select('id').execute()).length, 0);

  const crisis = await buildCrisis(t.db, { affectedCountries: ['LB'] });
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: (await buildOrganisation(t)).id, kind: 'external' });
  const context = { key: t.app.secretKey, defaultCountry: 'LB', referencePrefix: 'LB', addressIsPhone: true };
  const worker = startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false });
  const [before] = await storeInbound(t.db, channelInfo(channel), [{ from: '+96170000001', text: 'we want to go back home to Manila', providerMessageId: 'train-1' }], context);
  await worker.drain();
  const untrained = await t.db.selectFrom('messages').select(['needs', 'triage_model']).where('id', '=', before!.messageId).executeTakeFirstOrThrow();
  assert.ok(!untrained.needs.includes('evacuation'), 'the lexicon alone does not know this');

  const result = await trainNeedsModel(t.db, { extra: parseLabelledCsv(csv, await needList(t.db)), trainedBy: 'test' });
  assert.equal(result.examples, 14);
  const [after] = await storeInbound(t.db, channelInfo(channel), [{ from: '+96170000002', text: 'we want to go back home to Manila', providerMessageId: 'train-2' }], context);
  await worker.drain();
  const trained = await t.db.selectFrom('messages').select(['needs', 'triage_model']).where('id', '=', after!.messageId).executeTakeFirstOrThrow();
  assert.ok(trained.needs.includes('evacuation'), JSON.stringify(trained.needs));
  assert.match(trained.triage_model ?? '', new RegExp(`linear:${result.id}$`));
});

test('people\'s corrections in the triage queue change the next prediction after retraining', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['LB'] });
  const org = await buildOrganisation(t);
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'external' });
  const operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const context = { key: t.app.secretKey, defaultCountry: 'LB', referencePrefix: 'LB', addressIsPhone: true };
  const worker = startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false });
  // A residence card kept by an employer: the shipped lexicon does not know this word for it; the operators do.
  const corrected = [
    'the madam keeps my iqama and will not give it back',
    'the employer took my iqama when I arrived',
    'my boss holds my iqama I cannot leave',
    'they hold my iqama at the agency office',
    'my boss locked my iqama in his drawer',
    'the family I work for took my iqama',
    'agency refuses to return my iqama',
    'I have no iqama, the madam has it',
  ];
  const other = ['we have no food for the children', 'no food since two days', 'we need water please', 'there is no drinking water'];
  const stored = await storeInbound(t.db, channelInfo(channel), [...corrected, ...other].map((text, i) => ({ from: `+9617100${String(i).padStart(4, '0')}`, text, providerMessageId: `corr-${i}` })), context);
  await worker.drain();
  const probe = 'the madam took my iqama from me';
  const [before] = await storeInbound(t.db, channelInfo(channel), [{ from: '+96171999999', text: probe, providerMessageId: 'corr-probe-1' }], context);
  await worker.drain();
  const untrained = await t.db.selectFrom('messages').select('needs').where('id', '=', before!.messageId).executeTakeFirstOrThrow();
  assert.ok(!untrained.needs.includes('documents'), `before: ${JSON.stringify(untrained.needs)}`);
  for (const [i, item] of stored.entries()) {
    const needs = i < corrected.length ? ['documents'] : [i - corrected.length < 2 ? 'food' : 'water'];
    const response = await t.request({ method: 'POST', url: `/api/messages/${item.messageId}/triage`, headers: operator.headers, payload: { needs, urgency: 'medium' } });
    assert.equal(response.statusCode, 204, response.body);
  }
  const result = await trainNeedsModel(t.db, { trainedBy: 'test' });
  assert.ok(result.fromLabels >= 12);
  const [after] = await storeInbound(t.db, channelInfo(channel), [{ from: '+96171999998', text: probe, providerMessageId: 'corr-probe-2' }], context);
  await worker.drain();
  const trained = await t.db.selectFrom('messages').select('needs').where('id', '=', after!.messageId).executeTakeFirstOrThrow();
  assert.ok(trained.needs.includes('documents'), `after: ${JSON.stringify(trained.needs)}`);
});
