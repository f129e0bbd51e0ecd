import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { needList } from '../../src/features/triage/needs.ts';
import { parseLabelledCsv, trainNeedsModel } from '../../src/features/triage/training.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildOrganisation, buildUser, signedInPlatformAdmin, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
let admin: SignedIn;
let coordinator: SignedIn;
let operator: SignedIn;
let crisisId: string;
let send: (texts: string[]) => Promise<string[]>;
let counter = 0;

before(async () => {
  t = await startTestApp();
  admin = await signedInPlatformAdmin(t);
  crisisId = (await buildCrisis(t.db, { affectedCountries: ['SD'] })).id;
  const organisationId = (await buildOrganisation(t)).id;
  coordinator = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'coordinator' }] }));
  operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'hotline_operator' }] }));
  const channel = await buildChannel(t, { crisisId, organisationId, kind: 'external' });
  const worker = startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false });
  const context = { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true };
  send = async (texts) => {
    const stored = await storeInbound(t.db, channelInfo(channel), texts.map((text) => {
      counter += 1;
      return { from: `+2499120${String(counter).padStart(5, '0')}`, text, providerMessageId: `needs-${counter}` };
    }), context);
    await worker.drain();
    return stored.map((s) => s.messageId);
  };
});
after(async () => t?.close());

const needsOf = async (id: string) => (await t.db.selectFrom('messages').select(['needs', 'urgency', 'urgency_reasons']).where('id', '=', id).executeTakeFirstOrThrow());
const decide = (id: string, needs: string[]) => t.request({ method: 'POST', url: `/api/messages/${id}/triage`, headers: operator.headers, payload: { needs, urgency: 'medium' } });
const fieldsOf = (body: string) => (JSON.parse(body) as { error: { details?: Array<{ field: string; rule: string }> } }).error.details?.map((d) => `${d.field}:${d.rule}`) ?? [];
const countNeeds = async () => (await t.db.selectFrom('need_codes').select('code').execute()).length;

const cholera = [
  'my son has watery diarrhoea and keeps vomiting',
  'many people in the camp have diarrhoea and vomiting since yesterday',
  'my wife is vomiting and has diarrhoea, she is very weak',
  'children with acute watery diarrhoea in block 4',
  'three people vomiting and diarrhoea after drinking from the river',
  'diarrhoea and vomiting, my father cannot stand',
  'outbreak of diarrhoea in our neighbourhood, people vomiting',
  'my baby has diarrhoea and is dehydrated',
  'severe diarrhoea and vomiting in the shelter',
  'people are vomiting and have watery stools',
  'diarrhoea everywhere in the camp, we are scared',
  'my daughter has been vomiting all night with diarrhoea',
  'watery diarrhoea and leg cramps, he is getting worse',
  'we think it is cholera, diarrhoea and vomiting',
];
const others = [
  'we need food for the children',
  'no food since two days',
  'we have no drinking water',
  'please bring water to the camp',
  'where can we get information about the bus',
  'we sleep outside, no shelter',
  'the police took my passport',
  'thank you for your help',
  'we need blankets and a tent',
  'good morning, is the office open',
];

