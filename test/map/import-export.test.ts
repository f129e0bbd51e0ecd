import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { SignedIn } from '../factories/access.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildMapWorld, insertReports, type MapWorld, reportRows } from './helpers.ts';

let t: TestApp;
let w: MapWorld;
let coordinator: SignedIn;
let caseworker: SignedIn;
let analyst: SignedIn;
let outsider: SignedIn;

// Written for these tests: the shape of an HXL incident list and of the Missing Migrants Project export, made-up rows.
const hxl = [
  'Incident,Date,Lat,Lon,Country,Region,Dead,Missing,Need,Place',
  '#meta+id,#date+occurred,#geo+lat,#geo+lon,#country+code,#adm1+name,#affected+killed,#affected+missing,#need+code,#loc+name',
  'i-1,2026-05-01,32.90,13.20,LBY,Tripoli,2,1,death;missing_person,Harbour',
  'i-2,2026-05-02,32.91,13.21,LY,Tripoli,0,3,missing_person,Beach',
  'i-3,2026-05-09,31.20,16.59,LY,Sirte,1,,death,Road',
].join('\n');
const mmp = [
  '\uFEFF"Web ID","Region of Incident","Reported Date","Number Dead","Minimum Estimated Number of Missing","Cause of Death","Location Description","Location Coordinates"',
  '"900001","Mediterranean","December 30, 2019","1","","Drowning","Off a made-up coast","35.5, -1.25"',
  '"900002","North Africa","January 3, 2020","","2","Unknown","A made-up desert road","27.1, 14.4"',
].join('\n');

before(async () => {
  t = await startTestApp();
  w = await buildMapWorld(t);
  coordinator = await w.as('coordinator');
  caseworker = await w.as('caseworker');
  analyst = await w.as('analyst');
  outsider = await w.as('coordinator', w.orgB);
});
after(async () => t?.close());

