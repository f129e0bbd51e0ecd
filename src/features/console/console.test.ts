/**
 * The console's static serving: hashed assets with their own type and a year's cache, the shell revalidated, no way
 * out of web/dist, a missing asset is a 404 (never the shell, which a service worker would then keep as script),
 * and /api stays the API's.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureConsoleBuilt } from '../../../test/browser/console-build.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { CONSOLE_DIST, consoleRoutes } from './console.routes.ts';

let t: TestApp;
let script: string;

describe('console static serving', () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    script = fs.readdirSync(path.join(CONSOLE_DIST, 'assets')).find((name) => name.endsWith('.js'))!;
  });
  after(async () => t?.close());

  test('the shell: HTML, revalidated, signed-out marker without a cookie', async () => {
    for (const url of ['/console', '/console/', '/console/c/00000000-0000-4000-8000-000000000000/triage']) {
      const res = await t.request({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /<meta name="lifeline-session" content="none">/);
    }
  });

  test('hashed assets: their own type, immutable, pre-compressed when asked', async () => {
    const res = await t.request({ method: 'GET', url: `/console/assets/${script}`, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.match(String(res.headers['cache-control']), /max-age=31536000/);
    assert.match(String(res.headers['cache-control']), /immutable/);
    assert.equal(res.headers['content-encoding'], 'br');
  });

  test('a missing asset is a 404, not the shell', async () => {
    const res = await t.request({ method: 'GET', url: '/console/assets/index-missing.js' });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(String(res.headers['content-type']), /text\/html/);
  });

  test('no path leaves web/dist', async () => {
    for (const url of ['/console/assets/..%2f..%2f..%2fpackage.json', '/console/assets/../../package.json', '/console/..%2f..%2fpackage.json', '/console/assets/%2e%2e/%2e%2e/%2e%2e/package.json', '/console/sw.js/..%2f..%2f..%2fpackage.json']) {
      const res = await t.request({ method: 'GET', url });
      assert.ok(!res.body.includes('"name": "lifeline"'), `${url} answered package.json`);
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    }
  });

  test('the service worker and manifest: their types, revalidated', async () => {
    const sw = await t.request({ method: 'GET', url: '/console/sw.js' });
    assert.equal(sw.statusCode, 200);
    assert.match(String(sw.headers['content-type']), /^text\/javascript/);
    assert.equal(sw.headers['cache-control'], 'no-cache');
    const manifest = await t.request({ method: 'GET', url: '/console/manifest.webmanifest' });
    assert.match(String(manifest.headers['content-type']), /^application\/manifest\+json/);
  });

  test('the language in the address cannot inject markup', async () => {
    const res = await t.request({ method: 'GET', url: '/console/?lang=%22%3E%3Cscript%3Ealert(1)%3C/script%3E' });
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /alert\(1\)/);
  });

  test('API answers are not kept by the browser or a proxy (no-store), errors included', async () => {
    for (const url of ['/api/auth/session', '/api/crises', '/api/no-such-thing']) {
      const res = await t.request({ method: 'GET', url });
      assert.equal(res.headers['cache-control'], 'no-store', url);
    }
  });

  test('the fallback does not shadow the API', async () => {
    const res = await t.request({ method: 'GET', url: '/api/no-such-thing' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /application\/json/);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });

  test('not built (npm install --omit=dev): a 503 page that says what to do, not a crash', async () => {
    const bare = Fastify();
    await bare.register(cookie);
    await bare.register(consoleRoutes, { dist: path.join(CONSOLE_DIST, 'no-such-build') });
    const res = await bare.inject({ method: 'GET', url: '/console/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:console/);
    assert.match(res.body, /--omit=dev/);
    await bare.close();
  });
});
