import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildUser, signIn } from '../../../test/factories/access.ts';
import { auditCount, buildWorld, consentId, count, personId, postConsent, type World } from './fixtures.test-support.ts';

let w: World;
before(async () => {
  w = await buildWorld();
});
after(async () => w?.t.close());

const withdraw = (id: string, consent: string, headers = w.caseworker.headers) =>
  w.t.request({ method: 'POST', url: `/api/people/${id}/consents/${consent}/withdraw`, headers, payload: { method: 'staff_on_request' } });
const list = (id: string, headers = w.caseworker.headers) => w.t.request({ method: 'GET', url: `/api/people/${id}/consents`, headers });

describe('consent records', () => {
  test('recorded with scope, language, method and notice; listed; withdrawn once; each step audited', async () => {
    const id = await personId(w, {});
    const res = await postConsent(w, id, { purposes: ['referral', 'referral', 'family_tracing'], recipientOrganisationIds: [w.partner], recipientOrganisationTypes: ['un_agency'], language: 'ti', method: 'signature', noticeVersion: 'notice-ti-3' });
    assert.equal(res.statusCode, 201, res.body);
    const consent = res.json();
    assert.deepEqual(consent.purposes, ['referral', 'family_tracing']);
    assert.deepEqual([consent.language, consent.method, consent.noticeVersion, consent.withdrawnAt], ['ti', 'signature', 'notice-ti-3', null]);
    assert.equal(await auditCount(w, 'consent_recorded', id), 1);

    const done = await withdraw(id, consent.id);
    assert.equal(done.statusCode, 200, done.body);
    assert.ok(done.json().withdrawnAt);
    assert.equal(done.json().withdrawalMethod, 'staff_on_request');
    assert.deepEqual(done.json().recipientsToNotify, []);
    assert.equal(await auditCount(w, 'consent_withdrawn', id), 1);
    assert.equal((await withdraw(id, consent.id)).statusCode, 409);
    assert.equal((await withdraw(id, '00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal(await auditCount(w, 'consent_withdrawn', id), 1);

    const items = (await list(id)).json().items;
    assert.equal(items.length, 1);
    assert.ok(items[0].withdrawnAt);
  });

  test('unknown purposes, unknown recipients or a bad method are refused and store nothing', async () => {
    const id = await personId(w, {});
    const before = await count(w, 'consent_records');
    for (const [payload, field] of [
      [{ purposes: ['immigration_enforcement'] }, 'purposes'],
      [{ purposes: [] }, 'purposes'],
      [{ purposes: ['referral'], recipientOrganisationIds: ['00000000-0000-4000-8000-000000000000'] }, 'recipientOrganisationIds'],
      [{ purposes: ['referral'], recipientOrganisationTypes: ['police'] }, 'recipientOrganisationTypes.0'],
      [{ purposes: ['referral'], method: 'implied' }, 'method'],
      [{ purposes: ['referral'], language: 'Tigrinya' }, 'language'],
    ] as const) {
      const res = await postConsent(w, id, payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), res.body);
    }
    assert.equal(await count(w, 'consent_records'), before);
  });

  test('another organisation gets 404 and changes nothing; an analyst may not read consent (403)', async () => {
    const id = await personId(w, {});
    const consent = await consentId(w, id, { purposes: ['referral'], recipientOrganisationTypes: ['ngo'] });
    const outsider = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.otherNgo, crisisId: w.crisisId, role: 'caseworker' }] }));
    const before = await count(w, 'consent_records');
    assert.equal((await list(id, outsider.headers)).statusCode, 404);
    assert.equal((await postConsent(w, id, { purposes: ['referral'] }, outsider.headers)).statusCode, 404);
    assert.equal((await withdraw(id, consent, outsider.headers)).statusCode, 404);
    assert.equal((await list(id, w.analyst.headers)).statusCode, 403);
    assert.equal((await postConsent(w, id, { purposes: ['referral'] }, w.analyst.headers)).statusCode, 403);
    assert.equal(await count(w, 'consent_records'), before);
    const row = await w.t.db.selectFrom('consent_records').select('withdrawn_at').where('id', '=', consent).executeTakeFirstOrThrow();
    assert.equal(row.withdrawn_at, null);
  });

  test('no new consent for an anonymised record; a withdrawal still works', async () => {
    const id = await personId(w, {});
    const consent = await consentId(w, id, { purposes: ['referral'] });
    await w.t.db.updateTable('people').set({ anonymised_at: new Date(), given_name: null }).where('id', '=', id).execute();
    assert.equal((await postConsent(w, id, { purposes: ['referral'] })).statusCode, 409);
    assert.equal((await withdraw(id, consent)).statusCode, 200);
  });
});
