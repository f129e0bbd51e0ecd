import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { hsdsPackage } from '../../../test/factories/directory.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
let coordinator: SignedIn;
let analyst: SignedIn;
let shelterStaff: SignedIn;
let shelterOrgId: string;
const zipOf = (files: Map<string, string>): Buffer => Buffer.from(zipSync(Object.fromEntries([...files].map(([n, s]) => [n, strToU8(s)]))));
const upload = (who: SignedIn, body: Buffer, query = '') =>
  t.request({ method: 'POST', url: `/api/directory/imports${query}`, headers: { ...who.headers, 'content-type': 'application/zip' }, payload: body });
const search = (who: SignedIn, query: string) => t.request({ method: 'GET', url: `/api/directory/search?${query}`, headers: who.headers });
const count = async (table: 'directory_services' | 'directory_locations' | 'directory_imports'): Promise<number> =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

const ORG = randomUUID();
const SHELTER = randomUUID();
const SAFE_HOUSE = randomUUID();
const CLINIC = randomUUID();
const LOC_SHELTER = randomUUID();
const LOC_SAFE = randomUUID();
const LOC_CLINIC = randomUUID();
const SAL = [randomUUID(), randomUUID(), randomUUID()];
const LANG = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const SCHED = [randomUUID(), randomUUID()];
const PHONE = randomUUID();

/** Three hand-written services around Tripoli: an Amharic-speaking shelter, a confidential safe house, a clinic. */
function smallPackage(): Map<string, string> {
  return new Map([
    ['organizations.csv', `id,name,description\n${ORG},Croissant Rouge Tripoli,"Help for everyone, with or without papers"\n`],
    ['services.csv',
      'id,organization_id,name,status,lifeline_kind,lifeline_needs,lifeline_serves_regardless_of_status,lifeline_beds_total,lifeline_beds_free,lifeline_capacity_updated\n' +
      `${SHELTER},${ORG},Abri Souq al-Juma,active,shelter,shelter;food,true,40,12,${new Date().toISOString()}\n` +
      `${SAFE_HOUSE},${ORG},Women's safe house,active,safe_house,shelter;security,true,10,3,${new Date().toISOString()}\n` +
      `${CLINIC},${ORG},Clinique Médicale du Port,active,medical,medical,false,,,\n`],
    ['locations.csv', 'id,location_type,name,latitude,longitude,lifeline_confidential,lifeline_country,lifeline_admin1_code,lifeline_admin1_name\n' +
      `${LOC_SHELTER},physical,Souq al-Juma,32.9000,13.2200,false,LY,LY21,Tripoli\n` +
      `${LOC_SAFE},physical,(undisclosed),32.8800,13.1900,true,LY,LY21,Tripoli\n` +
      `${LOC_CLINIC},physical,Port clinic,32.8950,13.1800,false,LY,LY21,Tripoli\n`],
    ['service_at_location.csv', `id,service_id,location_id\n${SAL[0]},${SHELTER},${LOC_SHELTER}\n${SAL[1]},${SAFE_HOUSE},${LOC_SAFE}\n${SAL[2]},${CLINIC},${LOC_CLINIC}\n`],
    ['languages.csv', `id,service_id,name,code\n${LANG[0]},${SHELTER},Amharic,amh\n${LANG[1]},${SHELTER},Arabic,ar\n${LANG[2]},${CLINIC},French,fr\n${LANG[3]},${SAFE_HOUSE},Amharic,am\n`],
    ['schedules.csv', `id,service_id,freq,byday,opens_at,closes_at\n${SCHED[0]},${SHELTER},WEEKLY,,00:00Z,23:59Z\n${SCHED[1]},${CLINIC},WEEKLY,MO,09:00+02:00,10:00+02:00\n`],
    ['phones.csv', `id,service_id,number,type\n${PHONE},${CLINIC},+218211234567,voice\n`],
  ]);
}

before(async () => {
  t = await startTestApp();
  const ngo = await buildOrganisation(t);
  const shelterOrg = await buildOrganisation(t);
  shelterOrgId = shelterOrg.id;
  coordinator = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo.id, role: 'coordinator' }] }));
  analyst = await signIn(t, await buildUser(t, { memberships: [{ organisationId: ngo.id, role: 'analyst' }] }));
  shelterStaff = await signIn(t, await buildUser(t, { memberships: [{ organisationId: shelterOrg.id, role: 'hotline_operator' }] }));
  const imported = await upload(coordinator, zipOf(smallPackage()));
  assert.equal(imported.statusCode, 201, imported.body);
});
after(async () => t?.close());

