import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { buildOrganisation, buildUser, signedInPlatformAdmin, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { crisisInput } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let admin: SignedIn;
/** Requests as a signed-in platform administrator. */
const request = (options: InjectOptions) => t.request({ ...options, headers: { ...admin.headers, ...(options.headers ?? {}) } });
before(async () => {
  t = await startTestApp();
  admin = await signedInPlatformAdmin(t);
});
after(async () => t?.close());

async function countCrises(): Promise<number> {
  const row = await t.db.selectFrom('crises').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('crises API', () => {
  test('creates, reads, lists, updates and deletes a crisis', async () => {
    const created = await request({
      method: 'POST',
      url: '/api/crises',
      payload: crisisInput({ name: 'Khartoum fighting 2026', affectedCountries: ['sd', 'TD'], endDate: null }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const crisis = created.json();
    assert.equal(crisis.slug, 'khartoum-fighting-2026');
    assert.deepEqual(crisis.affectedCountries, ['SD', 'TD']);
    assert.equal(crisis.version, 1);
    assert.equal(created.headers.location, `/api/crises/${crisis.id}`);

    const read = await request({ method: 'GET', url: `/api/crises/${crisis.id}` });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().name, 'Khartoum fighting 2026');

    const list = await request({ method: 'GET', url: '/api/crises?status=current' });
    assert.ok(list.json().items.some((c: { id: string }) => c.id === crisis.id));

    const updated = await request({
      method: 'PATCH',
      url: `/api/crises/${crisis.id}`,
      payload: { version: 1, status: 'ongoing', endDate: '2026-12-31' },
    });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().status, 'ongoing');
    assert.equal(updated.json().version, 2);

    const deleted = await request({ method: 'DELETE', url: `/api/crises/${crisis.id}` });
    assert.equal(deleted.statusCode, 204);
    const gone = await request({ method: 'GET', url: `/api/crises/${crisis.id}` });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'NOT_FOUND');
  });

  test('a stale version is a conflict and changes nothing', async () => {
    const crisis = (await request({ method: 'POST', url: '/api/crises', payload: crisisInput() })).json();
    const first = await request({ method: 'PATCH', url: `/api/crises/${crisis.id}`, payload: { version: 1, name: 'First edit' } });
    assert.equal(first.statusCode, 200);
    const second = await request({ method: 'PATCH', url: `/api/crises/${crisis.id}`, payload: { version: 1, name: 'Second edit' } });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().error.details[0].field, 'version');
    const now = (await request({ method: 'GET', url: `/api/crises/${crisis.id}` })).json();
    assert.equal(now.name, 'First edit');
    assert.equal(now.version, 2);
  });

  test('pages through the list with a cursor, without repeats', async () => {
    for (let i = 0; i < 5; i += 1) {
      await request({ method: 'POST', url: '/api/crises', payload: crisisInput({ startDate: `2025-01-0${i + 1}`, status: 'past' }) });
    }
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/crises?status=past&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await request({ method: 'GET', url })).json();
      for (const item of page.items) {
        assert.ok(!seen.has(item.id), 'no crisis appears on two pages');
        seen.add(item.id);
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    assert.equal(seen.size, 5);
    assert.equal(pages, 3);
  });

  test('a duplicate slug is refused with a conflict naming the field', async () => {
    await request({ method: 'POST', url: '/api/crises', payload: crisisInput({ slug: 'beirut-port' }) });
    const again = await request({ method: 'POST', url: '/api/crises', payload: crisisInput({ slug: 'beirut-port' }) });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.details[0].field, 'slug');
  });
});

