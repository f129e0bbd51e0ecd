/** The urgency a need brings is data on the code list (need_codes.urgency and urgency_reason, migration 0045). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { matchNeeds } from '../../src/features/triage/lexicon.ts';
import { needList } from '../../src/features/triage/needs.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { assessUrgency, shippedUrgency } from '../../src/features/triage/urgency.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation, signedInPlatformAdmin, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
let admin: SignedIn;
let send: (text: string) => Promise<{ needs: string[]; urgency: string | null; urgency_reasons: string[] }>;
let counter = 0;

before(async () => {
  t = await startTestApp();
  admin = await signedInPlatformAdmin(t);
  const crisisId = (await buildCrisis(t.db, { affectedCountries: ['SD'] })).id;
  const organisationId = (await buildOrganisation(t)).id;
  const channel = await buildChannel(t, { crisisId, organisationId, kind: 'external' });
  const worker = startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false });
  const context = { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true };
  send = async (text) => {
    counter += 1;
    const [stored] = await storeInbound(t.db, channelInfo(channel), [{ from: `+2499130${String(counter).padStart(5, '0')}`, text, providerMessageId: `urgency-${counter}` }], context);
    await worker.drain();
    return t.db.selectFrom('messages').select(['needs', 'urgency', 'urgency_reasons']).where('id', '=', stored!.messageId).executeTakeFirstOrThrow();
  };
});
after(async () => t?.close());

const patch = (code: string, payload: object) => t.request({ method: 'PATCH', url: `/api/needs/${code}`, headers: admin.headers, payload });
const detailsOf = (body: string) => (JSON.parse(body) as { error: { details?: Array<{ field: string; rule: string; message: string }> } }).error.details ?? [];
const rowOf = (code: string) => t.db.selectFrom('need_codes').select(['urgency', 'urgency_reason', 'updated_at']).where('code', '=', code).executeTakeFirstOrThrow();

describe('the urgency a need brings', () => {
  test('the seeded levels and reasons are those triage used before, so shipped needs give the same urgency', async () => {
    const rows = await t.db.selectFrom('need_codes').select(['code', 'urgency', 'urgency_reason']).where('is_shipped', '=', true).execute();
    assert.equal(rows.length, 14);
    for (const row of rows) {
      assert.equal(row.urgency, shippedUrgency[row.code]?.urgency ?? 'low', row.code);
      assert.equal(row.urgency_reason?.['en'], shippedUrgency[row.code]?.reason, row.code);
      if (row.urgency_reason) assert.deepEqual(Object.keys(row.urgency_reason).sort(), ['ar', 'en', 'es', 'fr'], row.code);
    }
    const list = await needList(t.db);
    const examples: Array<[string, 'high' | 'medium' | 'low']> = [
      ['We are 12 people trapped under the rubble, 3 children, one is bleeding', 'high'],
      ['Necesitamos agua y comida, estamos en el refugio', 'medium'],
      ['Мого брата затримали, він у в\'язниці', 'medium'],
      ['پاسپورت من را گرفتند و پول ندارم', 'low'],
      ['আমার ভাই নিখোঁজ, কোথায় খুঁজব?', 'medium'],
    ];
    for (const [text, urgency] of examples) {
      const found = matchNeeds(text, list).map((m) => m.need);
      assert.deepEqual(assessUrgency(text, found, list), assessUrgency(text, found), text);
      assert.equal(assessUrgency(text, found, list).urgency, urgency, text);
      const message = await send(text);
      assert.equal(message.urgency, urgency, text);
    }
    const trapped = await send('We are trapped and my son is injured');
    assert.deepEqual([trapped.urgency, trapped.urgency_reasons.slice(0, 2)], ['high', ['trapped people', 'injuries']]);
  });

  test('a deployment need set to high makes the next triaged message high, with its reason', async () => {
    const created = await t.request({
      method: 'POST', url: '/api/needs', headers: admin.headers,
      payload: { code: 'cholera_symptoms', labels: { en: 'Cholera symptoms' }, keywords: ['cholera'], urgency: 'high', urgencyReason: { en: 'suspected cholera', fr: 'choléra suspecté' } },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual([created.json().urgency, created.json().urgencyReason], ['high', { en: 'suspected cholera', fr: 'choléra suspecté' }]);
    const message = await send('Cholera in the whole family since the night');
    assert.deepEqual(message.needs, ['cholera_symptoms']);
    assert.equal(message.urgency, 'high');
    assert.deepEqual(message.urgency_reasons, ['suspected cholera']);

    const cleared = await patch('cholera_symptoms', { urgency: 'medium', urgencyReason: null });
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.equal(cleared.json().urgencyReason, null);
    const again = await send('cholera again today');
    assert.deepEqual([again.urgency, again.urgency_reasons], ['medium', ['cholera symptoms']], 'without a reason of its own, its English label');

    const plain = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { code: 'school_fees', labels: { en: 'School fees' } } });
    assert.deepEqual([plain.json().urgency, plain.json().urgencyReason], ['low', null], 'low by default');
    const lifeSafety = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { code: 'snake_bite', labels: { en: 'Snake bite' }, isLifeSafety: true } });
    assert.equal(lifeSafety.json().urgency, 'medium', 'a life-safety need is medium by default, as before');
  });

  test('changing a shipped need\'s urgency changes the outcome, and is audited', async () => {
    const before = await send('my employer took my passport');
    assert.ok(before.needs.includes('documents'), JSON.stringify(before.needs));
    assert.equal(before.urgency, 'low');
    const raised = await patch('documents', { urgency: 'high', urgencyReason: { en: 'confiscated documents', ar: 'وثائق محتجزة' } });
    assert.equal(raised.statusCode, 200, raised.body);
    const after = await send('my employer took my passport yesterday');
    assert.deepEqual([after.urgency, after.urgency_reasons], ['high', ['confiscated documents']]);

    assert.equal((await send('we have no drinking water')).urgency, 'medium');
    assert.equal((await patch('water', { urgency: 'low' })).statusCode, 200);
    const water = await send('we have no drinking water at all');
    assert.deepEqual([water.needs, water.urgency, water.urgency_reasons], [['water'], 'low', []]);

    const audit = await t.db.selectFrom('audit_log').select(['subject_id', 'fields']).where('subject_type', '=', 'need_code').where('action', '=', 'update').execute();
    assert.deepEqual(audit.filter((a) => a.subject_id !== 'cholera_symptoms').sort((x, y) => String(x.subject_id).localeCompare(String(y.subject_id))), [{ subject_id: 'documents', fields: ['urgency', 'urgency_reason'] }, { subject_id: 'water', fields: ['urgency'] }]);
    const listed = (await t.request({ method: 'GET', url: '/api/needs', headers: admin.headers })).json().items as Array<{ code: string; urgency: string; urgencyReason: Record<string, string> | null }>;
    assert.deepEqual(listed.find((n) => n.code === 'search_and_rescue')?.urgencyReason?.['en'], 'trapped people');
    assert.equal(listed.find((n) => n.code === 'water')?.urgency, 'low');
  });

  test('a bad urgency or reason is a 400 naming the field and rule, and changes nothing', async () => {
    const before = await rowOf('security');
    const bad = await patch('security', { urgency: 'urgent', labels: { en: 'Violence' } });
    assert.equal(bad.statusCode, 400, bad.body);
    const details = detailsOf(bad.body);
    assert.deepEqual(details.map((d) => d.field), ['urgency']);
    assert.match(details[0]!.message, /must be one of high, medium, low/);
    for (const payload of [{ urgencyReason: { fr: 'violences' } }, { urgencyReason: { en: '' } }, { urgencyReason: { en: 'x', de: 'y' } }, { urgencyReason: 'violence' }]) {
      const res = await patch('security', payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(detailsOf(res.body).every((d) => d.field.startsWith('urgencyReason')), res.body);
    }
    assert.deepEqual(await rowOf('security'), before);
    assert.equal((await t.db.selectFrom('need_codes').select('labels').where('code', '=', 'security').executeTakeFirstOrThrow()).labels['en'], 'Security or violence');

    const create = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { code: 'heatstroke', labels: { en: 'Heatstroke' }, urgency: 'HIGH' } });
    assert.equal(create.statusCode, 400);
    assert.deepEqual(detailsOf(create.body).map((d) => d.field), ['urgency']);
    assert.equal(await t.db.selectFrom('need_codes').select('code').where('code', '=', 'heatstroke').executeTakeFirst(), undefined);
  });
});
