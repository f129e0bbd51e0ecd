import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertMayShare, decideShare } from '../../src/features/data-protection/sharing.service.ts';
import { runRetention } from '../../src/features/data-protection/retention.service.ts';
import { retentionTargets } from '../../src/features/retention-targets.ts';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let crisisId: string;
let ngo: string;
let partner: string;
let otherNgo: string;
let caseworker: SignedIn;
let analyst: SignedIn;
let dpo: SignedIn;
const actor = { userId: null, label: 'test' };

before(async () => {
  t = await startTestApp();
  crisisId = (await buildCrisis(t.db)).id;
  ngo = (await buildOrganisation(t)).id;
  partner = (await buildOrganisation(t)).id;
  otherNgo = (await buildOrganisation(t)).id;
  caseworker = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo, crisisId, role: 'caseworker' }] }));
  analyst = await signIn(t, await buildUser(t, { twoFactor: false, memberships: [{ organisationId: ngo, crisisId, role: 'analyst' }] }));
  dpo = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo, role: 'data_protection_officer' }] }));
});
after(async () => t?.close());

const count = async (table: 'people' | 'consent_records' | 'authority_requests'): Promise<number> =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

async function createPerson(body: Record<string, unknown>, headers = caseworker.headers) {
  return t.request({ method: 'POST', url: `/api/crises/${crisisId}/people`, headers, payload: { organisationId: ngo, purpose: 'emergency_assistance', legalBasis: 'vital_interest', channel: 'hotline', ...body } });
}

describe('personal records need a purpose and a legal basis', () => {
  for (const [name, body, field] of [
    ['no purpose', { purpose: undefined }, 'purpose'],
    ['no legal basis', { legalBasis: undefined }, 'legalBasis'],
    ['an unregistered purpose', { purpose: 'immigration_control' }, 'purpose'],
    ['an unknown legal basis', { legalBasis: 'because' }, 'legalBasis'],
    ['an immigration-status field', { immigrationStatus: 'irregular' }, 'immigrationStatus'],
    ['a bad phone number', { phone: '0912 345' }, 'phone'],
  ] as const) {
    test(`${name} is refused and nothing is stored`, async () => {
      const before = await count('people');
      const res = await createPerson(body as Record<string, unknown>);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), res.body);
      assert.equal(await count('people'), before);
    });
  }

  test('a complete record gets sensitivity and a retention date from the registry; nationality is optional', async () => {
    const res = await createPerson({ givenName: 'Meron', phone: '+249912345678' });
    assert.equal(res.statusCode, 201, res.body);
    const person = res.json();
    assert.equal(person.sensitivity, 'confidential');
    assert.match(person.retentionUntil, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(person.nationality, null);
  });
});