describe('crises API refuses bad input and stores nothing', () => {
  const cases: Array<{ name: string; payload: unknown; field: string; rule?: string }> = [
    { name: 'unknown field', payload: { ...crisisInput(), isEnforcement: true }, field: 'isEnforcement', rule: 'unknown_field' },
    { name: 'bad type', payload: crisisInput({ type: 'raid' as never }), field: 'type' },
    { name: 'bad status', payload: crisisInput({ status: 'new' as never }), field: 'status' },
    { name: 'unknown country', payload: crisisInput({ affectedCountries: ['XX'] }), field: 'affectedCountries.0' },
    { name: 'no countries', payload: crisisInput({ affectedCountries: [] }), field: 'affectedCountries', rule: 'too_small' },
    { name: 'bad date', payload: crisisInput({ startDate: '2026-02-30' }), field: 'startDate' },
    { name: 'end before start', payload: crisisInput({ startDate: '2026-05-01', endDate: '2026-04-01' }), field: 'endDate' },
    { name: 'name too short', payload: crisisInput({ name: 'ab' }), field: 'name', rule: 'too_small' },
    { name: 'name too long', payload: crisisInput({ name: 'x'.repeat(201) }), field: 'name', rule: 'too_big' },
    { name: 'bad slug', payload: crisisInput({ slug: 'Not A Slug' }), field: 'slug' },
    { name: 'missing name', payload: { type: 'flood', status: 'current', affectedCountries: ['BD'], startDate: '2026-01-01' }, field: 'name' },
    { name: 'array instead of object', payload: [1, 2], field: 'body' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const before = await countCrises();
      const res = await request({ method: 'POST', url: '/api/crises', payload: c.payload as object });
      assert.equal(res.statusCode, 400, res.body);
      const error = res.json().error;
      assert.equal(error.code, 'VALIDATION');
      const issue = error.details.find((d: { field: string }) => d.field === c.field);
      assert.ok(issue, `an issue names ${c.field}: ${JSON.stringify(error.details)}`);
      if (c.rule) assert.equal(issue.rule, c.rule);
      assert.equal(await countCrises(), before);
    });
  }

  test('SQL and script in text are stored as text, not run', async () => {
    const name = "Robert'); drop table crises;-- <script>alert(1)</script>";
    const res = await request({ method: 'POST', url: '/api/crises', payload: crisisInput({ name }) });
    assert.equal(res.statusCode, 201);
    const read = await request({ method: 'GET', url: `/api/crises/${res.json().id}` });
    assert.equal(read.json().name, name);
    assert.equal(read.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('a bad id in the path or a bad cursor is a 400 naming it', async () => {
    const badId = await request({ method: 'GET', url: '/api/crises/not-a-uuid' });
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().error.details[0].field, 'path.id');
    const badCursor = await request({ method: 'GET', url: '/api/crises?cursor=garbage' });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json().error.details[0].field, 'query.cursor');
    const badLimit = await request({ method: 'GET', url: '/api/crises?limit=5000' });
    assert.equal(badLimit.statusCode, 400);
    assert.equal(badLimit.json().error.details[0].field, 'query.limit');
  });
});

describe('crises are scoped to the people who work on them', () => {
  test('signed-out callers get 401; members see only their crises; others get 404', async () => {
    const mine = (await request({ method: 'POST', url: '/api/crises', payload: crisisInput({ name: 'Scoped crisis A' }) })).json();
    const other = (await request({ method: 'POST', url: '/api/crises', payload: crisisInput({ name: 'Scoped crisis B' }) })).json();
    assert.equal((await t.request({ method: 'GET', url: '/api/crises' })).statusCode, 401);

    const org = await buildOrganisation(t);
    const worker = await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: mine.id, role: 'caseworker' }] });
    const session = await signIn(t, worker);
    const list = (await t.request({ method: 'GET', url: '/api/crises?limit=200', headers: session.headers })).json();
    assert.deepEqual(list.items.map((c: { id: string }) => c.id), [mine.id]);
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${other.id}`, headers: session.headers })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${mine.id}`, headers: session.headers })).statusCode, 200);

    const edit = await t.request({ method: 'PATCH', url: `/api/crises/${mine.id}`, headers: session.headers, payload: { version: 1, name: 'Renamed by caseworker' } });
    assert.equal(edit.statusCode, 403, 'a caseworker cannot change the crisis');
    const editOther = await t.request({ method: 'PATCH', url: `/api/crises/${other.id}`, headers: session.headers, payload: { version: 1, name: 'Renamed' } });
    assert.equal(editOther.statusCode, 404, 'a crisis outside the scope does not exist for this user');
    const create = await t.request({ method: 'POST', url: '/api/crises', headers: session.headers, payload: crisisInput() });
    assert.equal(create.statusCode, 403);
    assert.equal((await request({ method: 'GET', url: `/api/crises/${other.id}` })).json().version, 1);
  });

  test('a write with the session cookie but without the CSRF token is refused', async () => {
    const res = await t.request({ method: 'POST', url: '/api/crises', headers: { cookie: admin.headers.cookie }, payload: crisisInput() });
    assert.equal(res.statusCode, 403);
    assert.match(res.json().error.message, /CSRF/);
  });
});