describe('directory import', () => {
  test('a zip package is imported whole, with counts per table and an audit entry', async () => {
    const row = await t.db.selectFrom('directory_services').selectAll().where('id', '=', SHELTER).executeTakeFirstOrThrow();
    assert.deepEqual(row.language_codes, ['am', 'ar']);
    assert.deepEqual(row.needs, ['shelter', 'food']);
    assert.equal(row.beds_free, 12);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'subject_type']).where('action', '=', 'import').execute();
    assert.ok(audit.some((a) => a.subject_type === 'directory_import'));
  });

  test('a bad package is refused whole, naming file, row and field; nothing changes', async () => {
    const before = await count('directory_services');
    const bad = hsdsPackage(30, { seed: 7 }).files;
    const services = (bad.get('services.csv') as string).split('\n');
    services[3] = services[3]?.replace(',active,', ',open,') ?? '';
    bad.set('services.csv', services.join('\n'));
    bad.set('locations.csv', (bad.get('locations.csv') as string).replace(/,32\.\d+,/, ',95.5,'));
    bad.set('phones.csv', `${bad.get('phones.csv') as string}${randomUUID()},${randomUUID()},+21821000,voice\n`);
    const response = await upload(coordinator, zipOf(bad));
    assert.equal(response.statusCode, 400, response.body);
    const error = response.json().error;
    assert.equal(error.code, 'VALIDATION');
    assert.match(error.message, /nothing was imported/);
    const fields = error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('services.csv row 3: status'), fields.join(' | '));
    assert.ok(fields.some((f: string) => /^locations\.csv row \d+: latitude$/.test(f)), fields.join(' | '));
    assert.ok(error.details.some((d: { rule: string }) => d.rule === 'range'));
    assert.equal(await count('directory_services'), before);
  });

  test('a dangling reference is refused, a re-import updates instead of duplicating', async () => {
    const files = smallPackage();
    files.set('service_at_location.csv', `id,service_id,location_id\n${randomUUID()},${SHELTER},${randomUUID()}\n`);
    const refused = await upload(coordinator, zipOf(files));
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().error.details[0].rule, 'reference');
    const before = await count('directory_services');
    const again = smallPackage();
    again.set('services.csv', (again.get('services.csv') as string).replace('Abri Souq al-Juma', 'Abri Souq al-Juma (renamed)'));
    for (const name of ['service_at_location.csv', 'languages.csv', 'schedules.csv', 'phones.csv']) again.delete(name);
    const ok = await upload(coordinator, zipOf(again));
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(await count('directory_services'), before);
    const row = await t.db.selectFrom('directory_services').select(['name', 'version']).where('id', '=', SHELTER).executeTakeFirstOrThrow();
    assert.equal(row.name, 'Abri Souq al-Juma (renamed)');
    assert.equal(row.version, 2);
  });

  test('garbage, unknown files and a wrong role are refused with clear errors', async () => {
    const notZip = await upload(coordinator, Buffer.from('not a zip'));
    assert.equal(notZip.statusCode, 400);
    assert.equal(notZip.json().error.details[0].rule, 'zip');
    const unknown = await upload(coordinator, zipOf(new Map([['services.csv', 'id,organization_id,name,status\n'], ['people.csv', 'id\n']])));
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details[0].rule, 'unknown_file');
    const withTaxonomy = new Map(smallPackage());
    withTaxonomy.set('taxonomies.csv', 'id,name,description\n');
    const skipped = await upload(coordinator, zipOf(withTaxonomy));
    assert.equal(skipped.statusCode, 201, skipped.body);
    assert.deepEqual(skipped.json().skipped, ['taxonomies.csv']);
    const forbidden = await upload(analyst, zipOf(smallPackage()));
    assert.equal(forbidden.statusCode, 403);
    const badContact = await t.request({
      method: 'POST', url: '/api/directory/imports', headers: coordinator.headers,
      payload: { services: [{ id: randomUUID(), name: 'Clinic', status: 'active', email: 'not-an-email', url: 'www.example.org', organization: { id: randomUUID(), name: 'NGO', description: 'x' } }] },
    });
    assert.equal(badContact.statusCode, 400);
    assert.deepEqual(badContact.json().error.details.map((d: { field: string }) => d.field).sort(), ['services[0] row 1: email', 'services[0] row 1: url']);
    const json = await t.request({ method: 'POST', url: '/api/directory/imports', headers: coordinator.headers, payload: { services: [{ id: 'nope' }] } });
    assert.equal(json.statusCode, 400);
    assert.ok(json.json().error.details.some((d: { field: string }) => d.field === 'services[0] row 1: id'), json.body);
  });
});

