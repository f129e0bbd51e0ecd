import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

test('the triage job detects language, needs and urgency, and remembers the language for the sender', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['SD'] });
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: (await buildOrganisation(t)).id, kind: 'external' });
  const context = { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true };
  const [first, second, other] = await storeInbound(
    t.db,
    channelInfo(channel),
    [
      { from: '+249911000001', text: 'ኣብዚ ተዓጊትና ኣለና፣ ማይ የብልናን ቆልዑ ኣለዉና', providerMessageId: 'lang-1' },
      { from: '+249911000001', text: 'ok', providerMessageId: 'lang-2' },
      { from: '+249911000002', text: "Nous sommes bloqués près du pont, il n'y a plus d'eau", providerMessageId: 'lang-3' },
    ],
    context,
  );
  const worker = startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false });
  assert.ok((await worker.drain()) >= 3);
  const rows = await t.db
    .selectFrom('messages')
    .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
    .select(['messages.id', 'messages.language', 'messages.language_script', 'contacts.language as contactLanguage'])
    .where('messages.id', 'in', [first!.messageId, second!.messageId, other!.messageId])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.equal(byId.get(first!.messageId)?.language, 'ti');
  assert.equal(byId.get(first!.messageId)?.language_script, 'Ethi');
  assert.equal(byId.get(first!.messageId)?.contactLanguage, 'ti');
  assert.equal(byId.get(second!.messageId)?.language, 'und', 'two letters are not enough to tell');
  assert.equal(byId.get(other!.messageId)?.language, 'fr');
  const triaged = await t.db.selectFrom('messages').select(['needs', 'urgency', 'urgency_reasons', 'triaged_at', 'triage_model']).where('id', '=', first!.messageId).executeTakeFirstOrThrow();
  assert.deepEqual([...triaged.needs].sort(), ['search_and_rescue', 'water']);
  assert.equal(triaged.urgency, 'high');
  assert.ok(triaged.urgency_reasons.includes('trapped people'));
  assert.ok(triaged.urgency_reasons.includes('children'));
  assert.ok(triaged.triaged_at, 'the first pass is recorded');
  assert.match(triaged.triage_model ?? '', /^lexicon-/);
  const queued = await t.db.selectFrom('jobs').select('id').where('queue', '=', 'triage.classify').execute();
  assert.equal(queued.length, 0, 'the jobs are done');
});
