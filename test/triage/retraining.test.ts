import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runRetention } from '../../src/features/data-protection/retention.service.ts';
import { retentionTargets } from '../../src/features/retention-targets.ts';
import { RETRAIN_AFTER_NEW_LABELS, retrainIfDue, storeExamples } from '../../src/features/triage/retraining.ts';
import { needList } from '../../src/features/triage/needs.ts';
import { parseLabelledCsv } from '../../src/features/triage/training.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

const csv = ['text,needs', ...Array.from({ length: RETRAIN_AFTER_NEW_LABELS }, (_, i) => (i % 2 ? `no water in block ${i},water` : `we have not eaten for ${i} days,food`))].join('\n');

test('the scheduled retraining waits for enough new labels, then trains from stored imported texts; stored texts are kept once', async () => {
  const waiting = await retrainIfDue(t.db);
  assert.equal(waiting.trained, false);
  assert.match(waiting.reason, /0 new labelled message/);
  const examples = parseLabelledCsv(csv, await needList(t.db));
  assert.equal(await storeExamples(t.db, examples, 'csv:test.csv'), RETRAIN_AFTER_NEW_LABELS);
  await storeExamples(t.db, [{ text: '  No water in block 1 ', labels: new Set(['water', 'shelter']) }], 'csv:again.csv');
  const rows = await t.db.selectFrom('triage_examples').select(['needs', 'source']).where('text', '=', 'no water in block 1').execute();
  assert.equal(rows.length, 1, 'the same text is kept once');
  assert.deepEqual([...(rows[0]?.needs ?? [])].sort(), ['shelter', 'water']);
  const trained = await retrainIfDue(t.db);
  assert.equal(trained.trained, true, trained.reason);
  const model = await t.db.selectFrom('triage_models').select(['examples', 'trained_by']).where('id', '=', trained.modelId as string).executeTakeFirstOrThrow();
  assert.equal(model.examples, RETRAIN_AFTER_NEW_LABELS);
  assert.equal(model.trained_by, 'schedule');
  assert.equal((await retrainIfDue(t.db)).trained, false, 'nothing new since');
});

test('imported training texts are purged at their retention date', async () => {
  await storeExamples(t.db, [{ text: 'old example text', labels: new Set(['food']) }], 'csv:old.csv');
  await t.db.updateTable('triage_examples').set({ retention_until: '2020-01-01' }).where('text', '=', 'old example text').execute();
  const dry = await runRetention(t.db, retentionTargets, { dryRun: true });
  assert.equal(dry.results['triage_examples']?.['triage_examples_365d'], 1);
  assert.equal(dry.actions['triage_examples_365d'], 'purge');
  await runRetention(t.db, retentionTargets, { dryRun: false });
  assert.equal((await t.db.selectFrom('triage_examples').select('id').where('text', '=', 'old example text').execute()).length, 0);
  assert.ok((await t.db.selectFrom('triage_examples').select('id').execute()).length >= RETRAIN_AFTER_NEW_LABELS, 'current examples stay');
});
