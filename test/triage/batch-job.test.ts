import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { triageBatchHandlers, triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { enqueue, startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

const texts = [
  'We are 12 people trapped under the building, two are injured',
  'Nous sommes bloqués près du pont, il n\'y a plus d\'eau',
  'نحن عالقون في الخرطوم ولا يوجد ماء ولا طعام',
  'ኣብ ኦምዱርማን ኢና ዘለና፣ ሓደ ቆልዓ ተጎዲኡ ሓኪም የድልየና',
  'Necesitamos comida para los niños',
  'hello',
];

test('the batch triage gives the same answers as one message at a time, in a few statements', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['SD'] });
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: (await buildOrganisation(t)).id, kind: 'external' });
  const context = { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true };
  const one = await storeInbound(t.db, channelInfo(channel), texts.map((text, i) => ({ from: `+24991200${String(i).padStart(4, '0')}`, text, providerMessageId: `one-${i}` })), context);
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  const many = await storeInbound(t.db, channelInfo(channel), texts.map((text, i) => ({ from: `+24991300${String(i).padStart(4, '0')}`, text, providerMessageId: `many-${i}` })), context);
  const batchWorker = startWorker(t.db, { handlers: triageJobHandlers(t.db), batchHandlers: triageBatchHandlers(t.db, 50), poll: false });
  assert.equal(await batchWorker.drain(), texts.length);
  const read = async (ids: string[]) => {
    const rows = await t.db.selectFrom('messages').select(['id', 'language', 'needs', 'urgency', 'urgency_reasons', 'triaged_at', 'translation_requested_at']).where('id', 'in', ids).execute();
    return ids.map((id) => rows.find((r) => r.id === id));
  };
  const single = await read(one.map((m) => m.messageId));
  const batch = await read(many.map((m) => m.messageId));
  for (const [i, row] of batch.entries()) {
    assert.ok(row?.triaged_at, `message ${i} was triaged`);
    assert.equal(row?.language, single[i]?.language, `language of message ${i}`);
    assert.deepEqual(row?.needs, single[i]?.needs, `needs of message ${i}`);
    assert.equal(row?.urgency, single[i]?.urgency, `urgency of message ${i}`);
    assert.equal(row?.translation_requested_at === null, single[i]?.translation_requested_at === null);
  }
  assert.equal(batch[0]?.urgency, 'high');
  const contacts = await t.db.selectFrom('contacts').innerJoin('messages', 'messages.contact_id', 'contacts.id').select('contacts.language').where('messages.id', '=', many[2]!.messageId).executeTakeFirstOrThrow();
  assert.equal(contacts.language, 'ar', 'the sender\'s language is remembered');
});

test('when a batch fails, each job is retried on its own, so one bad job does not hold back the rest', async () => {
  const seen: string[] = [];
  for (const n of ['a', 'b', 'c']) await enqueue(t.db, { queue: 'test.batch', payload: { n } });
  const worker = startWorker(t.db, {
    handlers: { 'test.batch': async (job) => void seen.push(String(job.payload['n'])) },
    batchHandlers: { 'test.batch': { size: 10, handle: async () => { throw new Error('batch broke'); } } },
    poll: false,
  });
  assert.equal(await worker.drain(), 3);
  assert.deepEqual(seen.sort(), ['a', 'b', 'c']);
  assert.equal((await t.db.selectFrom('jobs').select('id').where('queue', '=', 'test.batch').execute()).length, 0);
});
