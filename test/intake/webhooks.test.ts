import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startWorker } from '../../src/jobs/queue.ts';
import { intakeJobHandlers } from '../../src/features/intake/replies.ts';
import { buildOrganisation } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel, type FakeProvider, startFakeProvider, TWILIO_TOKEN, twilioRequest } from './helpers.ts';

let t: TestApp;
let crisisId: string;
let orgId: string;
let twilio: { id: string };
let provider: FakeProvider;

before(async () => {
  t = await startTestApp();
  provider = await startFakeProvider();
  crisisId = (await buildCrisis(t.db, { affectedCountries: ['SD'] })).id;
  orgId = (await buildOrganisation(t)).id;
  twilio = await buildChannel(t, { crisisId, orgId, organisationId: orgId, kind: 'twilio', secrets: { authToken: TWILIO_TOKEN, accountSid: 'AC123' }, settings: { apiBaseUrl: provider.url }, sendPerSecond: 1000 } as never);
});
after(async () => {
  await provider?.close();
  await t?.close();
});

const count = async (table: 'messages' | 'contacts' | 'conversations' | 'jobs', where?: (q: any) => any): Promise<number> => {
  let q: any = t.db.selectFrom(table).select((eb: any) => eb.fn.countAll().as('n'));
  if (where) q = where(q);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

let sid = 0;
const nextSid = (): string => `SM${Date.now()}${(sid += 1)}`;

describe('Twilio webhook', () => {
  test('a signed SMS is stored once with its contact, conversation and jobs; the gateway gets TwiML', async () => {
    const before = await count('messages');
    const params = { MessageSid: nextSid(), From: '+249912345678', To: '+249900000000', Body: 'We are 12 people trapped near the bridge in Bahri, 3 children', NumMedia: '0' };
    const res = await t.request(twilioRequest(twilio.id, params));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /xml/);
    assert.match(res.body, /<Response>/);
    assert.equal(await count('messages'), before + 1);
    const message = await t.db.selectFrom('messages').selectAll().where('provider_message_id', '=', params.MessageSid).executeTakeFirstOrThrow();
    assert.equal(message.text, params.Body);
    const contact = await t.db.selectFrom('contacts').selectAll().where('id', '=', message.contact_id!).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(contact).includes('912345678'), 'the number is not stored in clear');
    const conversation = await t.db.selectFrom('conversations').select('reference').where('id', '=', message.conversation_id!).executeTakeFirstOrThrow();
    assert.match(conversation.reference, /^SD-[2-9A-Z]{6}$/);
    const jobs = await t.db.selectFrom('jobs').select(['queue', 'payload']).where('crisis_id', '=', crisisId).execute();
    assert.ok(jobs.some((j) => j.queue === 'triage.classify' && j.payload['messageId'] === message.id));
    assert.ok(jobs.some((j) => j.queue === 'intake.reply'));
    assert.ok(!JSON.stringify(jobs).includes('trapped'), 'jobs carry ids, not message text');
  });

  test('a retried webhook, even with a changed body, stores nothing new and answers the same', async () => {
    const params = { MessageSid: nextSid(), From: '+249912345679', To: '+249900000000', Body: 'first version' };
    assert.equal((await t.request(twilioRequest(twilio.id, params))).statusCode, 200);
    const before = await count('messages');
    const retry = await t.request(twilioRequest(twilio.id, params));
    const changed = await t.request(twilioRequest(twilio.id, { ...params, Body: 'changed on replay' }));
    assert.equal(retry.statusCode, 200);
    assert.equal(changed.statusCode, 200);
    assert.equal(await count('messages'), before);
    const stored = await t.db.selectFrom('messages').select('text').where('provider_message_id', '=', params.MessageSid).executeTakeFirstOrThrow();
    assert.equal(stored.text, 'first version');
  });

  test('forged, missing or wrongly-keyed signatures are 401 and store nothing', async () => {
    const before = await count('messages');
    const params = { MessageSid: nextSid(), From: '+249912345670', Body: 'forged' };
    const forged = twilioRequest(twilio.id, params, 'not-the-token');
    assert.equal((await t.request(forged)).statusCode, 401);
    const missing = twilioRequest(twilio.id, params);
    delete (missing.headers as Record<string, string>)['x-twilio-signature'];
    const res = await t.request(missing);
    assert.equal(res.statusCode, 401);
    assert.match(res.json().error.message, /X-Twilio-Signature/);
    const tampered = twilioRequest(twilio.id, params);
    tampered.payload = new URLSearchParams({ ...params, Body: 'tampered' }).toString();
    assert.equal((await t.request(tampered)).statusCode, 401);
    assert.equal(await count('messages'), before);
  });

  test('an unknown or disabled channel is 404', async () => {
    const params = { MessageSid: nextSid(), From: '+249912345671', Body: 'hello' };
    assert.equal((await t.request(twilioRequest('00000000-0000-4000-8000-000000000000', params))).statusCode, 404);
    const disabled = await buildChannel(t, { crisisId, organisationId: orgId, kind: 'twilio', secrets: { authToken: TWILIO_TOKEN } });
    await t.db.updateTable('channels').set({ is_active: false }).where('id', '=', disabled.id).execute();
    assert.equal((await t.request(twilioRequest(disabled.id, params))).statusCode, 404);
  });

  test('numbers in every format are one contact', async () => {
    const forms = ['+249 91 234 5600', '00249912345600', '0912345600', '+249-912-345-600'];
    for (const from of forms) await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: from, Body: `same person, written ${from}` }));
    const contacts = await t.db.selectFrom('messages').select('contact_id').distinct().where('text', 'like', 'same person, written%').execute();
    assert.equal(contacts.length, 1);
  });

  test('bad messages: oversized, empty and unreadable numbers are 400; emoji-only and injection text are stored as sent', async () => {
    const before = await count('messages');
    const long = await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: '+249912345672', Body: 'x'.repeat(4001) }));
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().error.details[0].field, 'text');
    const empty = await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: '+249912345672', Body: ' \u0000 ' }));
    assert.equal(empty.statusCode, 400);
    const badNumber = await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: 'not-a-number', Body: 'hi' }));
    assert.equal(badNumber.statusCode, 400);
    assert.equal(badNumber.json().error.details[0].field, 'from');
    assert.equal(await count('messages'), before);
    const emojiSid = nextSid();
    assert.equal((await t.request(twilioRequest(twilio.id, { MessageSid: emojiSid, From: '+249912345672', Body: '🆘🆘' }))).statusCode, 200);
    const injectionSid = nextSid();
    const injection = "'); drop table messages; -- <script>alert(1)</script>";
    assert.equal((await t.request(twilioRequest(twilio.id, { MessageSid: injectionSid, From: '+249912345672', Body: injection }))).statusCode, 200);
    const rows = await t.db.selectFrom('messages').select(['provider_message_id', 'text']).where('provider_message_id', 'in', [emojiSid, injectionSid]).execute();
    assert.deepEqual(rows.map((r) => r.text).sort(), ['🆘🆘', injection].sort());
  });

  test('invalid UTF-8 in the form is a 400, not silently replaced', async () => {
    const before = await count('messages');
    const req = twilioRequest(twilio.id, { MessageSid: nextSid(), From: '+249912345673', Body: 'ok' });
    req.payload = req.payload.replace('Body=ok', 'Body=%C3%28');
    const res = await t.request(req);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].rule, 'utf8');
    assert.equal(await count('messages'), before);
  });

  test('STOP opts the sender out and queues a confirmation', async () => {
    const from = '+249912345674';
    await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: from, Body: 'help please' }));
    await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: from, Body: 'توقف' }));
    const message = await t.db.selectFrom('messages').select(['contact_id', 'id']).where('text', '=', 'توقف').executeTakeFirstOrThrow();
    const contact = await t.db.selectFrom('contacts').select('opted_out_at').where('id', '=', message.contact_id!).executeTakeFirstOrThrow();
    assert.ok(contact.opted_out_at);
    const job = await t.db.selectFrom('jobs').select('payload').where('dedupe_key', '=', `optout:${message.id}`).executeTakeFirst();
    assert.equal(job?.payload['template'], 'opted_out');
  });

  test('a flood from one sender is kept whole, but only the first messages go to triage', async () => {
    const from = '+249912345675';
    for (let i = 0; i < 35; i += 1) await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: from, Body: `flood ${i}` }));
    const stored = await t.db.selectFrom('messages').select(['id', 'metadata']).where('text', 'like', 'flood %').execute();
    assert.equal(stored.length, 35);
    const throttled = stored.filter((m) => m.metadata['throttled'] === true).length;
    assert.equal(throttled, 5);
  });
});

