/**
 * The console's offline first-level boundaries (web/src/screens/map/boundaries/admin1.json, written by
 * bin/build-admin1.ts): small enough to ship, every area with its codes and names, the codes those of the gazetteer.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { admin1Name } from '../../src/features/triage/extraction/admin-areas.ts';
import type { Admin1Properties } from '../../web/src/screens/map/boundaries/admin1.ts';

const file = new URL('../../web/src/screens/map/boundaries/admin1.json', import.meta.url);

describe('the admin-1 boundaries shipped with the console', () => {
  const bytes = fs.statSync(file).size;
  const topology = JSON.parse(fs.readFileSync(file, 'utf8')) as Topology<{ admin1: GeometryCollection<Admin1Properties> }>;
  const areas = topology.objects.admin1.geometries;
  const props = areas.map((a) => a.properties as Admin1Properties);

  test('one quantised TopoJSON file of at most 3 MB with every Natural Earth area', (ctx) => {
    ctx.diagnostic(`${bytes} bytes, ${areas.length} areas, ${topology.arcs.length} arcs`);
    assert.ok(bytes <= 3 * 1024 * 1024, `${bytes} bytes`);
    assert.ok(topology.transform, 'quantised');
    assert.equal(areas.length, 4596);
    assert.ok(areas.every((a) => a.type === 'Polygon' || a.type === 'MultiPolygon'), 'no area lost its shape');
  });

  test('each area has its ISO 3166-2 (or Natural Earth) code, country and name; most have a GeoNames code and an Arabic name', () => {
    for (const p of props) {
      // Natural Earth's own code, ending in ~, where ISO 3166-2 has none ("EH-X01~", "-99-X11~" for Somaliland).
      assert.match(p.iso, /^([A-Z]{2}|-99)-\w+~?$/, JSON.stringify(p));
      assert.match(p.country, /^[A-Z]{2}$/, JSON.stringify(p));
      assert.ok(p.name, JSON.stringify(p));
    }
    assert.ok(props.filter((p) => p.admin1).length > 0.95 * areas.length);
    assert.ok(props.filter((p) => p.name_ar).length > 0.95 * areas.length);
    const sfax = props.find((p) => p.iso === 'TN-61');
    assert.deepEqual(sfax, { iso: 'TN-61', country: 'TN', admin1: '32', name: 'Sfax', name_ar: 'ولاية صفاقس' });
    assert.equal(admin1Name(sfax?.country, sfax?.admin1), 'Sfax Governorate', 'the same code as the gazetteer');
  });

  test('the lines the console draws: between areas of one country, in Libya too', () => {
    const country = (g: { properties?: unknown }) => (g.properties as Admin1Properties | undefined)?.country;
    const libya = mesh(topology, topology.objects.admin1, (a, b) => a !== b && country(a) === 'LY' && country(b) === 'LY');
    assert.ok(libya.coordinates.length >= 10, `${libya.coordinates.length} lines inside Libya`);
  });
});
