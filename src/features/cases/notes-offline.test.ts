/** A note sent twice with the same clientReference (an offline device syncing again) is stored and audited once. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let caseworker: SignedIn;
let other: SignedIn;
let caseId: string;

before(async () => {
  t = await startTestApp();
  const crisisId = (await buildCrisis(t.db)).id;
  const organisationId = (await buildOrganisation(t)).id;
  caseworker = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] }));
  other = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] }));
  const opened = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: caseworker.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest' } });
  assert.equal(opened.statusCode, 201, opened.body);
  caseId = opened.json().id;
});
after(async () => t?.close());

test('the same clientReference twice: one note, one audit entry; another author cannot reuse it', async () => {
  const key = randomUUID();
  const send = (who: SignedIn) => t.request({ method: 'POST', url: `/api/cases/${caseId}/notes`, headers: who.headers, payload: { text: 'Written offline', clientReference: key } });
  const first = await send(caseworker);
  assert.equal(first.statusCode, 201, first.body);
  const again = await send(caseworker);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().id, first.json().id);
  assert.equal((await send(other)).statusCode, 409);
  const notes = await t.db.selectFrom('case_notes').select('id').where('case_id', '=', caseId).execute();
  assert.equal(notes.length, 1);
  const audited = await t.db.selectFrom('audit_log').select('id').where('subject_type', '=', 'case_note').where('subject_id', '=', key).execute();
  assert.equal(audited.length, 1);
  const plain = await t.request({ method: 'POST', url: `/api/cases/${caseId}/notes`, headers: caseworker.headers, payload: { text: 'Written online' } });
  assert.equal(plain.statusCode, 201, 'a note without a clientReference still works');
});
