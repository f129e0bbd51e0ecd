/**
 * A tracing request and an "I am safe" record through the real HTTP stack and job queue: matched from the queue,
 * reviewed by one volunteer (a second cannot take the pair), confirmed, and only then visible to the searcher; the
 * side without consent is not told. Other organisations and crises see nothing (404).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { matchRecord, modelFor } from '../../src/features/tracing/match.jobs.ts';
import { as, buildTracingWorld, countRows, drainMatching, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
before(async () => {
  w = await buildTracingWorld();
});
after(async () => w?.t.close());

describe('matching and review', () => {
  let lookingFor: string;
  let safe: string;
  let candidateId: string;

  test('a new record queues its matching job in the same transaction', async () => {
    const cw = as(w, w.caseworker);
    const jobsBefore = await countRows(w, 'jobs');
    const res = await cw('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({
      author: { name: 'Amina', phone: '+249912000111', channel: 'hotline' }, contactConsent: { method: 'verbal', language: 'ar', noticeVersion: 'tracing-2026-11' },
    }));
    assert.equal(res.statusCode, 201, res.body);
    lookingFor = res.json().id;
    assert.equal(res.json().purpose, 'family_tracing');
    assert.match(res.json().recordId, /^lifeline\.local\//);
    assert.ok(!res.body.includes('+249912000111'), 'the phone number is never returned');
    assert.equal(await countRows(w, 'jobs'), jobsBefore + 1);
    const safeRes = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ kind: 'i_am_safe', dateOfBirth: '1991', subject: { fullName: 'Mohammed Abdelrahman', alternateNames: ['Mohamed Abdel Rahman'] } }));
    assert.equal(safeRes.statusCode, 201, safeRes.body);
    safe = safeRes.json().id;
    assert.ok((await drainMatching(w)) >= 2);
    assert.equal(await countRows(w, 'tracing_candidates'), 1);
  });

  test('the searcher sees nothing of the candidate before a human confirms', async () => {
    const cw = as(w, w.caseworker);
    const record = await cw('GET', `/api/tracing-records/${lookingFor}`);
    assert.equal(record.statusCode, 200, record.body);
    assert.deepEqual(record.json().confirmedMatches, []);
    assert.ok(!record.body.includes(safe), 'the other record is not named');
    assert.equal((await cw('GET', `/api/crises/${w.crisisId}/tracing-candidates`)).statusCode, 403);
  });

  test('the queue explains the pair; one volunteer claims it, a second cannot take or decide it', async () => {
    const vol = as(w, w.volunteer);
    const queue = await vol('GET', `/api/crises/${w.crisisId}/tracing-candidates`);
    assert.equal(queue.statusCode, 200, queue.body);
    const [pair] = queue.json().items;
    candidateId = pair.id;
    assert.ok(pair.probability >= 0.5);
    assert.ok(pair.fields.some((f: { field: string; outcome: string }) => f.outcome === 'exact' || f.outcome === 'close'));
    assert.deepEqual(pair.records.map((r: { id: string }) => r.id).sort(), [lookingFor, safe].sort());
    assert.ok(!queue.body.includes('+249912000111'));
    const pending = await vol('POST', `/api/tracing-candidates/${candidateId}/decision`, { decision: 'confirm', note: 'same name and age' });
    assert.equal(pending.statusCode, 409, 'claim first');
    assert.equal((await vol('POST', `/api/tracing-candidates/${candidateId}/claim`)).statusCode, 200);
    const vol2 = as(w, w.volunteer2);
    const taken = await vol2('POST', `/api/tracing-candidates/${candidateId}/claim`);
    assert.equal(taken.statusCode, 409, taken.body);
    assert.equal((await vol2('POST', `/api/tracing-candidates/${candidateId}/decision`, { decision: 'reject', note: 'no' })).statusCode, 409);
  });

  test('bad decisions are 400 naming the field, and change nothing', async () => {
    const vol = as(w, w.volunteer);
    const res = await vol('POST', `/api/tracing-candidates/${candidateId}/decision`, { decision: 'maybe', note: '' });
    assert.equal(res.statusCode, 400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('decision') && fields.includes('note'), res.body);
    const row = await w.t.db.selectFrom('tracing_candidates').select('status').where('id', '=', candidateId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'claimed');
  });

  test('other organisations and crises get 404 for records and pairs', async () => {
    for (const who of [w.otherVolunteer, w.otherCrisisVolunteer]) {
      const call = as(w, who);
      assert.equal((await call('GET', `/api/tracing-records/${lookingFor}`)).statusCode, 404);
      assert.equal((await call('POST', `/api/tracing-candidates/${candidateId}/claim`)).statusCode, 404);
      assert.equal((await call('POST', `/api/tracing-records/${lookingFor}/notes`, { authorName: 'X', text: 'hello' })).statusCode, 404);
    }
    assert.equal((await as(w, w.otherCrisisVolunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody())).statusCode, 404);
    const list = await as(w, w.otherVolunteer)('GET', `/api/crises/${w.crisisId}/tracing-candidates`);
    assert.deepEqual(list.json().items, []);
  });

  test('confirmation tells only the side whose consent allows it, then the searcher sees the match', async () => {
    const res = await as(w, w.volunteer)('POST', `/api/tracing-candidates/${candidateId}/decision`, { decision: 'confirm', note: 'same name, birth years one apart, he called in' });
    assert.equal(res.statusCode, 200, res.body);
    const notifications = res.json().notifications as Array<{ recordId: string; status: string }>;
    assert.equal(notifications.find((n) => n.recordId === lookingFor)?.status, 'to_contact');
    assert.equal(notifications.find((n) => n.recordId === safe)?.status, 'withheld');
    const record = await as(w, w.caseworker)('GET', `/api/tracing-records/${lookingFor}`);
    assert.deepEqual(record.json().confirmedMatches.map((m: { recordId: string }) => m.recordId), [safe]);
    assert.equal(await countRows(w, 'tracing_labels'), 1);
    const again = await as(w, w.volunteer)('POST', `/api/tracing-candidates/${candidateId}/claim`);
    assert.equal(again.statusCode, 409);
  });

  test('the caseworker sees who may be told, records the contact once, and cannot contact the side that did not agree', async () => {
    const cw = as(w, w.caseworker);
    const list = await cw('GET', `/api/crises/${w.crisisId}/tracing-notifications`);
    assert.equal(list.statusCode, 200, list.body);
    const items = list.json().items as Array<{ id: string; recordId: string; status: string }>;
    const tell = items.find((n) => n.recordId === lookingFor);
    const withheld = items.find((n) => n.recordId === safe);
    assert.equal(tell?.status, 'to_contact');
    assert.equal((await as(w, w.otherVolunteer)('POST', `/api/tracing-notifications/${tell?.id}/contacted`)).statusCode, 404);
    assert.equal((await cw('POST', `/api/tracing-notifications/${tell?.id}/contacted`)).statusCode, 204);
    assert.equal((await cw('POST', `/api/tracing-notifications/${tell?.id}/contacted`)).statusCode, 409);
    assert.equal((await cw('POST', `/api/tracing-notifications/${withheld?.id}/contacted`)).statusCode, 409);
    assert.deepEqual((await as(w, w.otherVolunteer)('GET', `/api/crises/${w.crisisId}/tracing-notifications`)).json().items, []);
  });

  test('views and decisions are audited', async () => {
    const actions = await w.t.db.selectFrom('audit_log').select(['action', 'subject_type']).where('subject_type', 'like', 'tracing%').execute();
    const seen = new Set(actions.map((a) => `${a.action}:${a.subject_type}`));
    for (const k of ['create:tracing_record', 'view:tracing_record', 'view:tracing_candidate_list', 'view:tracing_candidate', 'update:tracing_candidate']) assert.ok(seen.has(k), k);
  });

  test('two records matched at the same time still find each other, once', async () => {
    const vol = as(w, w.volunteer);
    const a = (await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ subject: { fullName: 'Selam Gebremedhin' }, sex: 'female', dateOfBirth: '2001' }))).json().id;
    const b = (await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ kind: 'i_am_safe', subject: { fullName: 'Gebremedhin Selam' }, sex: 'female', dateOfBirth: '2001' }))).json().id;
    await w.t.db.deleteFrom('jobs').execute();
    await Promise.all([matchRecord(w.t.db, a), matchRecord(w.t.db, b)]);
    const pairs = await w.t.db.selectFrom('tracing_candidates').select('id').where((eb) => eb.or([eb('record_a_id', 'in', [a, b]), eb('record_b_id', 'in', [a, b])])).execute();
    assert.equal(pairs.length, 1);
  });

  test('retraining needs both kinds of decision, then stores a model that scores new records', async () => {
    const vol = as(w, w.volunteer);
    assert.equal((await vol('POST', `/api/crises/${w.crisisId}/tracing-model/retrain`)).statusCode, 409);
    for (const [name, decision] of [['Fatima Idris', 'confirm'], ['Yonas Tesfaye', 'reject'], ['Hawa Adam', 'reject']] as const) {
      await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ subject: { fullName: name }, sex: 'female', dateOfBirth: '1985' }));
      await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ kind: 'i_am_safe', subject: { fullName: name }, sex: 'female', dateOfBirth: decision === 'confirm' ? '1985' : '1986' }));
      await drainMatching(w);
      const [pair] = (await vol('GET', `/api/crises/${w.crisisId}/tracing-candidates`)).json().items;
      assert.ok(pair, `a pair for ${name}`);
      await vol('POST', `/api/tracing-candidates/${pair.id}/claim`);
      assert.equal((await vol('POST', `/api/tracing-candidates/${pair.id}/decision`, { decision, note: 'checked by phone' })).statusCode, 200);
    }
    const res = await vol('POST', `/api/crises/${w.crisisId}/tracing-model/retrain`);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().labelCount, 4);
    const { model, version } = await modelFor(w.t.db, w.crisisId);
    assert.ok(version.includes(`+model:${res.json().id}`), version);
    assert.match(String(model.source), /corrected by 4 reviewer decisions/);
  });
});
