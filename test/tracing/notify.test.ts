/**
 * Issue 9: a confirmation tells a side only if its consent allows it, and nothing about the other side. A consenting
 * side whose phone wrote to a Lifeline channel of the organisation gets one short message in their language (naming
 * nobody, no place, not "found"), once even if the job runs again; a withheld side gets nothing; a side no channel
 * reaches stays for the caseworker with a reason saying so. Real database, real job queue, a fake SMS gateway.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { channelInfo, intakeJobHandlers } from '../../src/features/intake/replies.ts';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { markNotifyFailed, notifySide, REASONS } from '../../src/features/tracing/notify.jobs.ts';
import { enqueue, startWorker } from '../../src/jobs/queue.ts';
import { buildChannel, type FakeProvider, startFakeProvider } from '../intake/helpers.ts';
import { as, buildTracingWorld, drainMatching, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
let provider: FakeProvider;
const PHONE = '+249912000222';
let reference: string;

before(async () => {
  w = await buildTracingWorld();
  provider = await startFakeProvider();
  const channel = await buildChannel(w.t, { crisisId: w.crisisId, organisationId: w.ngo, kind: 'external', secrets: { secretToken: 'gw' }, settings: { sendUrl: `${provider.url}/send` } });
  // The searching relative wrote to the organisation's SMS gateway before: that is how Lifeline can reach her.
  const [sos] = await storeInbound(w.t.db, channelInfo(channel), [{ from: PHONE, text: 'bonjour, je cherche mon frère', providerMessageId: 'tracing-notify-1' }], { key: w.t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
  reference = (await w.t.db.selectFrom('conversations').innerJoin('messages', 'messages.conversation_id', 'conversations.id').select('conversations.reference').where('messages.id', '=', sos!.messageId).executeTakeFirstOrThrow()).reference;
  await w.t.db.deleteFrom('jobs').execute(); // the acknowledgement and triage of that SOS are not what this file tests
});
after(async () => {
  await w?.t.close();
  await provider?.close();
});

const consent = (language: string) => ({ contactConsent: { method: 'verbal', language, noticeVersion: 'tracing-2026-11' } });

/** A "looking for" and an "I am safe" record of the same person, matched, claimed and confirmed. */
async function confirmPair(name: string, lookingFor: Record<string, unknown>, safe: Record<string, unknown> = {}) {
  const vol = as(w, w.volunteer);
  const a = await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ subject: { fullName: name }, dateOfBirth: '1990', ...lookingFor }));
  assert.equal(a.statusCode, 201, a.body);
  const b = await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ kind: 'i_am_safe', subject: { fullName: name }, dateOfBirth: '1990', lastKnownLocation: 'Adré transit camp', ...safe }));
  assert.equal(b.statusCode, 201, b.body);
  await drainMatching(w);
  const queue = (await vol('GET', `/api/crises/${w.crisisId}/tracing-candidates`)).json().items as Array<{ id: string; records: Array<{ id: string }> }>;
  const pair = queue.find((p) => p.records.some((r) => r.id === a.json().id));
  assert.ok(pair, `a pair for ${name}`);
  assert.equal((await vol('POST', `/api/tracing-candidates/${pair.id}/claim`)).statusCode, 200);
  const decided = await vol('POST', `/api/tracing-candidates/${pair.id}/decision`, { decision: 'confirm', note: 'same name and birth year' });
  assert.equal(decided.statusCode, 200, decided.body);
  return { lookingFor: a.json().id as string, safe: b.json().id as string, decision: decided.json() as { notifications: Array<{ recordId: string; status: string; messageStatus: string | null }> } };
}

async function notificationsOf(recordId: string) {
  const list = await as(w, w.caseworker)('GET', `/api/crises/${w.crisisId}/tracing-notifications`);
  assert.equal(list.statusCode, 200, list.body);
  return (list.json().items as Array<{ id: string; recordId: string; status: string; reason: string; messageStatus: string | null; messageQueuedAt: string | null }>).filter((n) => n.recordId === recordId);
}

const messagesFor = (notificationId: string) =>
  w.t.db.selectFrom('messages').select(['id', 'text', 'status', 'direction', 'conversation_id', 'metadata']).where('direction', '=', 'out').where('idempotency_key', '=', `tracing_news:${notificationId}`).execute();

