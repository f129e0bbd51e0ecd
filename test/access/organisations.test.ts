import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, signedInPlatformAdmin, signIn, type SignedIn } from '../factories/access.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: SignedIn;
before(async () => {
  t = await startTestApp();
  admin = await signedInPlatformAdmin(t);
});
after(async () => t?.close());

async function organisationCount(): Promise<number> {
  const row = await t.db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const create = (payload: object, headers = admin.headers) => t.request({ method: 'POST', url: '/api/organisations', headers, payload });

describe('the firewall: no police or immigration enforcement organisation can be registered', () => {
  for (const type of ['police', 'immigration_enforcement', 'border_guard', 'IMMIGRATION', 'law_enforcement', 'intelligence']) {
    test(`type "${type}" is refused, naming the field`, async () => {
      const before = await organisationCount();
      const res = await create({ name: 'Any name', type });
      assert.equal(res.statusCode, 400);
      const issue = res.json().error.details[0];
      assert.equal(issue.field, 'type');
      assert.match(issue.message, /no type for police or immigration enforcement/);
      assert.equal(await organisationCount(), before);
    });
  }

  const names = [
    'Metropolitan Police Service',
    'Immigration Enforcement Unit',
    'Border Police of Freedonia',
    'ICE Field Office Houston',
    'Police aux frontières',
    'Guardia Civil',
    'Gendarmerie nationale',
    'شرطة دبي',
    'الإدارة العامة للجوازات والهجرة',
    'Миграционный контроль и полиция',
    'Deportation and Removals Office',
    'National Intelligence Service',
  ];
  for (const name of names) {
    test(`an NGO named "${name}" is refused`, async () => {
      const before = await organisationCount();
      const res = await create({ name, type: 'local_authority' });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.details[0].rule, 'no_enforcement');
      assert.equal(await organisationCount(), before);
    });
  }

  test('renaming an organisation into an enforcement body is refused too', async () => {
    const org = (await create({ name: 'Harbour Relief', type: 'ngo' })).json();
    const res = await t.request({ method: 'PATCH', url: `/api/organisations/${org.id}`, headers: admin.headers, payload: { version: 1, name: 'Harbour Border Police' } });
    assert.equal(res.statusCode, 400);
    const now = (await t.request({ method: 'GET', url: `/api/organisations/${org.id}`, headers: admin.headers })).json();
    assert.equal(now.name, 'Harbour Relief');
  });

  test('ordinary names that only resemble the words are accepted', async () => {
    for (const name of ['Policy Centre for Migrant Rights', 'Justice for Domestic Workers', 'Icelandic Red Cross Branch', 'المنظمة الدولية للهجرة']) {
      const res = await create({ name, type: 'ngo' });
      assert.equal(res.statusCode, 201, `${name}: ${res.body}`);
    }
  });
});

describe('organisations', () => {
  test('a consulate must say which state it represents, and others must not', async () => {
    const missing = await create({ name: 'Consulate of Ethiopia in Khartoum', type: 'consulate' });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.details[0].field, 'representsCountry');
    const ok = await create({ name: 'Consulate of Ethiopia in Khartoum', type: 'consulate', representsCountry: 'et' });
    assert.equal(ok.statusCode, 201);
    assert.equal(ok.json().representsCountry, 'ET');
    const wrong = await create({ name: 'Nile Aid', type: 'ngo', representsCountry: 'SD' });
    assert.equal(wrong.statusCode, 400);
  });

  test('only a platform administrator can register one; SQL and script in a name are kept as text', async () => {
    const org = await buildOrganisation(t);
    const worker = await buildUser(t, { memberships: [{ organisationId: org.id, role: 'administrator' }] });
    const session = await signIn(t, worker);
    assert.equal((await create({ name: 'Another NGO', type: 'ngo' }, session.headers)).statusCode, 403);
    const name = `Aid'); delete from organisations; -- <img src=x onerror=alert(1)>`;
    const res = await create({ name, type: 'ngo' });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().name, name);
  });

  test('a member of organisation A cannot read or change organisation B: 404, and nothing changes', async () => {
    const a = await buildOrganisation(t);
    const b = await buildOrganisation(t);
    const userA = await buildUser(t, { memberships: [{ organisationId: a.id, role: 'administrator' }] });
    const session = await signIn(t, userA);
    assert.equal((await t.request({ method: 'GET', url: `/api/organisations/${b.id}`, headers: session.headers })).statusCode, 404);
    const patch = await t.request({ method: 'PATCH', url: `/api/organisations/${b.id}`, headers: session.headers, payload: { version: 1, name: 'Taken over' } });
    assert.equal(patch.statusCode, 404);
    const list = (await t.request({ method: 'GET', url: '/api/organisations', headers: session.headers })).json();
    assert.deepEqual(list.items.map((o: { id: string }) => o.id), [a.id]);
    const own = await t.request({ method: 'PATCH', url: `/api/organisations/${a.id}`, headers: session.headers, payload: { version: 1, name: 'Renamed A' } });
    assert.equal(own.statusCode, 200);
    const bNow = await t.db.selectFrom('organisations').select(['name', 'version']).where('id', '=', b.id).executeTakeFirstOrThrow();
    assert.equal(bNow.version, 1);
    assert.equal(bNow.name, b.name);
  });
});