describe('directory search', () => {
  test('nearest open shelters with free beds that speak Amharic, within 20 km', async () => {
    const response = await search(coordinator, 'kind=shelter,safe_house&language=amh&lat=32.89&lon=13.19&radiusKm=20&hasBeds=true&openNow=true');
    assert.equal(response.statusCode, 200, response.body);
    const items = response.json().items;
    assert.deepEqual(items.map((i: { serviceId: string }) => i.serviceId), [SHELTER]);
    assert.equal(items[0].openNow, true);
    assert.ok(items[0].distanceKm > 1 && items[0].distanceKm < 5, String(items[0].distanceKm));
    assert.equal(items[0].capacity.bedsFree, 12);
    assert.equal(items[0].capacity.stale, false);
  });

  test('safe houses appear for a coordinator (audited) but never for an analyst', async () => {
    const coord = (await search(coordinator, 'need=security')).json().items;
    assert.deepEqual(coord.map((i: { serviceId: string }) => i.serviceId), [SAFE_HOUSE]);
    assert.equal(coord[0].location.confidential, true);
    const viewed = await t.db.selectFrom('audit_log').select('metadata').where('subject_type', '=', 'directory_location').execute();
    assert.ok(viewed.some((v) => JSON.stringify(v.metadata).includes(LOC_SAFE)));
    const anal = (await search(analyst, 'need=security')).json().items;
    assert.deepEqual(anal, []);
  });

  test('fuzzy name search across accents and spellings, by admin area', async () => {
    const items = (await search(coordinator, 'q=clinique%20medicale&admin1=tripoli')).json().items;
    assert.equal(items[0]?.serviceId, CLINIC);
    const misspelt = (await search(coordinator, 'q=Clinik%20Medical')).json().items;
    assert.ok(misspelt.some((i: { serviceId: string }) => i.serviceId === CLINIC));
  });

  test('bad search parameters name the field', async () => {
    const response = await search(coordinator, 'lat=200&kind=spa');
    assert.equal(response.statusCode, 400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['query.kind.0', 'query.lat']);
    const half = await search(coordinator, 'lat=10');
    assert.equal(half.statusCode, 400);
    assert.equal(half.json().error.details[0].field, 'query.lon');
  });
});

describe('shelter capacity', () => {
  test('the shelter\'s own staff update free beds; others cannot; more free than total is refused', async () => {
    await t.db.updateTable('directory_organizations').set({ lifeline_organisation_id: shelterOrgId }).where('id', '=', ORG).execute();
    const url = `/api/directory/services/${SHELTER}/capacity`;
    const ok = await t.request({ method: 'PUT', url, headers: shelterStaff.headers, payload: { bedsFree: 5 } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().bedsFree, 5);
    const tooMany = await t.request({ method: 'PUT', url, headers: shelterStaff.headers, payload: { bedsFree: 41 } });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().error.details[0].field, 'bedsFree');
    const other = await t.request({ method: 'PUT', url, headers: analyst.headers, payload: { bedsFree: 1 } });
    assert.equal(other.statusCode, 403);
    const row = await t.db.selectFrom('directory_services').select('beds_free').where('id', '=', SHELTER).executeTakeFirstOrThrow();
    assert.equal(row.beds_free, 5);
  });
});

describe('HSDS export and API', () => {
  test('the export zip round-trips and never contains a confidential location', async () => {
    const response = await t.request({ method: 'GET', url: '/api/directory/export.zip', headers: coordinator.headers });
    assert.equal(response.statusCode, 200);
    const files = unzipSync(response.rawPayload);
    const names = Object.keys(files).sort();
    assert.ok(names.includes('datapackage.json') && names.includes('services.csv'));
    const text = (name: string): string => new TextDecoder().decode(files[name]);
    assert.ok(!text('locations.csv').includes(LOC_SAFE));
    assert.ok(!text('service_at_location.csv').includes(LOC_SAFE));
    assert.ok(text('locations.csv').includes(LOC_SHELTER));
    const descriptor = JSON.parse(text('datapackage.json'));
    assert.deepEqual(descriptor.resources.map((r: { path: string }) => r.path).sort(), names.filter((n) => n.endsWith('.csv')).sort());
    const map = new Map(Object.entries(files).map(([n, b]) => [n, new TextDecoder().decode(b)]));
    const reimport = await upload(coordinator, zipOf(map));
    assert.equal(reimport.statusCode, 201, reimport.body);
    const analystConfidential = await t.request({ method: 'GET', url: '/api/directory/export.zip?includeConfidential=true', headers: analyst.headers });
    assert.equal(analystConfidential.statusCode, 403);
  });

  test('the public HSDS API pages services and dereferences one, without sign-in and without safe houses', async () => {
    const root = await t.request({ method: 'GET', url: '/api/hsds' });
    assert.equal(root.json().version, '3.0');
    const page = await t.request({ method: 'GET', url: '/api/hsds/services?per_page=2' });
    assert.equal(page.statusCode, 200);
    const body = page.json();
    assert.equal(body.size, 2);
    assert.equal(body.first_page, true);
    assert.ok(body.total_items >= 3);
    const safe = (await t.request({ method: 'GET', url: `/api/hsds/services/${SAFE_HOUSE}` })).json();
    assert.deepEqual(safe.service_at_locations, []);
    const shelter = (await t.request({ method: 'GET', url: `/api/hsds/services/${SHELTER}` })).json();
    assert.equal(shelter.service_at_locations[0].location.id, LOC_SHELTER);
    assert.equal(shelter.organization.id, ORG);
    assert.equal(shelter.capacities[0].unit.name, 'bed');
    const missing = await t.request({ method: 'GET', url: `/api/hsds/services/${randomUUID()}` });
    assert.equal(missing.statusCode, 404);
  });
});
