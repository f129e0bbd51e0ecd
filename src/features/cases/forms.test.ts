import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildWorld, type World } from '../data-protection/fixtures.test-support.ts';

let w: World;
let coordinator: SignedIn;
let caseId: string;
before(async () => {
  w = await buildWorld();
  coordinator = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.ngo, crisisId: w.crisisId, role: 'coordinator' }] }));
  caseId = (await w.t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/cases`, headers: w.caseworker.headers, payload: { openedFrom: 'hotline', legalBasis: 'consent' } })).json().id;
});
after(async () => w?.t.close());

const form = (fields: unknown[], who = coordinator) => w.t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/assessment-form`, headers: who.headers, payload: { fields } });
const answer = (formVersion: number, answers: Record<string, unknown>) => w.t.request({ method: 'PUT', url: `/api/cases/${caseId}/assessment`, headers: w.caseworker.headers, payload: { formVersion, answers } });
const shelter = { key: 'shelter_type', type: 'code', required: true, labels: { en: 'Where do you sleep?', ar: 'أين تنام؟' }, codes: [{ code: 'street', labels: { en: 'Street' } }, { code: 'employer', labels: { en: 'Employer\'s house' } }] };

test('coordinators version the crisis\'s form as data; answers are checked against the version they name', async () => {
  assert.equal((await form([shelter], w.caseworker)).statusCode, 403);
  const bad = await form([{ ...shelter, codes: undefined }, { key: 'Bad Key', type: 'text', labels: { fr: 'x' } }]);
  assert.equal(bad.statusCode, 400);
  const fields = bad.json().error.details.map((d: { field: string }) => d.field).sort();
  assert.deepEqual(fields, ['fields.0.codes', 'fields.1.key', 'fields.1.labels']);
  const v1 = await form([shelter]);
  assert.equal(v1.statusCode, 201, v1.body);
  assert.equal(v1.json().version, 1);
  const v2 = await form([shelter, { key: 'children_with_you', type: 'number', labels: { en: 'How many children are with you?' } }]);
  assert.equal(v2.json().version, 2);
  const current = await w.t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/assessment-form`, headers: w.caseworker.headers });
  assert.equal(current.json().version, 2);
  const old = await w.t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/assessment-form?version=1`, headers: w.caseworker.headers });
  assert.equal(old.json().fields.length, 1);

  const wrong = await answer(2, { shelter_type: 'hotel', children_with_you: 'two', extra: 1 });
  assert.equal(wrong.statusCode, 400);
  assert.deepEqual(wrong.json().error.details.map((d: { field: string }) => d.field).sort(), ['children_with_you', 'extra', 'shelter_type']);
  assert.equal((await answer(2, {})).statusCode, 400, 'shelter_type is required');
  assert.equal((await answer(9, { shelter_type: 'street' })).statusCode, 400);
  const ok = await answer(2, { shelter_type: 'employer', children_with_you: 2 });
  assert.equal(ok.statusCode, 200, ok.body);
  const detail = (await w.t.request({ method: 'GET', url: `/api/cases/${caseId}`, headers: w.caseworker.headers })).json();
  assert.deepEqual(detail.assessment, { shelter_type: 'employer', children_with_you: 2 });
  assert.equal(detail.assessmentFormVersion, 2);
});