describe('replies go out through the provider, within limits', () => {
  test('the acknowledgement is sent once per conversation, in the sender\'s language, and delivery receipts are stored', async () => {
    provider.requests.length = 0;
    const from = '+249912345676';
    await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: from, Body: 'نحن محاصرون في أم درمان' }));
    await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: from, Body: 'الرجاء المساعدة' }));
    const worker = startWorker(t.db, { handlers: intakeJobHandlers({ db: t.db, key: t.app.secretKey }), poll: false });
    await worker.drain();
    const toThisSender = provider.requests.filter((r) => new URLSearchParams(r.body).get('To') === from);
    assert.equal(toThisSender.length, 1, 'one acknowledgement for the conversation');
    const body = new URLSearchParams(toThisSender[0]!.body).get('Body') ?? '';
    assert.match(body, /لايف لاين/);
    assert.match(body, /SD-[2-9A-Z]{6}/);
    const out = await t.db.selectFrom('messages').select(['id', 'status', 'provider_message_id']).where('direction', '=', 'out').where('text', '=', body).executeTakeFirstOrThrow();
    assert.equal(out.status, 'sent');
    const receipt = await t.request(twilioRequest(twilio.id, { MessageSid: out.provider_message_id!, MessageStatus: 'delivered' }));
    assert.equal(receipt.statusCode, 200);
    const events = await t.db.selectFrom('message_status_events').select('status').where('message_id', '=', out.id).execute();
    assert.deepEqual(events.map((e) => e.status), ['delivered']);
    assert.equal((await t.db.selectFrom('messages').select('status').where('id', '=', out.id).executeTakeFirstOrThrow()).status, 'delivered');
  });

  test('a provider 429 with Retry-After delays the message without failing it', async () => {
    const worker = startWorker(t.db, { handlers: intakeJobHandlers({ db: t.db, key: t.app.secretKey }), poll: false });
    await worker.drain(); // anything left from earlier tests
    await t.request(twilioRequest(twilio.id, { MessageSid: nextSid(), From: '+249912345677', Body: 'need water' }));
    provider.script.push({ status: 429, headers: { 'retry-after': '120' } });
    const sentBefore = provider.requests.length;
    await worker.drain();
    assert.equal(provider.requests.length, sentBefore + 1, 'one attempt reached the provider');
    const pending = await t.db.selectFrom('jobs').select(['run_at', 'attempts', 'failed_at', 'payload']).where('queue', '=', 'intake.dispatch').execute();
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.failed_at, null);
    assert.equal(pending[0]!.attempts, 0, 'a provider asking to wait does not use up an attempt');
    assert.ok(pending[0]!.run_at.getTime() > Date.now() + 100_000, "retried after the provider's Retry-After");
    const message = await t.db.selectFrom('messages').select('status').where('id', '=', String(pending[0]!.payload['messageId'])).executeTakeFirstOrThrow();
    assert.equal(message.status, 'queued');
  });
});

