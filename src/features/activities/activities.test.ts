import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { crisisInput } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { findHashtagRow, validateTagSpec } from '../../shared/hxl.ts';
import { importFiles } from '../directory/directory.service.ts';

let t: TestApp;
let crisisId: string;
let otherCrisisId: string;
let coordinator: SignedIn;
let coordinatorOrg: string;
let otherNgoManager: SignedIn;
let analyst: SignedIn;
let outsider: SignedIn;

const activity = (overrides: Record<string, unknown> = {}) => ({
  organisationName: 'Croissant Rouge', organisationAcronym: 'CR', organisationType: 'ngo', category: 'temporary_reception', name: 'Reception centre at the port',
  needs: ['shelter', 'food'], status: 'active', crisisStatus: 'current', country: 'LY', admin1Code: 'LY21', admin1Name: 'Tripoli',
  startDate: '2026-10-01', targeted: 500, reached: 320, reachedWomen: 120, reachedMen: 150, reachedGirls: 3, reachedBoys: 40, ...overrides,
});

before(async () => {
  t = await startTestApp();
  const insert = async (name: string) => (await t.db.insertInto('crises').values({ ...toRow(crisisInput({ name })), slug: `c-${randomUUID().slice(0, 8)}` }).returning('id').executeTakeFirstOrThrow()).id;
  crisisId = await insert('Tripoli clashes 2026');
  otherCrisisId = await insert('Elsewhere floods 2026');
  const ngo = await buildOrganisation(t);
  const other = await buildOrganisation(t);
  coordinatorOrg = ngo.id;
  coordinator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo.id, crisisId, role: 'coordinator' }] }));
  otherNgoManager = await signIn(t, await buildUser(t, { memberships: [{ organisationId: other.id, crisisId, role: 'caseworker' }] }));
  analyst = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo.id, crisisId, role: 'analyst' }] }));
  outsider = await signIn(t, await buildUser(t, { memberships: [{ organisationId: other.id, crisisId: otherCrisisId, role: 'coordinator' }] }));
});
after(async () => t?.close());

function toRow(input: ReturnType<typeof crisisInput>) {
  return { name: input.name, type: input.type, status: input.status, affected_countries: input.affectedCountries, start_date: input.startDate, slug: 'x' };
}

const post = (who: SignedIn, body: unknown, crisis = crisisId) => t.request({ method: 'POST', url: `/api/crises/${crisis}/activities`, headers: who.headers, payload: body as object });

