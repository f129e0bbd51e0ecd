import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { forgetShiftLanguages } from '../../src/features/triage/translation.service.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

const TIGRINYA = 'ኣብ ኦምዱርማን ኢና ዘለና፣ ሓደ ቆልዓ ተጎዲኡ ሓኪም የድልየና';
const ARABIC = 'نحن عالقون في الخرطوم ولا يوجد ماء';

test('a language nobody on shift reads goes to a translator who reads it; the first translation wins and triage reruns on it', async () => {
  const crisis = await buildCrisis(t.db, { affectedCountries: ['SD'] });
  const org = await buildOrganisation(t);
  const otherOrg = await buildOrganisation(t);
  const channel = await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'external' });
  const operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'hotline_operator' }] }));
  const translator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'translator' }] }));
  const secondTranslator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: crisis.id, role: 'translator' }] }));
  const stranger = await signIn(t, await buildUser(t, { memberships: [{ organisationId: otherOrg.id, crisisId: crisis.id, role: 'translator' }] }));
  const put = (who: SignedIn, languages: string[]) => t.request({ method: 'PUT', url: '/api/me/reading-languages', headers: who.headers, payload: { languages } });
  assert.deepEqual((await put(operator, ['ara'])).json().languages, ['ar']);
  for (const who of [translator, secondTranslator, stranger]) assert.equal((await put(who, ['ti'])).statusCode, 200);
  const bad = await put(operator, ['arabic']);
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].field, 'languages.0');
  forgetShiftLanguages();

  const context = { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true };
  const [ti, ar] = await storeInbound(t.db, channelInfo(channel), [
    { from: '+249911100001', text: TIGRINYA, providerMessageId: 'tr-1' },
    { from: '+249911100002', text: ARABIC, providerMessageId: 'tr-2' },
  ], context);
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  const rows = await t.db.selectFrom('messages').select(['id', 'language', 'translation_requested_at']).where('id', 'in', [ti!.messageId, ar!.messageId]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.equal(byId.get(ti!.messageId)?.language, 'ti');
  assert.notEqual(byId.get(ti!.messageId)?.translation_requested_at, null, 'nobody on shift reads Tigrinya');
  assert.equal(byId.get(ar!.messageId)?.translation_requested_at, null, 'the operator on shift reads Arabic');

  const queue = await t.request({ method: 'GET', url: `/api/crises/${crisis.id}/translation-queue`, headers: translator.headers });
  assert.equal(queue.statusCode, 200, queue.body);
  assert.deepEqual(queue.json().items.map((i: { id: string }) => i.id), [ti!.messageId]);
  const foreign = await t.request({ method: 'GET', url: `/api/crises/${crisis.id}/translation-queue`, headers: stranger.headers });
  assert.deepEqual(foreign.json().items, [], 'another organisation does not see our messages');
  const operatorQueue = await t.request({ method: 'GET', url: `/api/crises/${crisis.id}/translation-queue`, headers: operator.headers });
  assert.equal(operatorQueue.statusCode, 403);

  const url = `/api/messages/${ti!.messageId}/translation`;
  const empty = await t.request({ method: 'POST', url, headers: translator.headers, payload: { text: '  ' } });
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.json().error.details[0].field, 'text');
  const done = await t.request({ method: 'POST', url, headers: translator.headers, payload: { text: 'We are in Omdurman, a child is injured and we need a doctor', language: 'en' } });
  assert.equal(done.statusCode, 200, done.body);
  assert.ok(done.json().needs.includes('medical'), JSON.stringify(done.json()));
  assert.equal(done.json().urgency, 'high');
  const late = await t.request({ method: 'POST', url, headers: secondTranslator.headers, payload: { text: 'another translation' } });
  assert.equal(late.statusCode, 409);
  const notOurs = await t.request({ method: 'POST', url, headers: stranger.headers, payload: { text: 'x' } });
  assert.equal(notOurs.statusCode, 404);
  const stored = await t.db.selectFrom('messages').select(['translation', 'translated_by']).where('id', '=', ti!.messageId).executeTakeFirstOrThrow();
  assert.match(stored.translation ?? '', /Omdurman/);
  const after = await t.request({ method: 'GET', url: `/api/crises/${crisis.id}/translation-queue`, headers: translator.headers });
  assert.deepEqual(after.json().items, []);
  const audit = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', ti!.messageId).where('action', '=', 'update').execute();
  assert.equal(audit.length, 1);
});
