/**
 * Issue 6: a translation is stored beside the original, triage reruns on it with the trained model, and a translated
 * correction teaches the model the needs in the translation's language too. Its own database, so that no model
 * trained by another test is in play.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { trainNeedsModel } from '../../src/features/triage/training.ts';
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
test('a translated correction teaches the model in the translation\'s language too, and a new translation is read by the model', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['SA'] });
  const org = await buildOrganisation(t);
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'external' });
  const operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const translator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'translator' }] }));
  const context = { key: t.app.secretKey, defaultCountry: 'SA', referencePrefix: 'SA', addressIsPhone: true };
  const worker = startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false });
  // Written in Tigrinya script; only their English translations carry the word the operators learnt ("tasreeh", a
  // work permit), so only the translations can teach it to the model in English.
  const originals = ['ወናኒ ገዛ ወረቐተይ ሒዙዎ', 'ኣሰራሒተይ ወረቐተይ ኣይትህበንን', 'ኤጀንሲ ወረቐተይ ኣይመለሰን', 'ወረቐተይ ኣብ ቤት ጽሕፈት ተሓዲጉ', 'ወናኒ ስራሕ ወረቐተይ ዓጽይዎ', 'ወረቐት የብለይን ወናኒ ገዛ ሒዙዎ'];
  const translations = ['the house owner took my tasreeh', 'my employer will not give me my tasreeh', 'the agency did not return my tasreeh', 'my tasreeh is kept at the office', 'the boss locked away my tasreeh', 'I have no tasreeh, the owner has it'];
  const other = ['we have no food for the children', 'no food since two days', 'we are hungry', 'nothing to eat here', 'the children are hungry', 'we need rice and bread',
    'we need water please', 'there is no drinking water', 'the well is dry', 'no clean water', 'we are thirsty', 'water is finished'];
  const stored = await storeInbound(t.db, channelInfo(channel), [...originals, ...other].map((text, i) => ({ from: `+96650100${String(i).padStart(4, '0')}`, text, providerMessageId: `tr-train-${i}` })), context);
  await worker.drain();
  const probe = async (text: string, id: string) => {
    const [message] = await storeInbound(t.db, channelInfo(channel), [{ from: `+96650199${id.padStart(4, '0')}`, text, providerMessageId: `tr-probe-${id}` }], context);
    await worker.drain();
    return (await t.db.selectFrom('messages').select('needs').where('id', '=', message!.messageId).executeTakeFirstOrThrow()).needs;
  };
  assert.ok(!(await probe('the sponsor kept my tasreeh', '1')).includes('documents'), 'the lexicon does not know it');
  for (const [i, item] of stored.entries()) {
    const needs = i < originals.length ? ['documents'] : [i - originals.length < 6 ? 'food' : 'water'];
    const labelled = await t.request({ method: 'POST', url: `/api/messages/${item.messageId}/triage`, headers: operator.headers, payload: { needs, urgency: 'medium' } });
    assert.equal(labelled.statusCode, 204, labelled.body);
  }
  await trainNeedsModel(t.db, { trainedBy: 'test' });
  assert.ok(!(await probe('the sponsor kept my tasreeh', '4')).includes('documents'), 'the Tigrinya originals alone do not teach it in English');
  for (const [i, item] of stored.entries()) {
    if (i < originals.length) {
      const translated = await t.request({ method: 'POST', url: `/api/messages/${item.messageId}/translation`, headers: translator.headers, payload: { text: translations[i], language: 'en' } });
      assert.equal(translated.statusCode, 200, translated.body);
    }
  }
  const result = await trainNeedsModel(t.db, { trainedBy: 'test' });
  const model = await t.db.selectFrom('triage_models').select(['examples', 'metrics']).where('id', '=', result.id).executeTakeFirstOrThrow();
  assert.ok((model.metrics as { fromTranslations: number }).fromTranslations >= originals.length, JSON.stringify(model.metrics));
  assert.ok((await probe('the sponsor kept my tasreeh', '2')).includes('documents'), 'learnt from the translations');

  // A new message in a language the model never saw: its translation is read by the trained model as well.
  const [fresh] = await storeInbound(t.db, channelInfo(channel), [{ from: '+966501990003', text: 'สวัสดีครับ ช่วยด้วย', providerMessageId: 'tr-probe-3' }], context);
  await worker.drain();
  const before = await t.db.selectFrom('messages').select('needs').where('id', '=', fresh!.messageId).executeTakeFirstOrThrow();
  assert.ok(!before.needs.includes('documents'), JSON.stringify(before.needs));
  const translated = await t.request({ method: 'POST', url: `/api/messages/${fresh!.messageId}/translation`, headers: translator.headers, payload: { text: 'hello, my sponsor kept my tasreeh', language: 'en' } });
  assert.equal(translated.statusCode, 200, translated.body);
  assert.ok(translated.json().needs.includes('documents'), JSON.stringify(translated.json()));
});
