/**
 * Page weight budgets (docs BENCHMARKS.md): the console's first screen (the HTML shell, its stylesheet and the
 * JavaScript it loads before any lazy chunk) ≤ 150 KB HTML+CSS and ≤ 250 KB JavaScript gzipped; each public page, with
 * its stylesheet, ≤ 50 KB gzipped in every language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildOrganisation } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { buildChannel } from '../intake/helpers.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { ensureConsoleBuilt } from '../browser/console-build.ts';
import { firstScreen } from './first-screen.ts';

const KB = 1024;
const gz = (data: string | Buffer): number => gzipSync(data, { level: 9 }).length;


describe('page weight budgets', () => {
  let t: TestApp;
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    const crisis = await buildCrisis(t.db, { slug: 'budget-test', affectedCountries: ['SD'] });
    await buildChannel(t, { crisisId: crisis.id, organisationId: (await buildOrganisation(t)).id, kind: 'web' });
  });
  after(async () => t?.close());

  test('the console first screen: ≤ 150 KB HTML+CSS and ≤ 250 KB JavaScript gzipped', (ctx) => {
    const s = firstScreen();
    ctx.diagnostic(`console first screen: HTML ${s.html} B + CSS ${s.css} B, JavaScript ${s.js} B gzipped (${s.files.join(', ')})`);
    assert.ok(s.files.some((f) => f.endsWith('.js')), 'the entry script was found');
    assert.ok(s.html + s.css <= 150 * KB, `HTML+CSS ${s.html + s.css} B`);
    assert.ok(s.js <= 250 * KB, `JavaScript ${s.js} B`);
  });

  test('the console is served with cache headers: hashed assets for a year, the shell revalidated', async () => {
    const shell = await t.request({ method: 'GET', url: '/console/c/some-crisis/triage' });
    assert.equal(shell.statusCode, 200);
    assert.equal(shell.headers['cache-control'], 'no-cache');
    const asset = firstScreen().files[0]!;
    const file = await t.request({ method: 'GET', url: `/console/${asset}` });
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['cache-control']), /max-age=31536000, immutable/);
    assert.equal((await t.request({ method: 'GET', url: '/console/assets/missing.js' })).statusCode, 404);
  });

  for (const pagePath of ['sos', 'services', '']) {
    test(`the public ${pagePath || 'crisis information'} page: ≤ 50 KB gzipped with its stylesheet, in every language`, async (ctx) => {
      const css = gz((await t.request({ method: 'GET', url: '/static/public.css' })).rawPayload);
      for (const lang of ['en', 'fr', 'ar', 'es']) {
        const res = await t.request({ method: 'GET', url: `/c/budget-test${pagePath ? `/${pagePath}` : ''}?lang=${lang}` });
        assert.equal(res.statusCode, 200, res.body);
        const total = gz(res.rawPayload) + css;
        ctx.diagnostic(`${pagePath || 'info'} (${lang}): ${total} B gzipped with its stylesheet`);
        assert.ok(total <= 50 * KB, `${pagePath} in ${lang}: ${total} B`);
      }
    });
  }
});