describe('reading a person: masks, scope and audit', () => {
  test('an analyst gets no name or phone; a caseworker does; both views are audited with the fields shown', async () => {
    const id = (await createPerson({ givenName: 'Selam', familyName: 'Tesfaye', phone: '+249911111111' })).json().id;
    const byAnalyst = (await t.request({ method: 'GET', url: `/api/people/${id}`, headers: analyst.headers })).json();
    assert.equal(byAnalyst.givenName, undefined);
    assert.equal(byAnalyst.phone, undefined);
    assert.doesNotMatch(JSON.stringify(byAnalyst), /Selam|249911111111/);
    const byCaseworker = (await t.request({ method: 'GET', url: `/api/people/${id}`, headers: caseworker.headers })).json();
    assert.equal(byCaseworker.givenName, 'Selam');
    const views = await t.db.selectFrom('audit_log').select(['fields']).where('person_id', '=', id).where('action', '=', 'view').orderBy('id').execute();
    assert.equal(views.length, 2);
    assert.deepEqual(views[0]!.fields, []);
    assert.ok(views[1]!.fields.includes('phone'));
  });

  test('someone from another organisation gets 404', async () => {
    const id = (await createPerson({ givenName: 'Hidden' })).json().id;
    const outsider = await signIn(t, await buildUser(t, { memberships: [{ organisationId: otherNgo, crisisId, role: 'caseworker' }] }));
    assert.equal((await t.request({ method: 'GET', url: `/api/people/${id}`, headers: outsider.headers })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/people/${id}/consents`, headers: outsider.headers })).statusCode, 404);
    const consent = await t.request({ method: 'POST', url: `/api/people/${id}/consents`, headers: outsider.headers, payload: { purposes: ['referral'], language: 'ar', method: 'verbal', noticeVersion: 'v1' } });
    assert.equal(consent.statusCode, 404);
  });

  test('SQL and script in names are stored as text', async () => {
    const name = "x'); drop table people; -- <script>alert(1)</script>";
    const id = (await createPerson({ givenName: name })).json().id;
    assert.equal((await t.request({ method: 'GET', url: `/api/people/${id}`, headers: caseworker.headers })).json().givenName, name);
  });
});

describe('assertMayShare: the one gate before any referral, transfer or disclosure', () => {
  let personId: string;
  let consentId: string;
  let consulateEt: string;
  let consulatePh: string;
  before(async () => {
    personId = (await createPerson({ givenName: 'Abebe', nationality: 'ET', fearedStates: ['ER'], legalBasis: 'consent', purpose: 'case_management' })).json().id;
    consulateEt = (await buildOrganisation(t, { type: 'consulate', representsCountry: 'ET' })).id;
    consulatePh = (await buildOrganisation(t, { type: 'consulate', representsCountry: 'ER' })).id;
    const admin = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo, role: 'administrator' }] }));
    const agreement = await t.request({ method: 'POST', url: `/api/organisations/${ngo}/sharing-agreements`, headers: admin.headers, payload: { partnerOrganisationId: partner, reference: 'DSA-2026-001', purposes: ['referral', 'emergency_assistance'], validFrom: '2026-01-01' } });
    assert.equal(agreement.statusCode, 201, agreement.body);
  });

  test('no consent yet: refused, and the refusal is audited', async () => {
    await assert.rejects(assertMayShare(t.db, { personId, recipientOrganisationId: partner, purpose: 'referral', actor }), /Sharing refused: The person has not agreed/);
    const refused = await t.db.selectFrom('audit_log').select(['metadata']).where('action', '=', 'share_refused').where('person_id', '=', personId).execute();
    assert.equal(refused.length, 1);
  });

  test('consent naming the recipient type allows it; withdrawal refuses at once', async () => {
    const res = await t.request({ method: 'POST', url: `/api/people/${personId}/consents`, headers: caseworker.headers, payload: { purposes: ['referral'], recipientOrganisationTypes: ['ngo'], language: 'am', method: 'verbal', noticeVersion: 'notice-2026-10' } });
    assert.equal(res.statusCode, 201, res.body);
    consentId = res.json().id;
    assert.equal((await assertMayShare(t.db, { personId, recipientOrganisationId: partner, purpose: 'referral', actor })).basis, 'consent');
    const withdraw = await t.request({ method: 'POST', url: `/api/people/${personId}/consents/${consentId}/withdraw`, headers: caseworker.headers, payload: { method: 'verbal' } });
    assert.equal(withdraw.statusCode, 200);
    const decision = await decideShare(t.db, { personId, recipientOrganisationId: partner, purpose: 'referral' });
    assert.equal(decision.allowed, false);
    const again = await t.request({ method: 'POST', url: `/api/people/${personId}/consents/${consentId}/withdraw`, headers: caseworker.headers, payload: { method: 'verbal' } });
    assert.equal(again.statusCode, 409);
  });

  test('no data-sharing agreement: refused even with consent', async () => {
    await t.request({ method: 'POST', url: `/api/people/${personId}/consents`, headers: caseworker.headers, payload: { purposes: ['referral'], recipientOrganisationIds: [otherNgo], language: 'am', method: 'verbal', noticeVersion: 'v1' } });
    const decision = await decideShare(t.db, { personId, recipientOrganisationId: otherNgo, purpose: 'referral' });
    assert.deepEqual(decision.allowed ? null : decision.rule, 'agreement');
  });

  test("a consulate of a state the person fears never receives data, even with consent", async () => {
    await t.request({ method: 'POST', url: `/api/people/${personId}/consents`, headers: caseworker.headers, payload: { purposes: ['consular_assistance'], recipientOrganisationIds: [consulatePh], language: 'am', method: 'signature', noticeVersion: 'v1' } });
    const decision = await decideShare(t.db, { personId, recipientOrganisationId: consulatePh, purpose: 'consular_assistance' });
    assert.deepEqual(decision.allowed ? null : decision.rule, 'feared_state');
  });

  test('consular contact needs consent naming that consulate; then it is allowed', async () => {
    const without = await decideShare(t.db, { personId, recipientOrganisationId: consulateEt, purpose: 'consular_assistance' });
    assert.deepEqual(without.allowed ? null : without.rule, 'consular_opt_in');
    await t.request({ method: 'POST', url: `/api/people/${personId}/consents`, headers: caseworker.headers, payload: { purposes: ['consular_assistance'], recipientOrganisationTypes: ['consulate'], language: 'am', method: 'verbal', noticeVersion: 'v1' } });
    const byType = await decideShare(t.db, { personId, recipientOrganisationId: consulateEt, purpose: 'consular_assistance' });
    assert.equal(byType.allowed, false, 'consent to "consulates" in general is not enough');
    await t.request({ method: 'POST', url: `/api/people/${personId}/consents`, headers: caseworker.headers, payload: { purposes: ['consular_assistance'], recipientOrganisationIds: [consulateEt], language: 'am', method: 'verbal', noticeVersion: 'v1' } });
    assert.equal((await decideShare(t.db, { personId, recipientOrganisationId: consulateEt, purpose: 'consular_assistance' })).allowed, true);
  });

  test('an unknown or deactivated recipient is refused', async () => {
    const unknown = await decideShare(t.db, { personId, recipientOrganisationId: '00000000-0000-4000-8000-000000000000', purpose: 'referral' });
    assert.deepEqual(unknown.allowed ? null : unknown.rule, 'recipient');
    await t.db.updateTable('organisations').set({ is_active: false }).where('id', '=', partner).execute();
    const inactive = await decideShare(t.db, { personId, recipientOrganisationId: partner, purpose: 'referral' });
    assert.deepEqual(inactive.allowed ? null : inactive.rule, 'recipient');
    await t.db.updateTable('organisations').set({ is_active: true }).where('id', '=', partner).execute();
  });

  test('vital interest allows life-saving sharing without consent, but only for emergency help', async () => {
    const urgent = (await createPerson({ givenName: 'Trapped', legalBasis: 'vital_interest' })).json().id;
    assert.equal((await decideShare(t.db, { personId: urgent, recipientOrganisationId: partner, purpose: 'emergency_assistance' })).allowed, true);
    assert.equal((await decideShare(t.db, { personId: urgent, recipientOrganisationId: partner, purpose: 'referral' })).allowed, false);
  });

  test('assertMayShare refuses to run inside a transaction, where its refusal would be rolled back', async () => {
    await assert.rejects(t.db.transaction().execute((trx) => assertMayShare(trx as never, { personId, recipientOrganisationId: partner, purpose: 'referral', actor })), /outside a transaction/);
  });
});

describe('retention', () => {
  test('a dry run changes nothing; a run anonymises what is due and records itself', async () => {
    const id = (await createPerson({ givenName: 'Old Record', phone: '+249922222222' })).json().id;
    await t.db.updateTable('people').set({ retention_until: '2020-01-01' }).where('id', '=', id).execute();
    const dry = await runRetention(t.db, retentionTargets, { dryRun: true });
    assert.ok((dry.results['people']?.['person_emergency_365d'] ?? 0) >= 1);
    assert.equal((await t.db.selectFrom('people').select('given_name').where('id', '=', id).executeTakeFirstOrThrow()).given_name, 'Old Record');
    const runsBefore = (await t.db.selectFrom('retention_runs').select('id').execute()).length;
    const real = await runRetention(t.db, retentionTargets, { dryRun: false, triggeredBy: 'test' });
    assert.ok(real.total >= 1);
    const row = await t.db.selectFrom('people').select(['given_name', 'phone_e164', 'anonymised_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.given_name, null);
    assert.equal(row.phone_e164, null);
    assert.ok(row.anonymised_at);
    assert.equal((await t.db.selectFrom('retention_runs').select('id').execute()).length, runsBefore + 1);
    assert.ok((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'retention_run').execute()).length >= 1);
  });
});

describe('authority requests and the transparency figure', () => {
  test('a request is refused by default, routed to the data protection officer and counted in public', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/authority-requests',
      headers: caseworker.headers,
      payload: { organisationId: ngo, crisisId, receivedAt: '2026-11-20T09:30:00Z', authorityKind: 'immigration', authorityName: 'Directorate of Immigration', scopeDescription: 'List of all Eritrean nationals who called the hotline' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'refused');
    assert.equal((await t.request({ method: 'GET', url: '/api/authority-requests', headers: caseworker.headers })).statusCode, 403);
    const queue = (await t.request({ method: 'GET', url: '/api/authority-requests', headers: dpo.headers })).json();
    assert.ok(queue.items.some((r: { id: string }) => r.id === res.json().id));
    const disclose = await t.request({ method: 'POST', url: `/api/authority-requests/${res.json().id}/decision`, headers: dpo.headers, payload: { status: 'disclosed_under_court_order', note: 'They insisted very strongly' } });
    assert.equal(disclose.statusCode, 400, 'no disclosure to immigration without a court order');
    const publicFigure = await t.request({ method: 'GET', url: '/api/transparency' });
    assert.equal(publicFigure.statusCode, 200);
    const row = publicFigure.json().authorityRequests.find((r: { authorityKind: string }) => r.authorityKind === 'immigration');
    assert.equal(row.outcome, 'refused');
    assert.ok(row.count >= 1);
    assert.doesNotMatch(publicFigure.body, /Eritrean|Directorate/);
  });

  test('bad input is refused and stores nothing', async () => {
    const before = await count('authority_requests');
    const res = await t.request({ method: 'POST', url: '/api/authority-requests', headers: caseworker.headers, payload: { organisationId: ngo, receivedAt: 'yesterday', authorityKind: 'mafia', authorityName: '', scopeDescription: 'x' } });
    assert.equal(res.statusCode, 400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('receivedAt') && fields.includes('authorityKind') && fields.includes('authorityName'));
    assert.equal(await count('authority_requests'), before);
  });
});

describe('data subject requests', () => {
  test('tracked with a 30-day deadline, overdue ones listed, closed with an outcome; access report lists disclosures', async () => {
    const personId = (await createPerson({ givenName: 'Asks About Data' })).json().id;
    await t.request({ method: 'GET', url: `/api/people/${personId}`, headers: caseworker.headers });
    const created = await t.request({ method: 'POST', url: '/api/data-subject-requests', headers: caseworker.headers, payload: { organisationId: ngo, personId, kind: 'access', channel: 'sms' } });
    assert.equal(created.statusCode, 201, created.body);
    const due = new Date(created.json().dueAt).getTime() - new Date(created.json().receivedAt).getTime();
    assert.equal(Math.round(due / 86_400_000), 30);
    await t.db.updateTable('data_subject_requests').set({ due_at: new Date('2026-01-01') }).where('id', '=', created.json().id).execute();
    const overdue = (await t.request({ method: 'GET', url: '/api/data-subject-requests?overdue=true', headers: dpo.headers })).json();
    assert.ok(overdue.items.some((r: { id: string; isOverdue: boolean }) => r.id === created.json().id && r.isOverdue));
    const report = (await t.request({ method: 'GET', url: `/api/people/${personId}/disclosures`, headers: dpo.headers })).json();
    assert.ok(report.disclosures.some((d: { action: string }) => d.action === 'view'));
    const done = await t.request({ method: 'PATCH', url: `/api/data-subject-requests/${created.json().id}`, headers: dpo.headers, payload: { status: 'completed', outcomeNote: 'Sent by SMS in Tigrinya' } });
    assert.equal(done.statusCode, 200);
    const reopen = await t.request({ method: 'PATCH', url: `/api/data-subject-requests/${created.json().id}`, headers: dpo.headers, payload: { status: 'in_progress', outcomeNote: 'again' } });
    assert.equal(reopen.statusCode, 409);
  });
});

describe('organisation B cannot reach organisation A through the data-protection endpoints', () => {
  test('agreements, authority requests, subject requests and disclosures answer 404 or an empty list, and nothing changes', async () => {
    const bAdmin = await signIn(t, await buildUser(t, { memberships: [{ organisationId: otherNgo, role: 'administrator' }] }));
    const bDpo = await signIn(t, await buildUser(t, { memberships: [{ organisationId: otherNgo, role: 'data_protection_officer' }] }));
    const personId = (await createPerson({ givenName: 'Private' })).json().id;
    const aRequest = (await t.request({ method: 'POST', url: '/api/data-subject-requests', headers: caseworker.headers, payload: { organisationId: ngo, personId, kind: 'erasure', channel: 'hotline' } })).json();
    const aAuthority = (await t.request({ method: 'POST', url: '/api/authority-requests', headers: caseworker.headers, payload: { organisationId: ngo, receivedAt: '2026-11-21T10:00:00Z', authorityKind: 'police', authorityName: 'Central Station', scopeDescription: 'Names of callers' } })).json();

    const attempts = await Promise.all([
      t.request({ method: 'GET', url: `/api/organisations/${ngo}/sharing-agreements`, headers: bAdmin.headers }),
      t.request({ method: 'POST', url: `/api/organisations/${ngo}/sharing-agreements`, headers: bAdmin.headers, payload: { partnerOrganisationId: otherNgo, reference: 'fake', purposes: ['referral'], validFrom: '2026-01-01' } }),
      t.request({ method: 'POST', url: '/api/authority-requests', headers: bAdmin.headers, payload: { organisationId: ngo, receivedAt: '2026-11-21T10:00:00Z', authorityKind: 'police', authorityName: 'x', scopeDescription: 'y' } }),
      t.request({ method: 'POST', url: `/api/authority-requests/${aAuthority.id}/decision`, headers: bDpo.headers, payload: { status: 'under_review', note: 'taking it over now' } }),
      t.request({ method: 'PATCH', url: `/api/data-subject-requests/${aRequest.id}`, headers: bDpo.headers, payload: { status: 'completed', outcomeNote: 'closed by B' } }),
      t.request({ method: 'GET', url: `/api/people/${personId}/disclosures`, headers: bDpo.headers }),
      t.request({ method: 'POST', url: '/api/data-subject-requests', headers: bDpo.headers, payload: { organisationId: ngo, kind: 'access', channel: 'sms' } }),
    ]);
    for (const res of attempts) assert.equal(res.statusCode, 404, res.body);
    const lists = await Promise.all([
      t.request({ method: 'GET', url: '/api/authority-requests', headers: bDpo.headers }),
      t.request({ method: 'GET', url: '/api/data-subject-requests', headers: bDpo.headers }),
      t.request({ method: 'GET', url: '/api/break-glass?unreviewed=false', headers: bDpo.headers }),
    ]);
    for (const res of lists) assert.ok(!res.body.includes(ngo), 'nothing of organisation A is listed');
    const dsrNow = await t.db.selectFrom('data_subject_requests').select('status').where('id', '=', aRequest.id).executeTakeFirstOrThrow();
    assert.equal(dsrNow.status, 'open');
    const authorityNow = await t.db.selectFrom('authority_requests').select('status').where('id', '=', aAuthority.id).executeTakeFirstOrThrow();
    assert.equal(authorityNow.status, 'refused');
  });
});
