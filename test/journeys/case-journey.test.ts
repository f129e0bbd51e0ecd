/**
 * The whole path of a person's case through the real HTTP stack and job queue: an SOS arrives, is triaged, becomes a
 * case, is assessed, referred, accepted, completed and closed. The audit log shows each step, and the receiving
 * organisation sees only the minimum fields the service asked for.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { buildWorld, consentId, withAgreement, type World } from '../../src/features/data-protection/fixtures.test-support.ts';
import { importFiles } from '../../src/features/directory/directory.service.ts';
import { storeInbound } from '../../src/features/intake/pipeline.ts';
import { channelInfo } from '../../src/features/intake/replies.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildChannel } from '../intake/helpers.ts';

let w: World;
let receiver: SignedIn;
before(async () => {
  w = await buildWorld();
  receiver = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.partner, crisisId: w.crisisId, role: 'caseworker' }] }));
});
after(async () => w?.t.close());

test('SOS → triage → case → assessment → referral → accepted → completed → closed, audited at each step, minimum fields only', async () => {
  const { t } = w;
  const as = (who: SignedIn) => (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => t.request({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  const cw = as(w.caseworker);
  const rx = as(receiver);

  // 1. An SOS arrives and the triage job reads it.
  const channel = await buildChannel(t, { crisisId: w.crisisId, organisationId: w.ngo, kind: 'external' });
  const [sos] = await storeInbound(t.db, channelInfo(channel), [{ from: '+249912000777', text: 'We are 5 people, my sister is injured and we have nowhere to sleep tonight', providerMessageId: 'journey-1' }],
    { key: t.app.secretKey, defaultCountry: 'SD', referencePrefix: 'SD', addressIsPhone: true });
  await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();
  const triaged = await t.db.selectFrom('messages').select(['needs', 'urgency', 'triaged_at']).where('id', '=', sos!.messageId).executeTakeFirstOrThrow();
  assert.ok(triaged.triaged_at && triaged.needs.includes('medical'), JSON.stringify(triaged));

  // 2. It becomes a case; the person gives a name; the case is assessed.
  const opened = await cw('POST', `/api/messages/${sos!.messageId}/escalate`, { vulnerabilities: [{ code: 'injury' }], notifyPerson: true });
  assert.equal(opened.statusCode, 201, opened.body);
  const caseId = opened.json().id as string;
  const person = await cw('PUT', `/api/cases/${caseId}/person`, { channel: 'sms', givenName: 'Rahel', phone: '+249912000777', fearedStates: ['ER'] });
  assert.equal(person.statusCode, 201, person.body);
  const assessed = await cw('PATCH', `/api/cases/${caseId}`, { version: 1, needs: ['medical', 'shelter'], riskLevel: 'high', vulnerabilities: [{ code: 'injury' }, { code: 'no_shelter' }] });
  assert.equal(assessed.statusCode, 200, assessed.body);
  assert.ok(assessed.json().priority > opened.json().priority);

  // 3. Referred to a shelter that asks for reference, needs and the given name only.
  const provider = randomUUID();
  const service = randomUUID();
  await importFiles(t.db, new Map([
    ['organizations.csv', `id,name,description\n${provider},Shelter NGO,Shelter\n`],
    ['services.csv', `id,organization_id,name,status,lifeline_kind,lifeline_needs,lifeline_accepts_referrals,lifeline_referral_fields\n${service},${provider},Family shelter,active,shelter,shelter,true,reference;needs;givenName\n`],
  ]), 'system');
  await t.db.updateTable('directory_organizations').set({ lifeline_organisation_id: w.partner }).where('id', '=', provider).execute();
  await withAgreement(w, w.partner, ['referral']);
  await consentId(w, person.json().personId, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
  const referral = await cw('POST', `/api/cases/${caseId}/referrals`, { serviceId: service });
  assert.equal(referral.statusCode, 201, referral.body);
  const referralId = referral.json().id as string;

  // 4. The receiver sees only the minimum fields, accepts and completes.
  const inbox = (await rx('GET', '/api/referrals?direction=incoming')).json().items.find((r: { id: string }) => r.id === referralId);
  assert.deepEqual(Object.keys(inbox.payload).sort(), ['givenName', 'needs', 'reference']);
  assert.ok(!JSON.stringify(inbox).includes('+249912000777') && !JSON.stringify(inbox).includes('"ER"'));
  assert.equal((await rx('GET', `/api/cases/${caseId}`)).statusCode, 404, 'the receiver cannot open the case itself');
  assert.equal((await rx('POST', `/api/referrals/${referralId}/accept`, {})).json().status, 'accepted');
  assert.equal((await rx('POST', `/api/referrals/${referralId}/complete`, { feedback: 'Family placed in the shelter' })).json().status, 'completed');

  // 5. Closed with an outcome.
  const current = (await cw('GET', `/api/cases/${caseId}`)).json();
  const closed = await cw('PATCH', `/api/cases/${caseId}`, { version: current.version, status: 'closed', outcome: 'Sheltered; medical care arranged' });
  assert.equal(closed.statusCode, 200, closed.body);

  // The audit log shows each step.
  const log = await t.db.selectFrom('audit_log').select(['action', 'subject_type', 'subject_id', 'metadata']).where((eb) => eb.or([eb('subject_id', '=', caseId), eb('subject_id', '=', referralId), eb('subject_id', '=', person.json().personId)])).orderBy('id').execute();
  const steps = log.map((e) => `${e.action}:${e.subject_type}${e.subject_type === 'referral' && e.action === 'update' ? `:${(e.metadata as { status?: string }).status}` : ''}`);
  for (const step of ['create:case', 'create:person', 'update:case', 'share:referral', 'update:referral:accepted', 'update:referral:completed', 'view:case']) assert.ok(steps.includes(step), `${step} in ${steps.join(', ')}`);
  assert.ok(steps.lastIndexOf('update:case') > steps.indexOf('update:referral:completed'), 'the case closed after the referral completed');
  // The person heard back (they agreed): one message per answer, naming no service.
  const replies = await t.db.selectFrom('jobs').select('payload').where('queue', '=', 'intake.reply').execute();
  assert.ok(replies.some((j) => j.payload['template'] === 'referral_accepted') && replies.some((j) => j.payload['template'] === 'referral_completed'));

  // And the crisis's cases export (pseudonymous) lists it, closed.
  const csv = await cw('GET', `/api/crises/${w.crisisId}/cases.csv`);
  assert.equal(csv.statusCode, 200);
  const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
  const mine = rows.find((r) => r['reference'] === current.reference);
  assert.equal(mine?.['status'], 'closed');
  assert.ok(!csv.body.includes('Rahel'), 'no names without export:personal');
  assert.equal((await cw('GET', `/api/crises/${w.crisisId}/cases.csv?identity=true`)).statusCode, 403);
});
