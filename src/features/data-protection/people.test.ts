import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildUser, signIn } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { auditCount, buildWorld, count, personId, postPerson, testActor, type World } from './fixtures.test-support.ts';
import { writePerson } from './people.service.ts';

let w: World;
before(async () => {
  w = await buildWorld();
});
after(async () => w?.t.close());

describe('a personal record needs a registered purpose and legal basis', () => {
  for (const [name, body, field] of [
    ['no purpose', { purpose: undefined }, 'purpose'],
    ['no legal basis', { legalBasis: undefined }, 'legalBasis'],
    ['an empty purpose', { purpose: '' }, 'purpose'],
    ['an unregistered purpose', { purpose: 'immigration_control' }, 'purpose'],
    ['an unknown legal basis', { legalBasis: 'because' }, 'legalBasis'],
    ['a sensitivity below the purpose\'s', { purpose: 'consular_assistance', sensitivity: 'public' }, 'sensitivity'],
    ['an unknown sensitivity', { sensitivity: 'secret' }, 'sensitivity'],
    ['an immigration-status field', { immigrationStatus: 'irregular' }, 'immigrationStatus'],
    ['a bad phone number', { phone: '0912 345' }, 'phone'],
    ['a nationality that is not a country code', { nationality: 'Eritrean' }, 'nationality'],
  ] as const) {
    test(`${name}: 400 naming the field, and nothing is stored`, async () => {
      const [people, creates] = [await count(w, 'people'), await auditCount(w, 'create')];
      const res = await postPerson(w, { givenName: 'Refused', ...body });
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), res.body);
      assert.doesNotMatch(res.body, /Refused/, 'the error does not echo personal data');
      assert.equal(await count(w, 'people'), people);
      assert.equal(await auditCount(w, 'create'), creates);
    });
  }

  test('the write helper refuses inside a module\'s transaction too, and the transaction stores nothing', async () => {
    const before = await count(w, 'people');
    for (const [basis, field] of [[{ purpose: null, legalBasis: 'consent' }, 'purpose'], [{ purpose: 'referral', legalBasis: undefined }, 'legalBasis']] as const) {
      await assert.rejects(
        w.t.db.transaction().execute((trx) =>
          writePerson(trx, { ...basis, crisisId: w.crisisId, organisationId: w.ngo, collectedBy: null, channel: 'import', givenName: 'Imported' } as never, testActor),
        ),
        (error: { code?: string; details?: Array<{ field: string }> }) => error.code === 'VALIDATION' && error.details?.[0]?.field === field,
      );
    }
    assert.equal(await count(w, 'people'), before);
  });

  test('a complete record gets sensitivity, policy and retention date from the registry; nationality is optional', async () => {
    const res = await postPerson(w, { givenName: 'Meron', phone: '+249912345678', purpose: 'emergency_assistance', legalBasis: 'vital_interest' });
    assert.equal(res.statusCode, 201, res.body);
    const person = res.json();
    assert.equal(person.sensitivity, 'confidential');
    assert.equal(person.nationality, null);
    const expected = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    assert.equal(person.retentionUntil, expected);
    const row = await w.t.db.selectFrom('people').select(['retention_policy', 'collected_by']).where('id', '=', person.id).executeTakeFirstOrThrow();
    assert.equal(row.retention_policy, 'person_emergency_365d');
    assert.ok(row.collected_by);
    const created = await w.t.db.selectFrom('audit_log').select(['fields', 'purpose']).where('action', '=', 'create').where('person_id', '=', person.id).executeTakeFirstOrThrow();
    assert.deepEqual(created.fields.sort(), ['givenName', 'phone']);
    assert.equal(created.purpose, 'emergency_assistance');
  });

  test('sensitivity may be raised above the purpose\'s level', async () => {
    const res = await postPerson(w, { sensitivity: 'strictly_confidential' });
    assert.equal(res.json().sensitivity, 'strictly_confidential');
  });

  test('an unknown crisis, or a crisis or organisation outside the caller\'s grants, is 404 and stores nothing', async () => {
    const before = await count(w, 'people');
    const otherCrisis = (await buildCrisis(w.t.db)).id;
    const unknown = await w.t.request({ method: 'POST', url: '/api/crises/00000000-0000-4000-8000-000000000000/people', headers: w.caseworker.headers, payload: { organisationId: w.ngo, purpose: 'referral', legalBasis: 'consent', channel: 'sms' } });
    const elsewhere = await w.t.request({ method: 'POST', url: `/api/crises/${otherCrisis}/people`, headers: w.caseworker.headers, payload: { organisationId: w.ngo, purpose: 'referral', legalBasis: 'consent', channel: 'sms' } });
    const otherOrg = await postPerson(w, { organisationId: w.otherNgo });
    const analyst = await postPerson(w, {}, w.analyst.headers);
    for (const res of [unknown, elsewhere, otherOrg, analyst]) assert.equal(res.statusCode, 404, res.body);
    assert.equal(await count(w, 'people'), before);
  });
});

describe('reading a person: masks, scope and audit', () => {
  test('an analyst gets no name or phone; a caseworker does; both views are audited with the fields shown', async () => {
    const id = await personId(w, { givenName: 'Selam', familyName: 'Tesfaye', phone: '+249911111111', fearedStates: ['ER'] });
    const byAnalyst = (await w.t.request({ method: 'GET', url: `/api/people/${id}`, headers: w.analyst.headers })).json();
    assert.equal(byAnalyst.givenName, undefined);
    assert.equal(byAnalyst.fearedStates, undefined);
    assert.doesNotMatch(JSON.stringify(byAnalyst), /Selam|249911111111|ER/);
    const byCaseworker = (await w.t.request({ method: 'GET', url: `/api/people/${id}`, headers: w.caseworker.headers })).json();
    assert.equal(byCaseworker.givenName, 'Selam');
    assert.deepEqual(byCaseworker.fearedStates, ['ER']);
    const views = await w.t.db.selectFrom('audit_log').select(['fields']).where('person_id', '=', id).where('action', '=', 'view').orderBy('id').execute();
    assert.equal(views.length, 2);
    assert.deepEqual(views[0]!.fields, []);
    assert.ok(views[1]!.fields.includes('phone'));
  });

  test('another organisation, or another crisis of the same organisation for a crisis-scoped user, gets 404', async () => {
    const id = await personId(w, { givenName: 'Hidden' });
    const outsider = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.otherNgo, crisisId: w.crisisId, role: 'caseworker' }] }));
    const otherCrisis = (await buildCrisis(w.t.db)).id;
    const sameOrgOtherCrisis = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.ngo, crisisId: otherCrisis, role: 'caseworker' }] }));
    for (const headers of [outsider.headers, sameOrgOtherCrisis.headers]) {
      const res = await w.t.request({ method: 'GET', url: `/api/people/${id}`, headers });
      assert.equal(res.statusCode, 404, res.body);
      assert.doesNotMatch(res.body, /Hidden/);
    }
  });

  test('SQL and script in names are stored and returned as text', async () => {
    const name = "x'); drop table people; -- <script>alert(1)</script>";
    const id = await personId(w, { givenName: name, otherNames: ["Robert'); DELETE FROM consent_records;--"] });
    const back = (await w.t.request({ method: 'GET', url: `/api/people/${id}`, headers: w.caseworker.headers })).json();
    assert.equal(back.givenName, name);
    assert.deepEqual(back.otherNames, ["Robert'); DELETE FROM consent_records;--"]);
    assert.ok((await count(w, 'people')) > 0);
  });
});