describe('telling a side of a confirmed match', () => {
  let tellId: string;
  let safeId: string;
  let withheldId: string;

  test('confirm: the consenting side with a channel gets one message in its language, naming nobody; the other side nothing', async () => {
    const { lookingFor, safe, decision } = await confirmPair('Mohammed Abdelrahman', { author: { name: 'Amina Yousif', phone: PHONE, channel: 'sms', preferredLanguage: 'fr' }, ...consent('fr') });
    safeId = safe;
    assert.deepEqual(decision.notifications.map((n) => [n.recordId === lookingFor ? 'lookingFor' : 'safe', n.status, n.messageStatus]).sort(), [['lookingFor', 'to_contact', 'pending'], ['safe', 'withheld', null]]);
    await drainMatching(w); // works the tracing.notify jobs
    const [tell] = await notificationsOf(lookingFor);
    const [withheld] = await notificationsOf(safe);
    tellId = tell!.id;
    withheldId = withheld!.id;
    assert.equal(tell!.status, 'to_contact');
    assert.equal(tell!.messageStatus, 'queued');
    assert.ok(tell!.messageQueuedAt);
    assert.match(tell!.reason, /queued on the external channel/);
    assert.equal(withheld!.messageStatus, null);

    const messages = await messagesFor(tellId);
    assert.equal(messages.length, 1);
    const text = messages[0]!.text ?? '';
    assert.match(text, /^Lifeline : il y a du nouveau sur votre demande de recherche/, 'in French, the language she asked for');
    assert.ok(text.includes(reference), 'with the reference of her own conversation');
    for (const personal of ['Mohammed', 'Abdelrahman', 'Amina', 'Yousif', 'Adré', '1990', PHONE, safe, lookingFor]) assert.ok(!text.includes(personal), `no ${personal} in "${text}"`);
    assert.doesNotMatch(text, /found|trouvé|match/i, 'does not say someone was found');
    assert.equal(messages[0]!.status, 'queued');
    assert.equal(messages[0]!.metadata['tracingNotificationId'], tellId);
    assert.equal((await messagesFor(withheldId)).length, 0, 'the withheld side gets nothing');

    const audit = await w.t.db.selectFrom('audit_log').select(['action', 'fields', 'purpose', 'metadata']).where('subject_type', '=', 'tracing_notification').where('subject_id', '=', tellId).execute();
    assert.equal(audit.length, 1, 'sending is recorded as a disclosure');
    assert.equal(audit[0]!.action, 'disclose');
    assert.deepEqual(audit[0]!.fields, ['confirmedMatch']);
    assert.equal(audit[0]!.purpose, 'family_tracing');
    assert.equal((await w.t.db.selectFrom('audit_log').select('id').where('subject_type', '=', 'tracing_notification').where('subject_id', '=', withheldId).execute()).length, 0);
  });

  test('the message goes out through the channel adapter, to her number only', async () => {
    await startWorker(w.t.db, { handlers: intakeJobHandlers({ db: w.t.db, key: w.t.app.secretKey }), poll: false }).drain();
    const sent = provider.requests.map((r) => new URLSearchParams(r.body)).filter((p) => (p.get('text') ?? '').includes('du nouveau'));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.get('to'), PHONE);
    assert.equal((await messagesFor(tellId))[0]!.status, 'sent');
  });

  test('retry: the job running again, or again after a crash before it recorded the outcome, still makes one message', async () => {
    assert.equal(await notifySide(w.t.db, w.t.app.secretKey, tellId), 'nothing_to_do');
    await enqueue(w.t.db, { queue: 'tracing.notify', crisisId: w.crisisId, payload: { notificationId: tellId }, dedupeKey: `retry:${tellId}` });
    await drainMatching(w);
    await w.t.db.updateTable('tracing_notifications').set({ message_status: 'pending', message_id: null, message_queued_at: null }).where('id', '=', tellId).execute();
    assert.equal(await notifySide(w.t.db, w.t.app.secretKey, tellId), 'queued');
    const messages = await messagesFor(tellId);
    assert.equal(messages.length, 1, 'one message per notification');
    const row = await w.t.db.selectFrom('tracing_notifications').select(['message_status', 'message_id']).where('id', '=', tellId).executeTakeFirstOrThrow();
    assert.deepEqual(row, { message_status: 'queued', message_id: messages[0]!.id });
  });

  test('withheld: a side without consent gets no message and no job, even if one is forced', async () => {
    assert.equal(await notifySide(w.t.db, w.t.app.secretKey, withheldId), 'nothing_to_do');
    assert.equal((await messagesFor(withheldId)).length, 0);
    const jobs = await w.t.db.selectFrom('jobs').select('payload').where('queue', '=', 'tracing.notify').execute();
    assert.ok(!jobs.some((j) => j.payload['notificationId'] === withheldId));
    assert.equal((await notificationsOf(safeId))[0]!.status, 'withheld');
  });

  test('no channel: a number that never wrote to the organisation, or no number, stays for the caseworker with a reason', async () => {
    const unknown = await confirmPair('Selam Gebremedhin', { author: { phone: '+249912999888', channel: 'hotline' }, ...consent('ar') }, { sex: 'male' });
    await drainMatching(w);
    const [unreached] = await notificationsOf(unknown.lookingFor);
    assert.equal(unreached!.status, 'to_contact');
    assert.equal(unreached!.messageStatus, 'no_channel');
    assert.equal(unreached!.reason, REASONS.noContact);
    assert.equal((await messagesFor(unreached!.id)).length, 0);

    const noPhone = await confirmPair('Hawa Adam', { author: { name: 'Khadija', channel: 'walk_in' }, ...consent('es') }, { sex: 'male' });
    await drainMatching(w);
    const [walkIn] = await notificationsOf(noPhone.lookingFor);
    assert.equal(walkIn!.messageStatus, 'no_channel');
    assert.equal(walkIn!.reason, REASONS.noPhone);
    // The caseworker still contacts them and records it.
    assert.equal((await as(w, w.caseworker)('POST', `/api/tracing-notifications/${walkIn!.id}/contacted`)).statusCode, 204);
  });

  test('a channel of another organisation does not reach the side (nothing is disclosed to it)', async () => {
    const other = await buildChannel(w.t, { crisisId: w.crisisId, organisationId: w.otherNgo, kind: 'external', settings: { sendUrl: `${provider.url}/send` } });
    const phone = '+249912777666';
    await storeInbound(w.t.db, channelInfo(other), [{ from: phone, text: 'hello', providerMessageId: 'tracing-notify-other' }], { key: w.t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
    const pair = await confirmPair('Yonas Tesfaye', { author: { phone, channel: 'sms' }, ...consent('en') }, { sex: 'male' });
    await drainMatching(w);
    const [n] = await notificationsOf(pair.lookingFor);
    assert.equal(n!.messageStatus, 'no_channel');
    assert.equal((await messagesFor(n!.id)).length, 0);
  });

  test('a consent withdrawn before the job runs: nothing is sent and the side becomes withheld', async () => {
    const phone = '+249912555444';
    const channel = await w.t.db.selectFrom('channels').select(['id', 'kind', 'crisis_id', 'address', 'settings']).where('organisation_id', '=', w.ngo).where('kind', '=', 'external').executeTakeFirstOrThrow();
    await storeInbound(w.t.db, channelInfo(channel), [{ from: phone, text: 'hola, necesitamos ayuda', providerMessageId: 'tracing-notify-withdrawn' }], { key: w.t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
    const pair = await confirmPair('Fatima Idris', { author: { phone, channel: 'sms' }, ...consent('es') }, { sex: 'male' });
    const author = await w.t.db.selectFrom('tracing_records').select('author_person_id').where('id', '=', pair.lookingFor).executeTakeFirstOrThrow();
    await w.t.db.updateTable('consent_records').set({ withdrawn_at: new Date() }).where('person_id', '=', author.author_person_id!).execute();
    await drainMatching(w);
    const [n] = await notificationsOf(pair.lookingFor);
    assert.equal(n!.status, 'withheld');
    assert.equal(n!.messageStatus, null);
    assert.equal((await messagesFor(n!.id)).length, 0);
  });

  test('in Arabic and Spanish too, from the consent language when no preference was given', async () => {
    const channel = await w.t.db.selectFrom('channels').select(['id', 'kind', 'crisis_id', 'address', 'settings']).where('organisation_id', '=', w.ngo).where('kind', '=', 'external').executeTakeFirstOrThrow();
    for (const [name, phone, language, expected] of [['Abdallah Musa', '+249912333111', 'ar', /^لايف لاين: هناك جديد/], ['Ibrahim Ali', '+249912333222', 'es', /^Lifeline: hay novedades/]] as const) {
      await storeInbound(w.t.db, channelInfo(channel), [{ from: phone, text: 'help', providerMessageId: `tracing-notify-${language}` }], { key: w.t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
      const pair = await confirmPair(name, { author: { phone, channel: 'sms' }, ...consent(language) }, { sex: 'male' });
      await drainMatching(w);
      const [n] = await notificationsOf(pair.lookingFor);
      assert.equal(n!.messageStatus, 'queued', `${name}: ${n!.reason}`);
      const [message] = await messagesFor(n!.id);
      assert.match(message!.text ?? '', expected);
      for (const part of name.split(' ')) assert.ok(!(message!.text ?? '').includes(part));
    }
  });

  test('a job that gives up leaves the side "failed" with a reason, not "pending" for ever', async () => {
    // The database refuses the outbound message (a trigger stands in for a failure the job cannot get past).
    await sql`create function refuse_tracing_news() returns trigger language plpgsql as $$ begin raise exception 'outbound store refused'; end $$`.execute(w.t.db);
    await sql`create trigger refuse_tracing_news before insert on messages for each row when (new.idempotency_key like 'tracing_news:%') execute function refuse_tracing_news()`.execute(w.t.db);
    try {
      const { lookingFor } = await confirmPair('Idris Kamal Osman', { author: { name: 'Amina Yousif', phone: PHONE, channel: 'sms' }, ...consent('en') });
      const [pending] = await notificationsOf(lookingFor);
      // Its last attempt: the queue gives up after this one.
      await w.t.db.updateTable('jobs').set({ max_attempts: 1 }).where('queue', '=', 'tracing.notify').where('dedupe_key', '=', `tracing.notify:${pending!.id}`).execute();
      await drainMatching(w);
      const [failed] = await notificationsOf(lookingFor);
      assert.equal(failed!.status, 'to_contact');
      assert.equal(failed!.messageStatus, 'failed');
      assert.equal(failed!.reason, REASONS.failed);
      assert.equal((await messagesFor(failed!.id)).length, 0, 'no message');
      const job = await w.t.db.selectFrom('jobs').select(['failed_at', 'last_error']).where('dedupe_key', '=', `tracing.notify:${failed!.id}`).executeTakeFirstOrThrow();
      assert.ok(job.failed_at, 'the job is kept, failed, for an operator');
      assert.match(job.last_error ?? '', /outbound store refused/);
      assert.equal(await markNotifyFailed(w.t.db, tellId), false, 'a side already settled keeps its outcome');
      const told = await w.t.db.selectFrom('tracing_notifications').select('message_status').where('id', '=', tellId).executeTakeFirstOrThrow();
      assert.equal(told.message_status, 'queued');
    } finally {
      await sql`drop trigger refuse_tracing_news on messages`.execute(w.t.db);
      await sql`drop function refuse_tracing_news()`.execute(w.t.db);
    }
  });

  test('bad input stays a 4xx and changes nothing', async () => {
    const cw = as(w, w.caseworker);
    assert.equal((await cw('GET', '/api/crises/not-a-uuid/tracing-notifications')).statusCode, 400);
    assert.equal((await cw('POST', '/api/tracing-notifications/not-a-uuid/contacted')).statusCode, 400);
    assert.equal((await cw('POST', `/api/tracing-notifications/${crypto.randomUUID()}/contacted`)).statusCode, 404);
    const res = await as(w, w.volunteer)('POST', `/api/tracing-candidates/${crypto.randomUUID()}/decision`, { decision: 'confirm', note: 'x', notify: true });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal((await messagesFor(tellId)).length, 1);
  });
});
