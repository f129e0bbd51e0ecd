import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellCentre, cellX, cellY, jitter, shiftFor } from '../../src/features/map/geo.ts';
import { suppressGroup } from '../../src/features/map/suppression.ts';

const cells = (...counts: number[]) => counts.map((count, key) => ({ key, count }));
const shown = (r: ReturnType<typeof suppressGroup<number>>) => [r.cells.map((c) => c.count), r.total];

describe('small-cell suppression', () => {
  test('counts under 5 are withheld; zero cells are not listed', () => {
    assert.deepEqual(shown(suppressGroup(cells(12, 3, 2, 0))), [[12, null, null], 17]);
  });
  test('one withheld cell alone: a small cell joins it, or else the total goes', () => {
    assert.deepEqual(shown(suppressGroup(cells(20, 6, 3))), [[20, null, null], 29]);
    assert.deepEqual(shown(suppressGroup(cells(40, 30, 3))), [[40, 30, null], null]);
  });
  test('withheld cells that add up to under 5, or all at 4, are not safe either', () => {
    assert.deepEqual(shown(suppressGroup(cells(30, 1, 2, 7))), [[30, null, null, null], 40]);
    assert.deepEqual(shown(suppressGroup(cells(50, 4, 4, 9))), [[50, null, null, null], 67]);
  });
  test('when the total is published elsewhere, any cell may be withheld, all of them if need be', () => {
    assert.deepEqual(shown(suppressGroup(cells(40, 3), { totalIsFixed: true })), [[null, null], 43]);
  });
  test('a total under 5 is withheld with its cells', () => {
    assert.deepEqual(shown(suppressGroup(cells(2, 1))), [[null, null], null]);
  });
  test('every outcome: no published count under 5, never exactly one withheld cell beside a published total', () => {
    for (let seed = 1; seed < 2000; seed += 1) {
      const counts = Array.from({ length: 1 + (seed % 6) }, (_, i) => ((seed * (i + 7) * 2654435761) >>> 0) % 14);
      const r = suppressGroup(cells(...counts));
      for (const c of r.cells) assert.ok(c.count === null || c.count >= 5);
      assert.ok(r.total === null || r.total >= 5);
      if (r.total !== null) {
        const hidden = r.cells.filter((c) => c.count === null);
        assert.ok(hidden.length !== 1, `${counts}`);
        const sum = hidden.reduce((s, c) => s + (counts[c.key] as number), 0);
        assert.ok(hidden.length === 0 || (sum >= 5 && sum !== hidden.length * 4), `${counts}`);
      }
    }
  });
});

describe('map geometry', () => {
  test('cells match the generated columns\' formula at the edges', () => {
    assert.equal(cellX(-180), 0);
    assert.equal(cellX(180), 2 ** 24 - 1);
    assert.equal(cellY(90), 0);
    assert.equal(cellY(-90), 2 ** 24 - 1);
    assert.equal(cellX(0), 2 ** 23);
  });
  test('a cell centre lies in its cell', () => {
    const c = cellCentre(10, cellX(13.19) >> shiftFor(10), cellY(32.88) >> shiftFor(10));
    assert.equal(cellX(c.lon) >> shiftFor(10), cellX(13.19) >> shiftFor(10));
    assert.equal(cellY(c.lat) >> shiftFor(10), cellY(32.88) >> shiftFor(10));
  });
  test('jitter is stable per report, 50 to 250 m, and differs between reports and keys', () => {
    const key = Buffer.alloc(32, 1);
    const a = jitter('8a4c1d7e-0000-4000-8000-000000000001', 32.88, 13.19, key);
    assert.deepEqual(jitter('8a4c1d7e-0000-4000-8000-000000000001', 32.88, 13.19, key), a);
    assert.notDeepEqual(jitter('8a4c1d7e-0000-4000-8000-000000000002', 32.88, 13.19, key), a);
    assert.notDeepEqual(jitter('8a4c1d7e-0000-4000-8000-000000000001', 32.88, 13.19, Buffer.alloc(32, 2)), a);
    const m = Math.hypot((a.lat - 32.88) * 111_320, (a.lon - 13.19) * 111_320 * Math.cos((32.88 * Math.PI) / 180));
    assert.ok(m > 35 && m < 265, `${m}`);
  });
});