describe('WhatsApp, Telegram and external gateways', () => {
  test('WhatsApp: the handshake, a signed message, a forged one', async () => {
    const channel = await buildChannel(t, { crisisId, organisationId: orgId, kind: 'whatsapp', secrets: { appSecret: 'meta-app-secret-1', verifyToken: 'verify-me-please' } });
    const ok = await t.request({ method: 'GET', url: `/webhooks/whatsapp/${channel.id}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=12345` });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.body, '12345');
    assert.equal((await t.request({ method: 'GET', url: `/webhooks/whatsapp/${channel.id}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1` })).statusCode, 403);
    const payload = JSON.stringify({ entry: [{ changes: [{ value: { messages: [{ from: '251911223344', id: 'wamid.ABC', timestamp: '1795500000', type: 'text', text: { body: 'Tenemos heridos, necesitamos un médico' } }] } }] }] });
    const signature = `sha256=${createHmac('sha256', 'meta-app-secret-1').update(payload).digest('hex')}`;
    const res = await t.request({ method: 'POST', url: `/webhooks/whatsapp/${channel.id}`, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, payload });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().received, 1);
    const forged = await t.request({ method: 'POST', url: `/webhooks/whatsapp/${channel.id}`, headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' }, payload });
    assert.equal(forged.statusCode, 401);
    assert.equal(await count('messages', (q) => q.where('provider_message_id', '=', 'wamid.ABC')), 1);
  });

  test('Telegram: the secret token header', async () => {
    const channel = await buildChannel(t, { crisisId, organisationId: orgId, kind: 'telegram', secrets: { secretToken: 'telegram-secret-1', botToken: 'bot-token-123' } });
    const update = { update_id: 9001, message: { message_id: 7, date: 1795500000, chat: { id: 5550001 }, from: { language_code: 'fr' }, text: "Nous sommes bloqués à Adré, besoin d'eau" } };
    const res = await t.request({ method: 'POST', url: `/webhooks/telegram/${channel.id}`, headers: { 'x-telegram-bot-api-secret-token': 'telegram-secret-1' }, payload: update });
    assert.equal(res.statusCode, 200, res.body);
    const wrong = await t.request({ method: 'POST', url: `/webhooks/telegram/${channel.id}`, headers: { 'x-telegram-bot-api-secret-token': 'nope-nope-nope' }, payload: { ...update, update_id: 9002 } });
    assert.equal(wrong.statusCode, 401);
    const stored = await t.db.selectFrom('messages').innerJoin('contacts', 'contacts.id', 'messages.contact_id').select(['contacts.language']).where('messages.provider_message_id', '=', '5550001:7').executeTakeFirstOrThrow();
    assert.equal(stored.language, 'fr');
  });

  test('external gateway without message ids: the same text from the same sender within minutes is stored once', async () => {
    const channel = await buildChannel(t, { crisisId, organisationId: orgId, kind: 'external', secrets: { secretToken: 'gateway-shared-secret' }, settings: { sendUrl: `${provider.url}/send` } });
    const send = (text: string) => t.request({ method: 'POST', url: `/webhooks/external/${channel.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-lifeline-secret': 'gateway-shared-secret' }, payload: new URLSearchParams({ from: '+23566112233', text }).toString() });
    assert.equal((await send('Besoin de nourriture à Adré')).json().duplicates, 0);
    assert.equal((await send('Besoin de nourriture à Adré')).json().duplicates, 1);
    assert.equal((await send('Et de l\'eau aussi')).json().duplicates, 0);
    const rows = await t.db.selectFrom('messages').select(['conversation_id']).where('channel_id', '=', channel.id).execute();
    assert.equal(rows.length, 2);
    assert.equal(new Set(rows.map((r) => r.conversation_id)).size, 1, 'consecutive messages join one conversation');
    const noSecret = await t.request({ method: 'POST', url: `/webhooks/external/${channel.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'from=%2B23566112233&text=x' });
    assert.equal(noSecret.statusCode, 401);
  });
});

describe('outage behaviour', () => {
  test('when the database is down the webhook answers 503, so the gateway keeps the message and retries', async () => {
    const { buildApp } = await import('../../src/server.ts');
    const { openDatabase } = await import('../../src/db/client.ts');
    const dead = await openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    const app = await buildApp({ config: t.config, database: dead, logger: false });
    try {
      const res = await app.inject(twilioRequest(twilio.id, { MessageSid: nextSid(), From: '+249912345678', Body: 'help' }));
      assert.equal(res.statusCode, 503);
      assert.ok(res.headers['retry-after']);
    } finally {
      await app.close();
      await dead.close();
    }
  });
});

describe("Africa's Talking and Vonage", () => {
  test("Africa's Talking: the callback secret, an SMS, a delivery report", async () => {
    const { buildChannel: build } = await import('./helpers.ts');
    const channel = await build(t, { crisisId, organisationId: orgId, kind: 'africas_talking', secrets: { callbackSecret: 'at-callback-secret' } });
    const form = new URLSearchParams({ from: '+254712000111', to: '22384', text: 'Tuko watu 9 Khartoum, tunahitaji maji', id: 'ATXid_1', date: '2026-11-24 10:00:00' }).toString();
    const ok = await t.request({ method: 'POST', url: `/webhooks/africas_talking/${channel.id}?secret=at-callback-secret`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().received, 1);
    const wrong = await t.request({ method: 'POST', url: `/webhooks/africas_talking/${channel.id}?secret=guess`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    assert.equal(wrong.statusCode, 401);
    const report = await t.request({ method: 'POST', url: `/webhooks/africas_talking/${channel.id}?secret=at-callback-secret`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'id=unknown-id&status=Success' });
    assert.equal(report.statusCode, 200);
    assert.equal(report.json().statuses, 0, 'a receipt for a message we never sent matches nothing');
  });

  test('Vonage: a signed inbound SMS; a bad signature is refused', async () => {
    const { buildChannel: build } = await import('./helpers.ts');
    const { vonageSignature } = await import('../../src/features/intake/adapters/vonage.ts');
    const channel = await build(t, { crisisId, organisationId: orgId, kind: 'vonage', secrets: { signatureSecret: 'vonage-signature-secret' } });
    const values: Record<string, string> = { msisdn: '963944000111', to: '4470000000', messageId: '0A0000001', text: 'نحتاج إلى إخلاء من المبنى', type: 'unicode', timestamp: String(Math.floor(Date.now() / 1000)) };
    const sig = vonageSignature('vonage-signature-secret', values);
    const ok = await t.request({ method: 'POST', url: `/webhooks/vonage/${channel.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...values, sig }).toString() });
    assert.equal(ok.statusCode, 200, ok.body);
    const bad = await t.request({ method: 'POST', url: `/webhooks/vonage/${channel.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...values, messageId: '0A0000002', sig: 'ff'.repeat(32) }).toString() });
    assert.equal(bad.statusCode, 401);
    const stale = { ...values, messageId: '0A0000003', timestamp: String(Math.floor(Date.now() / 1000) - 3600) };
    const old = await t.request({ method: 'POST', url: `/webhooks/vonage/${channel.id}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...stale, sig: vonageSignature('vonage-signature-secret', stale) }).toString() });
    assert.equal(old.statusCode, 401, 'an old signed request cannot be replayed');
  });
});
