import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { importFiles } from '../../src/features/directory/directory.service.ts';
import type { SignedIn } from '../factories/access.ts';
import { hsdsPackage } from '../factories/directory.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildMapWorld, insertReports, type MapWorld, reportRows } from './helpers.ts';

let t: TestApp;
let w: MapWorld;
let caseworker: SignedIn;
let analyst: SignedIn;
let outsider: SignedIn;
let otherCrisis: SignedIn;
let loneId: string;
const TRIPOLI = '12.9,32.6,13.6,33.2';

before(async () => {
  t = await startTestApp();
  w = await buildMapWorld(t);
  // 200 around Tripoli, one alone far away (Sabha), 30 of the other organisation, 10 false reports, 20 medical in June.
  await insertReports(t, reportRows(200, { crisis_id: w.crisisId, organisation_id: w.orgA }));
  loneId = (await insertReports(t, reportRows(1, { crisis_id: w.crisisId, organisation_id: w.orgA }, { lat: 27.03, lon: 14.43 }, 0)))[0] as string;
  await insertReports(t, reportRows(30, { crisis_id: w.crisisId, organisation_id: w.orgB }));
  await insertReports(t, reportRows(10, { crisis_id: w.crisisId, organisation_id: w.orgA, verification: 'false' }));
  await insertReports(t, reportRows(20, { crisis_id: w.crisisId, organisation_id: w.orgA, categories: ['medical'], occurred_at: new Date('2026-06-02T08:00:00Z') }));
  const pkg = hsdsPackage(50, { seed: 7 });
  await importFiles(t.db, pkg.files, 'system', [w.crisisId]);
  caseworker = await w.as('caseworker');
  analyst = await w.as('analyst');
  outsider = await w.as('caseworker', w.orgB);
  otherCrisis = await w.as('caseworker', w.orgA, w.otherCrisisId);
});
after(async () => t?.close());

