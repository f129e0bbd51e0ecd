/**
 * The console map in Debian's Chromium with 100,000 reports in the crisis: sign in with two-factor, open the map,
 * zoom and pan with the mouse and the keyboard, open a cluster, open a single report and follow it to its case.
 * Interaction latencies are printed and written to test-artifacts/map-browser.json; only with LIFELINE_BENCH_WRITE=1 (as
 * `node --import tsx bench/map-browser.ts` sets it) do they replace the committed bench/results/map-browser.json, so an
 * ordinary `npm test` on a busy machine leaves the recorded figure alone. The test asserts behaviour, never timings.
 * axe-core must find no serious or critical violation on the map screen, in English and in Arabic (right to left).
 * The first-level boundaries are fetched only once the map is open and zoomed in, never at sign-in.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Browser } from 'playwright-core';
import { writeResult } from '../../bench/lib/report.ts';
import { en } from '../../web/src/i18n/messages/en.ts';
import { buildOrganisation, buildUser, signIn, type TestUser } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { seriousViolations } from './axe.ts';
import { hasChromium, launchChromium } from './chromium.ts';
import { ensureConsoleBuilt } from './console-build.ts';
import { eventTimings, observeEvents, summarise, timed, type Sample } from './map-latency.ts';
import { MAP_POINTS, seedLoneReport, seedMapReports } from './map-seed.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname;
const skip = hasChromium() ? false : 'Chromium is not installed (apt-get install -y chromium)';
let t: TestApp;
let base: string;
let browser: Browser;
let crisisId: string;
let operator: TestUser;
let seedMs = 0;

describe('the console map in a real browser, 100,000 reports', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    crisisId = (await buildCrisis(t.db, { slug: 'console-map', affectedCountries: ['LY'] })).id;
    const organisationId = (await buildOrganisation(t)).id;
    operator = await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'coordinator' }] });
    const colleague = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'coordinator' }] }));
    const opened = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: colleague.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest', needs: ['medical'] } });
    assert.equal(opened.statusCode, 201, opened.body);
    // No GPU here: WebGL through Chromium's software renderer. Chromium starts while the reports are inserted.
    const launching = launchChromium(['--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist']);
    seedMs = await seedMapReports(t, crisisId, organisationId);
    await seedLoneReport(t, crisisId, organisationId, (opened.json() as { id: string }).id);
    browser = await launching;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('clusters appear, zoom and pan by mouse and keyboard redraw them, a cluster zooms in, a report opens its case', async (ctx) => {
    const context = await browser.newContext({ locale: 'en', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(message.text());
    });
    const admin1Fetches: string[] = [];
    page.on('request', (request) => {
      if (/\/assets\/admin1-[\w-]+\.json$/.test(new URL(request.url()).pathname)) admin1Fetches.push(request.url());
    });
    await page.goto(`${base}/console/?lang=en`);
    await page.getByLabel(en['signIn.email']).fill(operator.email);
    await page.getByLabel(en['signIn.password']).fill(operator.password);
    await page.getByRole('button', { name: en['signIn.submit'] }).click();
    await page.getByLabel(en['signIn.code']).fill(await generate({ secret: operator.totpSecret! }));
    await page.getByRole('button', { name: en['signIn.verify'] }).click();
    await page.getByRole('navigation').getByRole('link', { name: en['nav.map'] }).waitFor();

    assert.deepEqual(admin1Fetches, [], 'the admin-1 boundaries are not fetched at sign-in');
    const samples: Sample[] = [];
    const openedAt = Date.now();
    await page.getByRole('navigation').getByRole('link', { name: en['nav.map'] }).click();
    await page.locator('.map-canvas[data-ready="true"]').waitFor();
    await page.locator('.map-cluster').first().waitFor();
    const firstClusters = Date.now() - openedAt;
    await observeEvents(page);
    // The status may still say "Loading" for a moment after the first clusters (a refetch as the map settles).
    const status = page.locator('.map-status', { hasText: /\d[\d,]* reports in this area/ });
    await status.waitFor({ timeout: 30_000 });
    assert.match((await status.textContent()) ?? '', /\d[\d,]* reports in this area/);
    assert.ok((await page.locator('.map-cluster').count()) > 0, 'clusters are drawn');
    // Framed on Libya (zoom 4 or closer): the first-level boundaries are fetched and drawn, credited to Natural Earth.
    await page.locator('.map-canvas[data-admin1="drawn"]').waitFor();
    assert.equal(admin1Fetches.length, 1, 'the admin-1 boundaries are fetched once, when the map is zoomed in');
    assert.match((await page.locator('.maplibregl-ctrl-attrib').textContent()) ?? '', /Natural Earth/);

    const box = (await page.locator('.map-canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    ctx.diagnostic(`seeded ${MAP_POINTS} reports in ${Math.round(seedMs)} ms; map open to first clusters ${firstClusters} ms`);
    for (let i = 0; i < 2; i += 1) {
      samples.push(await timed(page, 'wheel zoom', async () => {
        await page.mouse.move(cx, cy);
        await page.mouse.wheel(0, i % 2 === 0 ? -400 : 400);
      }));
      samples.push(await timed(page, 'mouse drag pan', async () => {
        await page.mouse.move(cx, cy);
        await page.mouse.down();
        await page.mouse.move(cx + 120, cy + 60, { steps: 6 });
        await page.mouse.up();
      }));
    }
    await page.locator('.maplibregl-canvas').focus();
    for (const key of ['ArrowLeft', 'Equal', 'ArrowUp']) samples.push(await timed(page, 'keyboard', () => page.keyboard.press(key)));
    for (let i = 0; i < 2; i += 1) {
      const before = await page.locator('.map-cluster').count();
      assert.ok(before > 0, 'a cluster to open');
      samples.push(await timed(page, 'cluster click', () => page.locator('.map-cluster').first().click()));
    }
    assert.ok((await page.locator('.map-cluster, .map-point').count()) > 0, 'the zoomed-in view shows clusters or points');

    // Open the map again: it frames the whole crisis, where the report alone in the south is a point of its own.
    await page.getByRole('navigation').getByRole('link', { name: en['nav.dashboard'] }).click();
    await page.getByRole('navigation').getByRole('link', { name: en['nav.map'] }).click();
    const point = page.getByRole('button', { name: /Report: Medical/ });
    await point.first().waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe on the map screen');
    await point.first().click();
    await page.getByRole('heading', { name: en['map.report'] }).waitFor();
    await page.getByText('Three people need a doctor at the well').waitFor();
    const events = await eventTimings(page);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the map screen with a report open');
    await page.getByRole('link', { name: en['map.openCase'] }).click();
    await page.getByRole('heading', { name: en['case.plan'] }).waitFor();

    // In Arabic the page mirrors: the map's controls move to the top left.
    await page.goto(`${base}/console/c/${crisisId}/map?lang=ar`);
    await page.locator('.map-cluster').first().waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.locator('.maplibregl-ctrl-top-left .maplibregl-ctrl-zoom-in').waitFor();
    // The service worker keeps the boundaries with the console's other hashed assets, for the map offline.
    await page.locator('.map-canvas[data-admin1="drawn"]').waitFor();
    const kept = (await page.evaluate(`(async () => (await (await caches.open('lifeline-shell-v1')).keys()).map((r) => r.url))()`)) as string[];
    assert.ok(kept.some((url) => /\/assets\/admin1-[\w-]+\.json$/.test(url)), `kept for offline: ${kept.join(', ')}`);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the map screen in Arabic');
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}console-ar-map.png` });
    assert.deepEqual(problems, [], 'no script error in the console');
    await context.close();

    const result = {
      points: MAP_POINTS,
      dataShape: '100,000 responder reports in one crisis: 70% in 25 Gaussian hotspots (σ 0.3°) over Libya, 30% uniform over 9–25° E, 26–33° N; 7 needs; 20% verified; 90 days; plus one lone report with a case',
      database: 'PGlite (embedded, in the test process)',
      browser: `Chromium ${browser.version()} headless, software WebGL (SwiftShader), 1280×900`,
      cpuCores: os.cpus().length,
      loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
      seedMs: Math.round(seedMs),
      openMapToFirstClustersMs: firstClusters,
      interactions: summarise(samples),
      eventTiming: events,
      samples,
      note: 'toClustersDrawn: input to the frame after the new clusters are on screen (server round trip included); toIdle: to the map\'s next idle event. The server, the database and Chromium share the same cores.',
    };
    const file = process.env['LIFELINE_BENCH_WRITE'] === '1' ? writeResult('map-browser', result) : `${artifacts}map-browser.json`;
    if (file.startsWith(artifacts)) fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2)}\n`);
    ctx.diagnostic(`map browser latencies (${file}):\n${JSON.stringify({ seedMs: result.seedMs, openMapToFirstClustersMs: firstClusters, interactions: result.interactions, eventTiming: events }, null, 2)}`);
  });
});