describe('activity matrix', () => {
  test('a coordinator reports, lists, changes and removes a line; the phase follows the GMG category', async () => {
    const created = await post(coordinator, activity());
    assert.equal(created.statusCode, 201, created.body);
    const line = created.json();
    assert.equal(line.phase, 'crisis_response');
    assert.equal(line.reportedBy, coordinatorOrg);
    const list = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/activities?phase=crisis_response`, headers: analyst.headers });
    assert.ok(list.json().items.some((a: { id: string }) => a.id === line.id));
    const none = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/activities?phase=pre_crisis`, headers: analyst.headers });
    assert.ok(!none.json().items.some((a: { id: string }) => a.id === line.id));
    const changed = await t.request({ method: 'PATCH', url: `/api/activities/${line.id}`, headers: coordinator.headers, payload: { version: 1, reached: 400 } });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().version, 2);
    const stale = await t.request({ method: 'PATCH', url: `/api/activities/${line.id}`, headers: coordinator.headers, payload: { version: 1, reached: 1 } });
    assert.equal(stale.statusCode, 409);
    const gone = await t.request({ method: 'DELETE', url: `/api/activities/${line.id}`, headers: coordinator.headers });
    assert.equal(gone.statusCode, 204);
  });

  test('bad lines name the field and store nothing', async () => {
    const before = Number((await t.db.selectFrom('activities').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const response = await post(coordinator, activity({ category: 'bus_tickets', country: 'XX' }));
    assert.equal(response.statusCode, 400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['category', 'country']);
    const sums = await post(coordinator, activity({ reached: 10, endDate: '2026-01-01' }));
    assert.equal(sums.statusCode, 400);
    assert.deepEqual(sums.json().error.details.map((d: { field: string }) => d.field).sort(), ['endDate', 'reached']);
    const after = Number((await t.db.selectFrom('activities').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(after, before);
  });

  test('analysts read but cannot write; another organisation cannot change our line; outsiders see nothing', async () => {
    assert.equal((await post(analyst, activity())).statusCode, 403);
    const line = (await post(coordinator, activity({ name: 'Hot meals' }))).json();
    const foreign = await t.request({ method: 'PATCH', url: `/api/activities/${line.id}`, headers: otherNgoManager.headers, payload: { version: 1, reached: 1 } });
    assert.equal(foreign.statusCode, 403);
    const hidden = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/activities`, headers: outsider.headers });
    assert.equal(hidden.statusCode, 404);
  });
});

describe('HXL export', () => {
  test('the 3W CSV carries valid HXL 1.1 tags and never a count below 5', async () => {
    await post(coordinator, activity({ name: 'Small group', reached: 4, reachedWomen: 2, reachedMen: 2, reachedGirls: 0, reachedBoys: 0, targeted: 7 }));
    const response = await t.request({ method: 'GET', url: `/api/crises/${crisisId}/activities.csv`, headers: analyst.headers });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    const rows = parse(response.body) as string[][];
    const tagRow = findHashtagRow(rows);
    assert.equal(tagRow, 1);
    const tags = rows[tagRow] as string[];
    for (const tag of tags) assert.equal(validateTagSpec(tag), null, tag);
    assert.ok(tags.includes('#org+name') && tags.includes('#adm1+code') && tags.includes('#reached'));
    const counts = tags.map((tag, i) => (/^#(reached|targeted)/.test(tag) ? i : -1)).filter((i) => i >= 0);
    const data = rows.slice(tagRow + 1);
    assert.ok(data.length >= 2);
    for (const row of data) {
      for (const i of counts) {
        const cell = row[i] as string;
        if (cell === '' || cell === '<5') continue;
        const n = Number(cell);
        assert.ok(n === 0 || n >= 5, `a count of ${cell} in ${tags[i]} was not suppressed`);
      }
    }
    assert.ok(data.some((r) => r.includes('<5')));
    const audit = await t.db.selectFrom('audit_log').select('subject_type').where('action', '=', 'export').where('subject_type', '=', 'activity_matrix').execute();
    assert.ok(audit.length >= 1);
  });
});

describe('gaps', () => {
  test('a need reported in an area with no activity or service is a gap; a service there covers it', async () => {
    const need = (body: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/crises/${crisisId}/area-needs`, headers: coordinator.headers, payload: body });
    assert.equal((await need({ country: 'LY', admin1Code: 'LY22', admin1Name: 'Misrata', need: 'medical', peopleInNeed: 1200, source: 'Rapid assessment', reportedAt: '2026-11-20' })).statusCode, 201);
    assert.equal((await need({ country: 'LY', admin1Code: 'LY21', admin1Name: 'Tripoli', need: 'food', peopleInNeed: 300, source: 'Coordination meeting', reportedAt: '2026-11-21' })).statusCode, 201);
    const bad = await need({ country: 'LY', need: 'ice cream', source: 'x', reportedAt: 'yesterday' });
    assert.equal(bad.statusCode, 400);
    const gaps = async () => (await t.request({ method: 'GET', url: `/api/crises/${crisisId}/gaps?gaps=true`, headers: analyst.headers })).json().items as { need: string; admin1Code: string }[];
    const first = await gaps();
    assert.ok(first.some((g) => g.need === 'medical' && g.admin1Code === 'LY22'));
    assert.ok(!first.some((g) => g.need === 'food' && g.admin1Code === 'LY21'), 'Tripoli food is covered by the reception centre activity');
    const org = randomUUID();
    const service = randomUUID();
    const location = randomUUID();
    await importFiles(t.db, new Map([
      ['organizations.csv', `id,name,description\n${org},Clinic NGO,Clinics\n`],
      ['services.csv', `id,organization_id,name,status,lifeline_kind,lifeline_needs\n${service},${org},Misrata clinic,active,medical,medical\n`],
      ['locations.csv', `id,location_type,latitude,longitude,lifeline_country,lifeline_admin1_code\n${location},physical,32.37,15.09,LY,LY22\n`],
      ['service_at_location.csv', `id,service_id,location_id\n${randomUUID()},${service},${location}\n`],
    ]), 'system', [crisisId]);
    assert.ok(!(await gaps()).some((g) => g.need === 'medical' && g.admin1Code === 'LY22'));
  });
});
