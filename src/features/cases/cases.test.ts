import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { buildChannel } from '../../../test/intake/helpers.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { storeInbound } from '../intake/pipeline.ts';
import { channelInfo } from '../intake/replies.ts';
import { needList } from '../triage/needs.ts';
import { computePriority } from './priority.ts';

let t: TestApp;
let crisisId: string;
let orgId: string;
let caseworker: SignedIn;
let caseworkerId: string;
let analyst: SignedIn;
let otherOrgCaseworker: SignedIn;
let operator: SignedIn;

before(async () => {
  t = await startTestApp();
  crisisId = (await buildCrisis(t.db, { affectedCountries: ['LY'] })).id;
  orgId = (await buildOrganisation(t)).id;
  const other = await buildOrganisation(t);
  const user = await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'caseworker' }] });
  caseworkerId = user.id;
  caseworker = await signIn(t, user);
  analyst = await signIn(t, await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'analyst' }] }));
  otherOrgCaseworker = await signIn(t, await buildUser(t, { memberships: [{ organisationId: other.id, crisisId, role: 'caseworker' }] }));
  operator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: orgId, crisisId, role: 'hotline_operator' }] }));
});
after(async () => t?.close());

const open = (who: SignedIn, body: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: who.headers, payload: body });

describe('priority', () => {
  test('explains every point, highest first, and caps at 100', async () => {
    const needs = await needList(t.db);
    const result = computePriority({ needs: ['medical', 'food'], vulnerabilities: [{ code: 'unaccompanied_child', severity: 3 }], riskLevel: 'high', urgency: 'high' }, needs);
    assert.equal(result.priority, 24 + 15 + 15 + 12 + 3);
    assert.equal(result.reasons[0], 'unaccompanied child, severity 3: +24');
    assert.ok(result.reasons.includes('medical need: +12'));
    const many = computePriority({ needs: ['medical', 'search_and_rescue', 'security'], vulnerabilities: [{ code: 'injury', severity: 3 }, { code: 'detention', severity: 3 }, { code: 'pregnancy', severity: 3 }], riskLevel: 'critical', urgency: 'high' }, needs);
    assert.equal(many.priority, 100);
  });
});