describe('the needs code list', () => {
  test('anyone signed in reads the shipped list; nobody else', async () => {
    const res = await t.request({ method: 'GET', url: '/api/needs', headers: operator.headers });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Array<{ code: string; labels: Record<string, string>; isShipped: boolean; isLifeSafety: boolean }>;
    assert.equal(items.length, 14);
    assert.deepEqual(items.slice(0, 3).map((n) => n.code), ['water', 'food', 'shelter']);
    assert.deepEqual(items.find((n) => n.code === 'medical'), { ...items.find((n) => n.code === 'medical'), labels: { en: 'Medical', fr: 'Soins médicaux', ar: 'رعاية طبية', es: 'Atención médica' }, isShipped: true, isLifeSafety: true });
    assert.equal((await t.request({ method: 'GET', url: '/api/needs' })).statusCode, 401);
  });

  test('only a platform administrator adds a need; bad input is refused naming the field and stores nothing', async () => {
    const body = { code: 'cholera_symptoms', labels: { en: 'Cholera symptoms' } };
    assert.equal((await t.request({ method: 'POST', url: '/api/needs', headers: coordinator.headers, payload: body })).statusCode, 403);
    for (const code of ['Cholera', 'cholera-symptoms', '1st_aid', 'cholera__x', '_x', 'x'.repeat(41)]) {
      const res = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { ...body, code } });
      assert.equal(res.statusCode, 400, `${code}: ${res.body}`);
      assert.ok(fieldsOf(res.body).some((f) => f.startsWith('code:')), res.body);
    }
    const noEnglish = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { code: 'cholera_symptoms', labels: { fr: 'Choléra' } } });
    assert.equal(noEnglish.statusCode, 400);
    assert.ok(fieldsOf(noEnglish.body).some((f) => f.startsWith('labels.en:')), noEnglish.body);
    const unknownLanguage = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { ...body, labels: { en: 'Cholera', xx: 'x' } } });
    assert.equal(unknownLanguage.statusCode, 400);
    const taken = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { code: 'water', labels: { en: 'Water again' } } });
    assert.equal(taken.statusCode, 400);
    assert.deepEqual(fieldsOf(taken.body), ['code:unique']);
    assert.equal(await countNeeds(), 14);
    const water = await t.db.selectFrom('need_codes').select('labels').where('code', '=', 'water').executeTakeFirstOrThrow();
    assert.equal(water.labels['en'], 'Water');
  });

  test('a deployment adds cholera_symptoms, labels messages with it, trains, and the next prediction carries it', async () => {
    const created = await t.request({ method: 'POST', url: '/api/needs', headers: admin.headers, payload: { code: 'cholera_symptoms', labels: { en: 'Cholera symptoms', fr: 'Symptômes du choléra' }, isLifeSafety: true } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['location'], '/api/needs/cholera_symptoms');
    assert.deepEqual({ ...(created.json() as object), position: 0 }, { code: 'cholera_symptoms', labels: { en: 'Cholera symptoms', fr: 'Symptômes du choléra' }, keywords: [], isLifeSafety: true, isShipped: false, urgency: 'medium', urgencyReason: null, position: 0, isRetired: false, retiredAt: null });
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject_id']).where('subject_type', '=', 'need_code').execute();
    assert.deepEqual(audit, [{ action: 'create', subject_id: 'cholera_symptoms' }]);

    const probe = 'my little boy has diarrhoea and is vomiting since this morning';
    const [untrained] = await send([probe]);
    assert.ok(!(await needsOf(untrained!)).needs.includes('cholera_symptoms'), 'nothing knows it yet');

    const choleraIds = await send(cholera);
    const otherIds = await send(others);
    for (const id of choleraIds) assert.equal((await decide(id, ['cholera_symptoms'])).statusCode, 204);
    for (const [i, id] of otherIds.entries()) assert.equal((await decide(id, i < 2 ? ['food'] : i < 4 ? ['water'] : [])).statusCode, 204);
    const labels = await t.db.selectFrom('triage_labels').select('needs').execute();
    assert.equal(labels.filter((l) => l.needs.includes('cholera_symptoms')).length, cholera.length);

    const model = await trainNeedsModel(t.db, { trainedBy: 'test' });
    const stored = await t.db.selectFrom('triage_models').select('labels').where('id', '=', model.id).executeTakeFirstOrThrow();
    assert.ok(stored.labels.includes('cholera_symptoms'), 'the new need is one of the model\'s labels');
    const [trained] = await send([probe]);
    const result = await needsOf(trained!);
    assert.ok(result.needs.includes('cholera_symptoms'), JSON.stringify(result.needs));
    assert.notEqual(result.urgency, 'low', 'a life-safety need of the deployment is medium by default');
    assert.ok(result.urgency_reasons.includes('cholera symptoms'), JSON.stringify(result.urgency_reasons));
  });

  test('a need renamed, translated and given keywords: the lexicon then finds it in any script', async () => {
    const bad = await t.request({ method: 'PATCH', url: '/api/needs/cholera_symptoms', headers: admin.headers, payload: { labels: { en: '' } } });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(fieldsOf(bad.body), ['labels.en:too_small']);
    assert.equal((await t.request({ method: 'PATCH', url: '/api/needs/cholera_symptoms', headers: admin.headers, payload: {} })).statusCode, 400);
    assert.equal((await t.request({ method: 'PATCH', url: '/api/needs/no_such_need', headers: admin.headers, payload: { isLifeSafety: false } })).statusCode, 404);
    assert.equal((await t.request({ method: 'PATCH', url: '/api/needs/cholera_symptoms', headers: coordinator.headers, payload: { isLifeSafety: false } })).statusCode, 403);
    const res = await t.request({ method: 'PATCH', url: '/api/needs/cholera_symptoms', headers: admin.headers, payload: { labels: { en: 'Suspected cholera', ar: 'أعراض الكوليرا' }, keywords: ['rice-water stool', 'إسهال مائي'] } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().labels, { en: 'Suspected cholera', fr: 'Symptômes du choléra', ar: 'أعراض الكوليرا' });
    const [arabic, latin] = await send(['ابني عنده إسهال مائي شديد', 'Rice-water stool in the whole family']);
    assert.ok((await needsOf(arabic!)).needs.includes('cholera_symptoms'));
    assert.ok((await needsOf(latin!)).needs.includes('cholera_symptoms'));
    const audit = await t.db.selectFrom('audit_log').select(['action', 'fields']).where('subject_type', '=', 'need_code').where('action', '=', 'update').execute();
    assert.deepEqual(audit.map((a) => a.fields), [['labels', 'keywords']]);
  });

  test('a retired need keeps its stored labels, is refused for new use and is no longer predicted; restored, it is back', async () => {
    const [pending] = await send(['we have no food at all']);
    assert.equal((await t.request({ method: 'POST', url: '/api/needs/cholera_symptoms/retire', headers: coordinator.headers })).statusCode, 403);
    const retired = await t.request({ method: 'POST', url: '/api/needs/cholera_symptoms/retire', headers: admin.headers });
    assert.equal(retired.statusCode, 200, retired.body);
    assert.equal(retired.json().isRetired, true);
    assert.equal((await t.request({ method: 'POST', url: '/api/needs/cholera_symptoms/retire', headers: admin.headers })).statusCode, 409);

    const labels = await t.db.selectFrom('triage_labels').select('needs').execute();
    assert.equal(labels.filter((l) => l.needs.includes('cholera_symptoms')).length, cholera.length, 'stored labels keep the code');
    const listed = (await t.request({ method: 'GET', url: '/api/needs', headers: operator.headers })).json().items as Array<{ code: string }>;
    assert.ok(!listed.some((n) => n.code === 'cholera_symptoms'));
    const all = (await t.request({ method: 'GET', url: '/api/needs?includeRetired=true', headers: operator.headers })).json().items as Array<{ code: string; isRetired: boolean }>;
    assert.equal(all.find((n) => n.code === 'cholera_symptoms')?.isRetired, true);

    const refused = await decide(pending!, ['cholera_symptoms']);
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(fieldsOf(refused.body), ['needs.0:retired']);
    const unknown = await decide(pending!, ['food', 'weapons']);
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(fieldsOf(unknown.body), ['needs.1:code_list']);
    assert.equal((await t.db.selectFrom('messages').select('reviewed_at').where('id', '=', pending!).executeTakeFirstOrThrow()).reviewed_at, null, 'the message is untouched');
    const list = await needList(t.db);
    assert.throws(() => parseLabelledCsv('text,needs\nvomiting,cholera_symptoms', list), (e: { details?: Array<{ field: string; rule: string }> }) => e.details?.[0]?.rule === 'retired');

    const [after] = await send(['my little boy has diarrhoea and is vomiting since this morning, إسهال مائي']);
    assert.ok(!(await needsOf(after!)).needs.includes('cholera_symptoms'), 'neither the model nor the keywords give a retired need');
    const search = await t.request({ method: 'GET', url: '/api/directory/search?need=cholera_symptoms', headers: coordinator.headers });
    assert.equal(search.statusCode, 200, 'a retired need still filters');
    const badSearch = await t.request({ method: 'GET', url: '/api/directory/search?need=weapons', headers: coordinator.headers });
    assert.equal(badSearch.statusCode, 400);
    assert.deepEqual(fieldsOf(badSearch.body), ['query.need.0:code_list']);

    const restored = await t.request({ method: 'POST', url: '/api/needs/cholera_symptoms/restore', headers: admin.headers });
    assert.equal(restored.statusCode, 200, restored.body);
    assert.equal(restored.json().isRetired, false);
    assert.equal((await decide(pending!, ['cholera_symptoms', 'food'])).statusCode, 204);
  });
});