const importCsv = (who: SignedIn, payload: Record<string, unknown>) => t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/map/datasets`, headers: who.headers, payload });
const count = async (): Promise<number> => Number((await t.db.selectFrom('reports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('incident dataset import', () => {
  test('an HXL-tagged CSV lands whole, as verified incidents', async () => {
    const res = await importCsv(coordinator, { name: 'Test incidents', source: 'a test', profile: 'hxl', csv: hxl });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().rows, 3);
    const rows = await t.db.selectFrom('reports').selectAll().where('dataset_id', '=', res.json().datasetId).orderBy('external_id').execute();
    assert.deepEqual(rows.map((r) => [r.external_id, r.country, r.admin1_name, r.dead_count, r.missing_count, r.source, r.verification]), [
      ['i-1', 'LY', 'Tripoli', 2, 1, 'import', 'verified'],
      ['i-2', 'LY', 'Tripoli', 0, 3, 'import', 'verified'],
      ['i-3', 'LY', 'Sirte', 1, null, 'import', 'verified'],
    ]);
    const layer = (await t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/map/clusters?bbox=10,30,20,34&zoom=3&layer=incidents`, headers: caseworker.headers })).json();
    assert.equal(layer.total, 3, 'a caseworker of the importing organisation sees them on the incidents layer');
  });

  test('the Missing Migrants Project export shape is read with its own headers', async () => {
    const res = await importCsv(coordinator, { name: 'MMP sample', profile: 'missing_migrants', csv: mmp, source: "IOM's Missing Migrants Project", licence: 'CC BY 4.0' });
    assert.equal(res.statusCode, 201, res.body);
    const rows = await t.db.selectFrom('reports').selectAll().where('dataset_id', '=', res.json().datasetId).orderBy('external_id').execute();
    assert.equal(rows[0]?.occurred_at.toISOString(), '2019-12-30T00:00:00.000Z');
    assert.deepEqual(rows[0]?.categories, ['death', 'missing_person']);
    assert.equal(rows[1]?.missing_count, 2);
    assert.match(rows[0]?.description ?? '', /Drowning/);
    const noPoint = await importCsv(coordinator, { name: 'MMP, a row without a point', profile: 'missing_migrants', csv: `${mmp}\n"900003","Europe","March 1, 2020","1","","Unknown","Nowhere",""` });
    assert.deepEqual(noPoint.json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`), ['rows.4.coordinates:required']);
  });

  test('one bad row refuses the whole file, each problem as row, field and rule; nothing is stored', async () => {
    const before = await count();
    const bad = `${hxl}\ni-4,2026-02-30,95,13.2,LY,Tripoli,two,,unicorns,X\ni-1,2026-05-01,32.9,13.2,LY,Tripoli,1,,death,Dup`;
    const res = await importCsv(coordinator, { name: 'Broken', profile: 'hxl', csv: bad });
    assert.equal(res.statusCode, 400);
    const details = res.json().error.details.map((d: { field: string; rule: string }) => `${d.field}:${d.rule}`);
    assert.deepEqual(details.sort(), ['rows.6.date:invalid_date', 'rows.6.latitude:out_of_range', 'rows.6.dead:invalid_number', 'rows.6.categories:unknown_category', 'rows.7.id:duplicate'].sort());
    assert.equal(await count(), before);
    const noTags = await importCsv(coordinator, { name: 'No tags', profile: 'hxl', csv: 'a,b\n1,2' });
    assert.equal(noTags.json().error.details[0].rule, 'hxl_tags');
    const notCsv = await importCsv(coordinator, { name: 'Quote', profile: 'hxl', csv: '#geo+lat,#geo+lon,#date\n"1,2' });
    assert.equal(notCsv.statusCode, 400);
    assert.equal(await count(), before);
  });

  test('only coordinators of the crisis import', async () => {
    assert.equal((await importCsv(caseworker, { name: 'X', profile: 'hxl', csv: hxl })).statusCode, 404);
    assert.equal((await importCsv(coordinator, { name: 'X', profile: 'geojson', csv: hxl })).json().error.details[0].field, 'profile');
  });
});

describe('report exports', () => {
  before(async () => {
    await insertReports(t, reportRows(12_000, { crisis_id: w.crisisId, organisation_id: w.orgA, description: 'Personal words', admin1_name: 'Tripoli', country: 'LY' }));
    await insertReports(t, reportRows(7, { crisis_id: w.crisisId, organisation_id: w.orgB }));
  });

  const get = (who: SignedIn, query: string) => t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/reports/export?${query}`, headers: who.headers });

  test('CSV streams every row across keyset batches; a caseworker gets jittered points and no description', async () => {
    const res = await get(caseworker, 'format=csv');
    assert.equal(res.statusCode, 200, res.body.slice(0, 200));
    const rows = parse(res.body) as string[][];
    assert.equal(rows.length, 12_001);
    const header = rows[0] as string[];
    assert.ok(!header.includes('Description'));
    const lat = header.indexOf('Latitude');
    assert.ok(lat > 0);
    assert.ok(rows.slice(1).every((r) => (r[lat] as string).split('.')[1]!.length <= 4), 'jittered points are rounded to 4 decimals');
    assert.ok(!res.body.includes('Personal words'));
  });

  test('HXL adds the hashtag row; exact=true needs export:personal and gives the stored point and description', async () => {
    const hxlRes = await get(coordinator, 'format=hxl&exact=true&verification=unverified');
    assert.equal(hxlRes.statusCode, 200);
    const rows = parse(hxlRes.body) as string[][];
    assert.equal(rows[1]?.[0], '#meta+id');
    assert.ok(rows[1]?.includes('#geo+lat'));
    assert.ok(rows[1]?.includes('#description'));
    assert.equal(rows.length, 2 + 12_000);
    assert.equal((await get(caseworker, 'format=hxl&exact=true')).statusCode, 403);
  });

  test('an exact export gives each report as stored: the instant in UTC to the millisecond, the needs joined by ;', async () => {
    const [stored] = await insertReports(t, reportRows(1, { crisis_id: w.crisisId, organisation_id: w.orgA, categories: ['water', 'medical'], occurred_at: new Date('2026-05-07T23:59:58.123Z'), latitude: -12.3456789, longitude: 0.5 }));
    try {
      const rows = parse((await get(coordinator, 'format=csv&exact=true')).body) as string[][];
      const header = rows[0] as string[];
      const row = rows.find((r) => r[0] === stored);
      assert.ok(row, 'the report is in the export');
      const cell = (name: string) => row[header.indexOf(name)];
      assert.equal(cell('Occurred'), '2026-05-07T23:59:58.123Z');
      assert.equal(cell('Categories'), 'water;medical');
      assert.equal(cell('Latitude'), '-12.345679');
      assert.equal(cell('Longitude'), '0.5');
    } finally {
      await t.db.deleteFrom('reports').where('id', '=', stored as string).execute();
    }
  });

  test('an analyst gets no point at all: admin areas and the week', async () => {
    const res = await get(analyst, 'format=csv&layer=reports');
    const rows = parse(res.body) as string[][];
    assert.ok(!rows[0]?.includes('Latitude'));
    assert.ok(rows[0]?.includes('Week'));
    assert.equal(rows[1]?.[rows[0]!.indexOf('Week')], '2026-05-04');
  });

  test('GeoJSON is a FeatureCollection; exports are audited with the fields; other crises and organisations are out', async () => {
    const res = await get(caseworker, 'format=geojson&category=water');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /geo\+json/);
    const body = res.json();
    assert.equal(body.type, 'FeatureCollection');
    assert.equal(body.features.length, 12_000);
    const outside = await get(outsider, 'format=geojson');
    assert.equal(outside.json().features.length, 7);
    assert.equal((await get(await w.as('coordinator', w.orgA, w.otherCrisisId), 'format=csv')).statusCode, 404);
    const audits = await t.db.selectFrom('audit_log').select(['fields', 'metadata']).where('subject_type', '=', 'reports').where('action', '=', 'export').execute();
    assert.ok(audits.length >= 5);
    assert.ok(audits.some((a) => a.fields.includes('description')));
    assert.equal((await get(caseworker, 'format=xlsx')).json().error.details[0].field, 'query.format');
  });
});