describe('cases', () => {
  test('a walk-in opens a case with an identity kept in the identity store; the case reads back with its plan and notes', async () => {
    const created = await open(caseworker, {
      openedFrom: 'walk_in', legalBasis: 'consent', person: { channel: 'walk_in', givenName: 'Amina', nationality: 'ER', fearedStates: ['ER'] },
      needs: ['shelter', 'documents'], vulnerabilities: [{ code: 'documents_held_by_employer' }, { code: 'pregnancy', severity: 3 }], riskLevel: 'high', assignedTo: caseworkerId, nextFollowUp: '2026-01-01',
    });
    assert.equal(created.statusCode, 201, created.body);
    const summary = created.json();
    assert.match(summary.reference, /^LY-C-[A-Z2-9]{6}$/);
    assert.ok(summary.priority > 0);
    assert.ok(summary.priorityReasons.some((r: string) => r.startsWith('pregnancy, severity 3')));
    assert.equal(summary.followUpOverdue, true);
    const caseRow = await t.db.selectFrom('cases').selectAll().where('id', '=', summary.id).executeTakeFirstOrThrow();
    assert.equal(caseRow.purpose, 'case_management');
    const person = await t.db.selectFrom('people').select(['given_name', 'purpose', 'legal_basis']).where('id', '=', caseRow.person_id as string).executeTakeFirstOrThrow();
    assert.deepEqual(person, { given_name: 'Amina', purpose: 'case_management', legal_basis: 'consent' });

    const task = await t.request({ method: 'POST', url: `/api/cases/${summary.id}/tasks`, headers: caseworker.headers, payload: { title: 'Call the shelter', dueDate: '2026-01-02' } });
    assert.equal(task.statusCode, 201, task.body);
    assert.equal(task.json().overdue, true);
    const note = await t.request({ method: 'POST', url: `/api/cases/${summary.id}/notes`, headers: caseworker.headers, payload: { text: 'Employer keeps her passport.' } });
    assert.equal(note.statusCode, 201);
    const detail = await t.request({ method: 'GET', url: `/api/cases/${summary.id}`, headers: caseworker.headers });
    assert.equal(detail.statusCode, 200, detail.body);
    assert.equal(detail.json().person.givenName, 'Amina');
    assert.equal(detail.json().tasks.length, 1);
    assert.equal(detail.json().notes[0].text, 'Employer keeps her passport.');
    const views = await t.db.selectFrom('audit_log').select('fields').where('subject_id', '=', summary.id).where('action', '=', 'view').execute();
    assert.deepEqual(views.at(-1)?.fields, ['person', 'notes']);

    const overdue = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/cases?overdue=true&mine=true`, headers: caseworker.headers });
    assert.ok(overdue.json().items.some((c: { id: string }) => c.id === summary.id));
    await t.request({ method: 'PATCH', url: `/api/case-tasks/${task.json().id}`, headers: caseworker.headers, payload: { done: true } });

    const close = await t.request({ method: 'PATCH', url: `/api/cases/${summary.id}`, headers: caseworker.headers, payload: { version: 1, status: 'closed' } });
    assert.equal(close.statusCode, 400);
    assert.equal(close.json().error.details[0].field, 'outcome');
    const closed = await t.request({ method: 'PATCH', url: `/api/cases/${summary.id}`, headers: caseworker.headers, payload: { version: 1, status: 'closed', outcome: 'Found a shelter; passport returned' } });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().version, 2);
    const stale = await t.request({ method: 'PATCH', url: `/api/cases/${summary.id}`, headers: caseworker.headers, payload: { version: 1, riskLevel: 'low' } });
    assert.equal(stale.statusCode, 409);
  });

  test('other organisations see nothing, analysts cannot open cases, and bad input names the field', async () => {
    const created = (await open(caseworker, { openedFrom: 'hotline', legalBasis: 'vital_interest', needs: ['medical'] })).json();
    assert.equal((await t.request({ method: 'GET', url: `/api/cases/${created.id}`, headers: otherOrgCaseworker.headers })).statusCode, 404);
    const list = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/cases`, headers: otherOrgCaseworker.headers });
    assert.ok(!list.json().items.some((c: { id: string }) => c.id === created.id));
    assert.equal((await open(analyst, { openedFrom: 'hotline', legalBasis: 'consent' })).statusCode, 403);
    const bad = await open(caseworker, { openedFrom: 'sos', legalBasis: 'consent', vulnerabilities: [{ code: 'tall' }] });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details.map((d: { field: string }) => d.field).sort(), ['openedFrom', 'vulnerabilities.0.code']);
    const basis = await open(caseworker, { openedFrom: 'hotline', legalBasis: 'immigration_control' });
    assert.equal(basis.statusCode, 400);
    assert.equal(basis.json().error.details[0].field, 'legalBasis');
    const assign = await open(caseworker, { openedFrom: 'hotline', legalBasis: 'consent', assignedTo: (await buildUser(t)).id });
    assert.equal(assign.statusCode, 400);
    assert.equal(assign.json().error.details[0].field, 'assignedTo');
  });

  test('escalating a triaged SOS opens a case with its needs and urgency, joins the conversation, and takes it out of the triage queue', async () => {
    const channel = await buildChannel(t, { crisisId, organisationId: orgId, kind: 'external' });
    const context = { key: t.app.secretKey, defaultCountry: 'LY', referencePrefix: 'LY', addressIsPhone: true };
    const [first, second] = await storeInbound(t.db, channelInfo(channel), [
      { from: '+218920000001', text: 'we are trapped, my brother is injured', providerMessageId: 'esc-1' },
      { from: '+218920000001', text: 'please hurry', providerMessageId: 'esc-2' },
    ], context);
    await t.db.updateTable('messages').set({ needs: ['medical', 'search_and_rescue'], urgency: 'high' }).where('id', '=', first!.messageId).execute();
    const url = `/api/messages/${first!.messageId}/escalate`;
    const forbidden = await t.request({ method: 'POST', url, headers: operator.headers, payload: {} });
    assert.equal(forbidden.statusCode, 403, 'hotline operators triage but do not hold cases');
    const escalated = await t.request({ method: 'POST', url, headers: caseworker.headers, payload: { vulnerabilities: [{ code: 'injury' }] } });
    assert.equal(escalated.statusCode, 201, escalated.body);
    const created = escalated.json();
    assert.equal(created.openedFrom, 'sos');
    assert.deepEqual(created.needs, ['medical', 'search_and_rescue']);
    assert.ok(created.priorityReasons.includes('SOS triaged as high urgency: +15'));
    assert.equal(created.assignedTo, caseworkerId);
    const linked = await t.db.selectFrom('messages').select(['id', 'case_id', 'reviewed_at']).where('id', 'in', [first!.messageId, second!.messageId]).execute();
    assert.ok(linked.every((m) => m.case_id === created.id), 'the whole conversation joins the case');
    assert.ok(linked.find((m) => m.id === first!.messageId)?.reviewed_at);
    assert.equal((await t.request({ method: 'POST', url, headers: caseworker.headers, payload: {} })).statusCode, 409);
  });
});

describe('household members', () => {
  test('a family travels together: members join the case with their relationship, age group and identity', async () => {
    const created = (await open(caseworker, { openedFrom: 'walk_in', legalBasis: 'consent', person: { channel: 'walk_in', givenName: 'Fatima' } })).json();
    const add = (body: Record<string, unknown>, who = caseworker) => t.request({ method: 'POST', url: `/api/cases/${created.id}/members`, headers: who.headers, payload: body });
    const child = await add({ relationship: 'child', ageGroup: 'infant', vulnerabilities: [{ code: 'serious_illness' }], person: { channel: 'walk_in', givenName: 'Yusuf' } });
    assert.equal(child.statusCode, 201, child.body);
    assert.ok(child.json().personId);
    assert.equal((await add({ relationship: 'travel_companion' })).statusCode, 201, 'a member may stay anonymous');
    const bad = await add({ relationship: 'cousin-ish', ageGroup: 'teen' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details.map((d: { field: string }) => d.field).sort(), ['ageGroup', 'relationship']);
    assert.equal((await add({ relationship: 'sibling' }, otherOrgCaseworker)).statusCode, 404);
    const detail = (await t.request({ method: 'GET', url: `/api/cases/${created.id}`, headers: caseworker.headers })).json();
    assert.equal(detail.members.length, 2);
    const infant = detail.members.find((m: { relationship: string }) => m.relationship === 'child');
    assert.equal(infant.person.givenName, 'Yusuf');
    assert.deepEqual(infant.vulnerabilities, [{ code: 'serious_illness', severity: 3 }]);
    const person = await t.db.selectFrom('people').select(['purpose', 'controller_organisation_id']).where('id', '=', infant.personId).executeTakeFirstOrThrow();
    assert.deepEqual(person, { purpose: 'case_management', controller_organisation_id: orgId });
  });
});
