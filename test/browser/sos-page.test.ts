/**
 * The SOS page in a real browser with JavaScript switched off: what it transfers, and a submission in
 * Arabic that reaches the database. Needs Debian's Chromium (.ci/run installs it); without it the test
 * says so and is skipped.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { buildOrganisation } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';
import { hasChromium, launchChromium } from './chromium.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname;
let t: TestApp;
let base: string;

before(async () => {
  t = await startTestApp();
  const crisis = await buildCrisis(t.db, { slug: 'browser-test', affectedCountries: ['SD'] });
  await buildChannel(t, { crisisId: crisis.id, organisationId: (await buildOrganisation(t)).id, kind: 'web' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
after(async () => t?.close());

test('the SOS page with JavaScript off: under 50 KB transferred, and an Arabic submission arrives in the database', { skip: hasChromium() ? false : 'Chromium is not installed (apt-get install -y chromium)' }, async (ctx) => {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ar', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const sizes: Array<Promise<number>> = [];
    page.on('requestfinished', (request) => sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
    await page.goto(`${base}/c/browser-test/sos?lang=ar`, { waitUntil: 'load' });
    const transferred = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    assert.ok(sizes.length >= 2, 'the page and its stylesheet were loaded');
    assert.ok(transferred < 50 * 1024, `the page transferred ${transferred} bytes`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}sos-form-ar.png`, fullPage: true });

    await page.fill('#message', 'نحن خمسة أشخاص محاصرون في بحري ونحتاج إلى ماء');
    await page.fill('#place', 'بحري، قرب الجسر');
    await page.check('input[name="precision"][value="area"]');
    await page.waitForTimeout(2100); // the form refuses submissions faster than a person can type
    await Promise.all([page.waitForURL(/\/c\/browser-test\/sos$/), page.click('button[type="submit"]')]);
    const reference = (await page.textContent('.ref'))?.trim() ?? '';
    assert.match(reference, /^SD-[2-9A-Z]{6}$/);
    await page.screenshot({ path: `${artifacts}sos-thanks-ar.png`, fullPage: true });
    const stored = await t.db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.text', 'messages.location'])
      .where('conversations.reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(stored.text, 'نحن خمسة أشخاص محاصرون في بحري ونحتاج إلى ماء');
    assert.equal(stored.location?.precision, 'area');
    ctx.diagnostic(`SOS page transferred ${transferred} bytes with JavaScript off`);
  } finally {
    await browser.close();
  }
});
