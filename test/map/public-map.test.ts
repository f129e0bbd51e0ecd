/**
 * The public map publishes counts of 5 or more and service places, never a report's point: this test reads every
 * public route (every GET in the OpenAPI document, anonymously, and the server-rendered pages in every language) and
 * looks for the points of all reports, exact and jittered, and for any count under 5.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { importFiles } from '../../src/features/directory/directory.service.ts';
import { jitter } from '../../src/features/map/geo.ts';
import { hsdsPackage } from '../factories/directory.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildMapWorld, insertReports, type MapWorld, reportRows } from './helpers.ts';

let t: TestApp;
let w: MapWorld;
let points: { id: string; latitude: number; longitude: number }[] = [];

before(async () => {
  t = await startTestApp();
  w = await buildMapWorld(t);
  const at = (admin1: string | null, n: number, centre: { lat: number; lon: number }, extra: Record<string, unknown> = {}) =>
    reportRows(n, { crisis_id: w.crisisId, organisation_id: w.orgA, country: 'LY', admin1_name: admin1, ...extra }, centre, 0.01234567);
  await insertReports(t, [
    ...at('Tripoli', 12, { lat: 32.8765432, lon: 13.1876543 }),
    ...at('Misrata', 3, { lat: 32.3754321, lon: 15.0923456 }, { categories: ['medical'] }),
    ...at('Sirte', 6, { lat: 31.2087654, lon: 16.5887654 }, { occurred_at: new Date('2026-05-20T09:00:00Z') }),
    ...at(null, 2, { lat: 30.1234567, lon: 19.1234567 }, { occurred_at: new Date('2026-05-27T09:00:00Z') }),
    ...reportRows(4, { crisis_id: w.crisisId, organisation_id: w.orgB, country: 'TN', admin1_name: 'Sfax' }, { lat: 34.7398765, lon: 10.7612345 }, 0.01234567),
  ]);
  await insertReports(t, at('Tripoli', 9, { lat: 32.8765432, lon: 13.1876543 }, { verification: 'false' }));
  points = await t.db.selectFrom('reports').select(['id', 'latitude', 'longitude']).execute();
  await importFiles(t.db, hsdsPackage(60, { seed: 3, centre: { lat: 36.7, lon: 3.05 } }).files, 'system', [w.crisisId]);
  const coordinator = await w.as('coordinator');
  for (const [name, isPublic] of [['Public assembly point', true], ['Secret pick-up point', false]] as const) {
    await t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/evacuation-points`, headers: coordinator.headers, payload: { name, kind: 'assembly_point', latitude: 32.85, longitude: 13.15, isPublic } });
  }
});
after(async () => t?.close());

/** Every report's point, exact and jittered. */
function reportPoints(): number[] {
  return points.flatMap((p) => {
    const j = jitter(p.id, p.latitude, p.longitude, t.app.secretKey);
    return [p.latitude, p.longitude, j.lat, j.lon];
  });
}

/** Numbers with 3 or more decimals (about 100 m or finer) in a body that equal a report's coordinate at that precision. */
function leakedCoordinates(body: string, coordinates: number[]): string[] {
  const leaks: string[] = [];
  for (const [token] of body.matchAll(/-?\d+\.(\d{3,})/g)) {
    const decimals = token.split('.')[1]!.length;
    const value = Number(token);
    if (coordinates.some((c) => Math.abs(Number(c.toFixed(Math.min(decimals, 15))) - value) < 1e-12)) leaks.push(token);
  }
  return leaks;
}

