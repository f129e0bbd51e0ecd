import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import type { SignedIn } from '../factories/access.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';
import { buildMapWorld, type MapWorld } from './helpers.ts';

let t: TestApp;
let w: MapWorld;
let operator: SignedIn;
let coordinator: SignedIn;
let analyst: SignedIn;
let outsider: SignedIn;
let otherCrisis: SignedIn;
const messageIds: string[] = [];

before(async () => {
  t = await startTestApp();
  w = await buildMapWorld(t);
  const channel = await buildChannel(t, { crisisId: w.crisisId, organisationId: w.orgA, kind: 'external' });
  const stored = await storeInbound(
    t.db,
    channelInfo(channel),
    [
      { from: '+218911100001', text: 'We are trapped, my son is bleeding, we need a doctor', providerMessageId: 'm-1', location: { lat: 32.8872, lon: 13.1913, precisionM: 30 } },
      { from: '+218911100002', text: 'We need water', providerMessageId: 'm-2' },
      { from: '+218911100003', text: 'We are 30 people stuck in Zuwara without water', providerMessageId: 'm-3' },
    ],
    { key: t.app.secretKey, defaultCountry: 'LY', referencePrefix: 'LY', addressIsPhone: true },
  );
  messageIds.push(...stored.map((s) => s.messageId));
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  operator = await w.as('hotline_operator');
  coordinator = await w.as('coordinator');
  analyst = await w.as('analyst');
  outsider = await w.as('coordinator', w.orgB);
  otherCrisis = await w.as('coordinator', w.orgA, w.otherCrisisId);
});
after(async () => t?.close());

const report = { categories: ['medical'], latitude: 32.9, longitude: 13.2, description: 'Two injured near the port', occurredAt: '2026-05-06T10:00:00Z', admin1Name: 'Tripoli', country: 'LY' };

