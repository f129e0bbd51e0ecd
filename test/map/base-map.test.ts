/** The console's base map setting: online raster tiles only when MAP_TILES_URL is set, and the page's CSP allows only that origin. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildMapWorld, type MapWorld } from './helpers.ts';

const TILES = 'https://tiles.example.org/{z}/{x}/{y}.png';
let t: TestApp;
let w: MapWorld;
before(async () => {
  t = await startTestApp({ MAP_TILES_URL: TILES, MAP_TILES_ATTRIBUTION: '© Example tiles' });
  w = await buildMapWorld(t);
});
after(() => t.close());

describe('online raster tiles under the console map', () => {
  test('a signed-in responder gets the configured tiles and their credit; nobody else does', async () => {
    const caseworker = await w.as('caseworker');
    const res = await t.request({ method: 'GET', url: '/api/map/base', headers: caseworker.headers });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { tilesUrl: TILES, attribution: '© Example tiles' });
    assert.equal((await t.request({ method: 'GET', url: '/api/map/base' })).statusCode, 401);
  });

  test('the content security policy lets the console fetch tiles from that origin only', async () => {
    const csp = String((await t.request({ method: 'GET', url: '/console/' })).headers['content-security-policy']);
    assert.match(csp, /connect-src 'self' https:\/\/tiles\.example\.org(;|$)/);
    assert.match(csp, /img-src 'self' data: https:\/\/tiles\.example\.org(;|$)/);
  });

  test('unset, the map has its offline base only and the policy names no other origin', async () => {
    const plain = await startTestApp();
    try {
      const csp = String((await plain.request({ method: 'GET', url: '/console/' })).headers['content-security-policy']);
      assert.match(csp, /connect-src 'self'(;|$)/);
      assert.equal(plain.config.mapTilesUrl, undefined);
    } finally {
      await plain.close();
    }
  });

  test('a bad MAP_TILES_URL stops the start with the variable and the rule named', () => {
    for (const [value, rule] of [['http://tiles.example.org/{z}/{x}/{y}.png', /https address/], ['https://tiles.example.org/tile.png', /\{z\}, \{x\} and \{y\}/], ['https://{s}.tiles.example.org/{z}/{x}/{y}.png', /no \{s\}/]] as const) {
      assert.throws(() => loadConfig({ MAP_TILES_URL: value }), (e: unknown) => e instanceof ConfigError && /MAP_TILES_URL/.test(e.message) && rule.test(e.message));
    }
  });
});