async function publicBodies(): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const spec = (await t.request({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  const reportId = points[0]!.id;
  const urls = Object.keys(spec.paths).filter((p) => spec.paths[p]!['get']).map((p) => p.replace('{slug}', w.slug).replace('{crisisId}', w.crisisId).replace(/\{[a-zA-Z]+\}/g, reportId));
  for (const page of ['map', 'services', 'sos']) for (const lang of ['en', 'fr', 'ar', 'es']) urls.push(`/c/${w.slug}/${page}?lang=${lang}`);
  for (const url of urls) {
    if (url === '/api/openapi.json') continue;
    const res = await t.request({ method: 'GET', url });
    if (res.statusCode === 200) bodies.set(url, res.body);
    else assert.ok([401, 403, 404].includes(res.statusCode), `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  return bodies;
}

describe('the public map', () => {
  test('no public endpoint or page returns a report\'s point, exact or jittered', async () => {
    const bodies = await publicBodies();
    for (const must of [`/api/public/crises/${w.slug}/map`, `/api/public/crises/${w.slug}/map.csv`, `/c/${w.slug}/map?lang=ar`, `/c/${w.slug}/services?lang=en`]) assert.ok(bodies.has(must), must);
    const coordinates = reportPoints();
    assert.ok(leakedCoordinates(JSON.stringify({ lat: points[0]!.latitude.toFixed(4) }), coordinates).length > 0, 'the detector finds a rounded point');
    assert.ok(bodies.size >= 12, `${bodies.size} public bodies read`);
    for (const [url, body] of bodies) {
      assert.deepEqual(leakedCoordinates(body, coordinates), [], url);
      assert.ok(!body.includes('Secret pick-up point'), `${url} shows an evacuation point that is not public`);
    }
  });

  test('every published count is 5 or more, with complementary suppression', async () => {
    const body = (await t.request({ method: 'GET', url: `/api/public/crises/${w.slug}/map` })).json();
    const counts = [body.total, ...body.areas, ...body.weeks, ...body.categories].map((c) => (typeof c === 'number' || c === null ? c : c.count));
    for (const c of counts) assert.ok(c === null || c >= 5, `count ${c}`);
    const area = (name: string | null) => body.areas.find((a: { admin1: string | null }) => a.admin1 === name);
    assert.equal(area('Tripoli').count, 12);
    assert.equal(area('Misrata').count, null);
    assert.equal(area(null).count, null, 'the reports without an area are withheld too');
    // 27 = Tripoli 12 + Misrata 3 + Sirte 6 + Libya, area unknown 2 + Sfax 4: the three withheld add up to 9, so Sirte stays.
    assert.equal(area('Sirte').count, 6);
    assert.equal(area('Sfax').count, null);
    assert.equal(body.total, 27);
    assert.deepEqual(body.countries, ['LY', 'TN']);
    // Weeks: 19, 6 and 2; withholding 2 and 6 would leave 8 = 4 + 4 to be worked out, so all three go.
    assert.deepEqual(body.weeks.map((w: { count: number | null }) => w.count), [null, null, null]);
    assert.equal(body.services.length, 59, 'service places without the confidential one');
    assert.deepEqual(body.evacuationPoints.map((p: { name: string }) => p.name), ['Public assembly point']);
  });

  test('the page lists by area without JavaScript, in four languages, Arabic right to left, under 50 KB gzipped', async () => {
    for (const lang of ['en', 'fr', 'ar', 'es']) {
      const res = await t.request({ method: 'GET', url: `/c/${w.slug}/map?lang=${lang}` });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`));
      assert.ok(!/<script/i.test(res.body));
      assert.ok(res.body.includes('Tripoli'));
      for (const m of res.body.matchAll(/<strong>([\d\s.,\u00a0\u202f]+)<\/strong>/g)) assert.ok(Number(m[1]!.replace(/\D/g, '')) >= 5, `${lang}: ${m[0]}`);
      const gz = gzipSync(res.body).length;
      assert.ok(gz < 50 * 1024, `${lang}: ${gz} bytes gzipped`);
    }
    assert.equal((await t.request({ method: 'GET', url: '/c/no-such-crisis/map' })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: '/api/public/crises/NOT_A_SLUG/map' })).json().error.details[0].field, 'path.slug');
  });

  test('the public HXL export leaves withheld counts empty', async () => {
    const csv = (await t.request({ method: 'GET', url: `/api/public/crises/${w.slug}/map.csv` })).body;
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[1], '#crisis+code,#country+code,#adm1+name,#affected+migrants');
    assert.ok(lines.some((l) => l.endsWith(',Misrata,')));
    for (const l of lines.slice(2)) {
      const n = l.split(',').at(-1) as string;
      assert.ok(n === '' || Number(n) >= 5, l);
    }
  });
});
