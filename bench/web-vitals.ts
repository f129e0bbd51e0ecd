/**
 * Core Web Vitals of the console's first screen (the sign-in page at /console/) and of the public SOS page, in Debian's
 * Chromium under a throttled profile: 400 kbps down and up, 400 ms round trip, CPU slowed 4× (Chrome DevTools Protocol).
 * Each run is a first visit (empty cache). LCP and CLS come from PerformanceObserver; INP from the Event Timing API
 * (the slowest of a click and typing into the first field, as a person would).
 *
 *   node --import tsx bench/web-vitals.ts [--runs 5]
 */
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { buildOrganisation } from '../test/factories/access.ts';
import { buildCrisis } from '../test/factories/crises.ts';
import { startTestApp } from '../test/helpers/app.ts';
import { buildChannel } from '../test/intake/helpers.ts';
import { ensureConsoleBuilt } from '../test/browser/console-build.ts';
import { firstScreen } from '../test/web/first-screen.ts';
import { launchChromium } from '../test/browser/chromium.ts';
import { percentile, writeResult } from './lib/report.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const profile = { downloadKbps: 400, uploadKbps: 400, rttMs: 400, cpuSlowdown: 4 };

/** Installed before any page script: collects LCP, CLS and the longest interaction. */
const observe = `
  window.__vitals = { lcp: 0, cls: 0, inp: 0 };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__vitals.lcp = e.renderTime || e.loadTime || e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__vitals.cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.interactionId) window.__vitals.inp = Math.max(window.__vitals.inp, e.duration); }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
`;

interface Sample { lcp: number; cls: number; inp: number; loadMs: number; bytes: number }

async function measure(browser: Browser, url: string, field: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: false });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: profile.rttMs, downloadThroughput: (profile.downloadKbps * 1000) / 8, uploadThroughput: (profile.uploadKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => { bytes += e.encodedDataLength; });
  await page.addInitScript(observe);
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.locator(field).waitFor();
  const loadMs = Date.now() - started;
  await page.waitForTimeout(500);
  await page.click(field);
  await page.keyboard.type('help', { delay: 50 });
  await page.waitForTimeout(1000);
  const v = (await page.evaluate('window.__vitals')) as { lcp: number; cls: number; inp: number };
  await context.close();
  return { lcp: Math.round(v.lcp), cls: Number(v.cls.toFixed(4)), inp: Math.round(v.inp), loadMs, bytes };
}

function summarise(samples: Sample[]) {
  const pick = (k: keyof Sample) => samples.map((s) => s[k]).sort((a, b) => a - b);
  const stat = (k: keyof Sample) => ({ median: percentile(pick(k), 50), p75: percentile(pick(k), 75), max: pick(k).at(-1) });
  return { lcpMs: stat('lcp'), inpMs: stat('inp'), cls: stat('cls'), readyMs: stat('loadMs'), transferredBytes: stat('bytes') };
}

await ensureConsoleBuilt();
const t = await startTestApp();
const crisis = await buildCrisis(t.db, { slug: 'vitals', affectedCountries: ['SD'] });
await buildChannel(t, { crisisId: crisis.id, organisationId: (await buildOrganisation(t)).id, kind: 'web' });
await t.app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
const browser = await launchChromium();
const pages = { consoleSignIn: { url: `${base}/console/`, field: '#email' }, sosPage: { url: `${base}/c/vitals/sos?lang=ar`, field: '#message' } };
const results: Record<string, unknown> = {};
try {
  for (const [name, p] of Object.entries(pages)) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i += 1) samples.push(await measure(browser, p.url, p.field));
    results[name] = { url: p.url.replace(base, ''), ...summarise(samples), samples };
    console.log(name, JSON.stringify(summarise(samples)));
  }
} finally {
  await browser.close();
  await t.close();
}
const file = writeResult('web-vitals', {
  profile,
  runs,
  thresholds: { lcpMs: 2500, inpMs: 200, cls: 0.1 },
  consoleFirstScreenGzipBytes: firstScreen(),
  browser: 'Debian Chromium, headless, driven by playwright-core over CDP',
  note: 'first visit with the cache disabled; server in the same process on loopback; INP is the slowest of one click and four key presses',
  ...results,
});
console.log(`wrote ${file}`);
process.exit(0);