describe('reports', () => {
  test('a responder reports a located event; the answer jitters the point and the creation is audited', async () => {
    const res = await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload: report });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.source, 'responder');
    assert.equal(body.verification, 'unverified');
    assert.equal(body.isJittered, true);
    assert.notEqual(body.latitude, 32.9);
    const metres = Math.hypot((body.latitude - 32.9) * 111_320, (body.longitude - 13.2) * 111_320 * Math.cos((32.9 * Math.PI) / 180));
    assert.ok(metres > 20 && metres < 300, `moved ${metres} m`);
    const again = await t.request({ method: 'GET', url: `/api/reports/${body.id}`, headers: operator.headers });
    assert.equal(again.json().latitude, body.latitude, 'the same report always lands on the same spot');
    const views = await t.db.selectFrom('audit_log').select(['action', 'fields']).where('subject_id', '=', body.id).execute();
    assert.deepEqual(views.map((v) => v.action).sort(), ['create', 'view']);
  });

  test('an idempotency key makes a retried create return the first report', async () => {
    const payload = { ...report, idempotencyKey: 'device-1-report-77' };
    const first = await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload });
    const second = await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload });
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().id, first.json().id);
  });

  test('a triaged SOS becomes a report with its needs and a link to the message, once', async () => {
    const res = await t.request({ method: 'POST', url: `/api/messages/${messageIds[0]}/report`, headers: operator.headers, payload: {} });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.source, 'sos');
    assert.equal(body.messageId, messageIds[0]);
    assert.ok(body.categories.includes('medical'), body.categories.join());
    const again = await t.request({ method: 'POST', url: `/api/messages/${messageIds[0]}/report`, headers: operator.headers, payload: {} });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, body.id);
  });

  test('an SOS without a point needs one', async () => {
    const res = await t.request({ method: 'POST', url: `/api/messages/${messageIds[1]}/report`, headers: operator.headers, payload: {} });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().error.details.map((d: { field: string; rule: string }) => [d.field, d.rule]), [['latitude', 'required']]);
    const ok = await t.request({ method: 'POST', url: `/api/messages/${messageIds[1]}/report`, headers: operator.headers, payload: { latitude: 32.88, longitude: 13.18 } });
    assert.equal(ok.statusCode, 201, ok.body);
  });

  test('an SOS that names a town takes the town triage found, at town precision, with its country and area', async () => {
    const res = await t.request({ method: 'POST', url: `/api/messages/${messageIds[2]}/report`, headers: operator.headers, payload: {} });
    assert.equal(res.statusCode, 201, res.body);
    const row = await t.db.selectFrom('reports').select(['latitude', 'longitude', 'precision_m', 'country', 'admin1_code', 'admin1_name']).where('source_message_id', '=', messageIds[2]!).executeTakeFirstOrThrow();
    assert.ok(Math.abs(Number(row.latitude) - 32.93) < 0.05 && Math.abs(Number(row.longitude) - 12.08) < 0.05, `Zuwara's point, not ${row.latitude},${row.longitude}`);
    assert.equal(row.precision_m, 5000);
    assert.equal(row.country, 'LY');
    assert.ok(row.admin1_code, 'the first-level area from the gazetteer');
    assert.ok(row.admin1_name && row.admin1_name !== row.admin1_code, `the first-level area's name: ${row.admin1_name}`);
  });

  test('verification records who, how and when; a duplicate names its original; a stale version is refused', async () => {
    const a = (await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload: report })).json();
    const b = (await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload: report })).json();
    const verified = await t.request({ method: 'PUT', url: `/api/reports/${a.id}/verification`, headers: coordinator.headers, payload: { status: 'verified', method: 'phone_call', note: 'Called back', version: a.version } });
    assert.equal(verified.statusCode, 200, verified.body);
    assert.equal(verified.json().verification, 'verified');
    assert.equal(verified.json().verificationMethod, 'phone_call');
    assert.ok(verified.json().verifiedBy);
    const stale = await t.request({ method: 'PUT', url: `/api/reports/${a.id}/verification`, headers: coordinator.headers, payload: { status: 'false', method: 'other', version: a.version } });
    assert.equal(stale.statusCode, 409);
    const dup = await t.request({ method: 'PUT', url: `/api/reports/${b.id}/verification`, headers: operator.headers, payload: { status: 'duplicate', method: 'second_source', duplicateOf: a.id, version: b.version } });
    assert.equal(dup.statusCode, 200, dup.body);
    assert.equal(dup.json().duplicateOf, a.id);
    const noOriginal = await t.request({ method: 'PUT', url: `/api/reports/${b.id}/verification`, headers: operator.headers, payload: { status: 'duplicate', method: 'other', version: 2 } });
    assert.equal(noOriginal.statusCode, 400);
    assert.equal(noOriginal.json().error.details[0].field, 'duplicateOf');
  });

  test('bad input is refused naming the field and the rule, and nothing is stored', async () => {
    const before = await t.db.selectFrom('reports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...report, categories: ['unicorns'] }, 'categories.0'],
      [{ ...report, latitude: 91 }, 'latitude'],
      [{ ...report, longitude: -181 }, 'longitude'],
      [{ ...report, occurredAt: '2026-13-45' }, 'occurredAt'],
      [{ ...report, categories: [] }, 'categories'],
      [{ ...report, colour: 'red' }, 'colour'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload });
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      const details = res.json().error.details as { field: string; rule: string }[];
      assert.ok(details.some((d) => d.field === field && d.rule), `${field}: ${JSON.stringify(details)}`);
    }
    const afterCount = await t.db.selectFrom('reports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(afterCount.n, before.n);
  });

  test('another organisation, another crisis and a counts-only role cannot read or change a report', async () => {
    const mine = (await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: operator.headers, payload: report })).json();
    for (const who of [outsider, otherCrisis, analyst]) {
      assert.equal((await t.request({ method: 'GET', url: `/api/reports/${mine.id}`, headers: who.headers })).statusCode, 404);
      const put = await t.request({ method: 'PUT', url: `/api/reports/${mine.id}/verification`, headers: who.headers, payload: { status: 'false', method: 'other', version: 1 } });
      assert.equal(put.statusCode, 404);
    }
    assert.equal((await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: otherCrisis.headers, payload: report })).statusCode, 404);
    assert.equal((await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/reports`, headers: analyst.headers, payload: report })).statusCode, 404);
    assert.equal((await t.request({ method: 'POST', url: `/api/messages/${messageIds[0]}/report`, headers: outsider.headers, payload: {} })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/reports/${mine.id}` })).statusCode, 401);
  });
});