const clusters = (who: SignedIn, query: string) => t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/map/clusters?${query}`, headers: who.headers });
type Feature = { id: number | string; geometry: { coordinates: [number, number] }; properties: { cluster: boolean; point_count: number; reportId?: string } };

describe('map clusters', () => {
  test('low zoom: one cluster around Tripoli, the lone report a jittered point; a FeatureCollection MapLibre can read', async () => {
    const res = await clusters(caseworker, 'bbox=9,19,26,34&zoom=4');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.type, 'FeatureCollection');
    assert.equal(body.total, 221, 'own organisation, unverified and verified only');
    const features = body.features as Feature[];
    const big = features.find((f) => f.properties.cluster);
    assert.equal(big?.properties.point_count, 220);
    assert.equal(typeof (big?.properties as Record<string, unknown>)['cluster_id'], 'number');
    const lone = features.find((f) => !f.properties.cluster);
    assert.equal(lone?.properties.reportId, loneId);
    assert.notDeepEqual(lone?.geometry.coordinates, [14.43, 27.03]);
    assert.equal(body.pointsAreJittered, true);
    const again = (await clusters(caseworker, 'bbox=9,19,26,34&zoom=5')).json().features.find((f: Feature) => !f.properties.cluster);
    assert.deepEqual(again.geometry.coordinates, lone?.geometry.coordinates, 'points do not dance between zooms');
  });

  test('reports made at the same spot: their cluster is jittered too, at every zoom', async () => {
    const spot = { lat: 31.5012345, lon: 25.1012345 };
    await insertReports(t, reportRows(3, { crisis_id: w.crisisId, organisation_id: w.orgA }, spot, 0));
    for (const zoom of [3, 9, 16]) {
      const body = (await clusters(caseworker, `bbox=25.09,31.49,25.11,31.51&zoom=${zoom}`)).json();
      const f = (body.features as Feature[]).find((x) => x.properties.point_count === 3);
      assert.ok(f, `zoom ${zoom}: ${JSON.stringify(body.features)}`);
      const [lon, lat] = f.geometry.coordinates;
      const metres = Math.hypot((lat - spot.lat) * 111_320, (lon - spot.lon) * 111_320 * Math.cos((spot.lat * Math.PI) / 180));
      assert.ok(metres > 30, `zoom ${zoom}: the cluster sits ${metres} m from the reports' point`);
    }
    await t.db.deleteFrom('reports').where('latitude', '=', spot.lat).execute();
  });

  test('higher zooms split the clusters and the totals stay the same', async () => {
    let previous = 0;
    for (const zoom of [6, 10, 14]) {
      const body = (await clusters(caseworker, `bbox=${TRIPOLI}&zoom=${zoom}`)).json();
      assert.equal(body.total, 220, `zoom ${zoom}`);
      assert.ok(body.features.length >= previous, `zoom ${zoom}: ${body.features.length} features`);
      previous = body.features.length;
      assert.equal((body.features as Feature[]).reduce((s, f) => s + f.properties.point_count, 0), 220);
    }
    assert.ok(previous > 50);
  });

  test('filters: category, verification and time window', async () => {
    assert.equal((await clusters(caseworker, `bbox=${TRIPOLI}&zoom=8&category=medical`)).json().total, 20);
    assert.equal((await clusters(caseworker, `bbox=${TRIPOLI}&zoom=8&category=medical,water`)).json().total, 220);
    assert.equal((await clusters(caseworker, `bbox=${TRIPOLI}&zoom=8&verification=false`)).json().total, 10);
    assert.equal((await clusters(caseworker, `bbox=${TRIPOLI}&zoom=8&from=2026-06-01&to=2026-06-30`)).json().total, 20);
    assert.equal((await clusters(caseworker, `bbox=${TRIPOLI}&zoom=8&to=2026-06-01`)).json().total, 200);
    assert.equal((await clusters(caseworker, `bbox=${TRIPOLI}&zoom=8&to=2026-06-02`)).json().total, 220, 'a date alone as to includes that day');
  });

  test('low zooms read the pre-aggregated cells, kept exact through updates; a time window in hours reads the reports', async () => {
    const wide = 'bbox=9,19,26,34';
    assert.equal((await clusters(caseworker, `${wide}&zoom=3&verification=false`)).json().total, 10);
    assert.equal((await clusters(caseworker, `${wide}&zoom=7&category=medical&from=2026-06-01&to=2026-06-02`)).json().total, 20);
    assert.equal((await clusters(caseworker, `${wide}&zoom=3&from=2026-06-02T07:00:00Z`)).json().total, 20);
    assert.equal((await clusters(caseworker, `${wide}&zoom=3&from=2026-06-02T09:00:00Z`)).json().total, 0);
    const coordinator = await w.as('coordinator');
    const set = await t.request({ method: 'PUT', url: `/api/reports/${loneId}/verification`, headers: coordinator.headers, payload: { status: 'false', method: 'phone_call', version: 1 } });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal((await clusters(caseworker, `${wide}&zoom=3`)).json().total, 220);
    assert.equal((await clusters(caseworker, `${wide}&zoom=3&verification=false`)).json().total, 11);
    await t.request({ method: 'PUT', url: `/api/reports/${loneId}/verification`, headers: coordinator.headers, payload: { status: 'unverified', version: 2 } });
    assert.equal((await clusters(caseworker, `${wide}&zoom=3`)).json().total, 221);
    for (const [level, allTime] of [[4, false], [4, true], [7, false], [7, true], [10, true]] as const) {
      const sum = await t.db.selectFrom('report_cells').select((eb) => eb.fn.sum<string>('n').as('n')).where('level', '=', level).where('crisis_id', '=', w.crisisId)
        .where('day', allTime ? '=' : '<>', sql<string>`'infinity'::date`).executeTakeFirstOrThrow();
      assert.equal(Number(sum.n), 261, `every report counted once at level ${level}${allTime ? ', all time' : ''}`);
    }
  });

  test('a counts-only role gets cells no finer than zoom 10, at the cell centre, never a point', async () => {
    const body = (await clusters(analyst, 'bbox=9,19,26,34&zoom=14')).json();
    assert.equal(body.zoom, 10);
    assert.equal(body.pointsAreJittered, false);
    for (const f of body.features as Feature[]) {
      assert.equal(f.properties.cluster, true);
      assert.equal(f.properties.reportId, undefined);
    }
    const lone = (body.features as Feature[]).find((f) => f.properties.point_count === 1);
    assert.ok(lone);
    assert.ok(Math.abs(lone.geometry.coordinates[0] - 14.43) > 0.001 || Math.abs(lone.geometry.coordinates[1] - 27.03) > 0.001);
  });

  test('bad input: bbox, zoom, category, dates; each names the field and the rule', async () => {
    const cases: [string, string][] = [
      ['bbox=0,0,200,10&zoom=3', 'query.bbox.2'],
      ['bbox=0,-95,10,10&zoom=3', 'query.bbox.1'],
      ['bbox=10,0,0,10&zoom=3', 'query.bbox'],
      ['bbox=a,b,c,d&zoom=3', 'query.bbox.0'],
      ['bbox=0,0,10&zoom=3', 'query.bbox'],
      ['bbox=0,0,10,10&zoom=2.5', 'query.zoom'],
      ['bbox=0,0,10,10&zoom=23', 'query.zoom'],
      ['bbox=0,0,10,10&zoom=-1', 'query.zoom'],
      ['bbox=0,0,10,10&zoom=x', 'query.zoom'],
      ['bbox=0,0,10,10&zoom=3&category=unicorns', 'query.category.0'],
      ['bbox=0,0,10,10&zoom=3&verification=maybe', 'query.verification.0'],
      ['bbox=0,0,10,10&zoom=3&from=yesterday', 'query.from'],
      ['bbox=0,0,10,10&zoom=3&from=2026-06-02&to=2026-06-01', 'query.to'],
      ['zoom=3', 'query.bbox'],
      ['bbox=-180,-85,180,85&zoom=14', 'query.bbox'],
      ['bbox=0,0,10,10&zoom=3&colour=red', 'query.colour'],
    ];
    for (const [query, field] of cases) {
      const res = await clusters(caseworker, query);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
      const details = res.json().error.details as { field: string; rule: string }[];
      assert.ok(details.some((d) => d.field === field && d.rule.length > 0), `${query}: ${JSON.stringify(details)}`);
    }
  });

  test('another organisation sees only its own reports; another crisis and anonymous callers nothing', async () => {
    assert.equal((await clusters(outsider, `bbox=${TRIPOLI}&zoom=8`)).json().total, 30);
    assert.equal((await clusters(otherCrisis, `bbox=${TRIPOLI}&zoom=8`)).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/map/clusters?bbox=${TRIPOLI}&zoom=8` })).statusCode, 401);
  });

  test('the services layer leaves safe houses out for analysts; evacuation points are a layer too', async () => {
    const forCaseworker = (await t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/map/services`, headers: caseworker.headers })).json();
    const forAnalyst = (await t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/map/services`, headers: analyst.headers })).json();
    assert.equal(forCaseworker.features.length, 50);
    assert.equal(forAnalyst.features.length, 49, 'the confidential location is left out');
    assert.ok(forAnalyst.features.every((f: { properties: { confidential: boolean } }) => !f.properties.confidential));
    const coordinator = await w.as('coordinator');
    const made = await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/evacuation-points`, headers: coordinator.headers, payload: { name: 'Port gate 3', kind: 'port', latitude: 32.9, longitude: 13.19, isPublic: true } });
    assert.equal(made.statusCode, 201, made.body);
    assert.equal((await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/evacuation-points`, headers: caseworker.headers, payload: { name: 'X', kind: 'port', latitude: 1, longitude: 1 } })).statusCode, 404);
    const layer = (await t.request({ method: 'GET', url: `/api/crises/${w.crisisId}/map/evacuation-points`, headers: analyst.headers })).json();
    assert.equal(layer.features[0].properties.name, 'Port gate 3');
  });

  test('the cluster API is described in OpenAPI', async () => {
    const spec = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = spec.paths['/api/crises/{crisisId}/map/clusters'].get;
    assert.ok(op.parameters.some((p: { name: string }) => p.name === 'bbox'));
    assert.ok(JSON.stringify(op.responses['200']).includes('point_count'));
  });
});
