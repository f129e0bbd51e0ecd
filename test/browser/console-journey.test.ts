/**
 * The journey of issue 11 in Debian's Chromium: a migrant sends the SOS form in Arabic with JavaScript off; an operator
 * signs in to the console with two-factor, finds the message in the triage queue, corrects its needs, opens a case and
 * finds a service for it. Once in English (left to right) and once in Arabic (right to left, with screenshots in
 * test-artifacts/). axe-core must find no serious or critical violation on any screen.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { importFiles } from '../../src/features/directory/directory.service.ts';
import { triageJobHandlers } from '../../src/features/triage/triage.jobs.ts';
import { startWorker } from '../../src/jobs/queue.ts';
import { ar } from '../../web/src/i18n/messages/ar.ts';
import { en, type Catalogue } from '../../web/src/i18n/messages/en.ts';
import { buildOrganisation, buildUser, type TestUser } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';
import { seriousViolations } from './axe.ts';
import { hasChromium, serveToChromium } from './chromium.ts';
import { ensureConsoleBuilt } from './console-build.ts';

const artifacts = new URL('../../test-artifacts/', import.meta.url).pathname;
const skip = hasChromium() ? false : 'Chromium is not installed (apt-get install -y chromium)';
let t: TestApp;
let base: string;
let browser: Browser;
let crisisId: string;
let organisationId: string;

describe('the console journey in a real browser', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    const crisis = await buildCrisis(t.db, { slug: 'console-journey', affectedCountries: ['SD'] });
    crisisId = crisis.id;
    organisationId = (await buildOrganisation(t)).id;
    await buildChannel(t, { crisisId, organisationId, kind: 'web' });
    const provider = randomUUID();
    await importFiles(t.db, new Map([
      ['organizations.csv', `id,name,description\n${provider},Bahri Relief,Shelter and water\n`],
      ['services.csv', `id,organization_id,name,status,lifeline_kind,lifeline_needs,lifeline_accepts_referrals\n${randomUUID()},${provider},Bahri family shelter,active,shelter,shelter,true\n`],
    ]), 'system');
    ({ base, browser } = await serveToChromium(t.app));
    fs.mkdirSync(artifacts, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The SOS form in Arabic with JavaScript off; returns the reference the page shows. */
  async function sendSos(text: string): Promise<string> {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ar', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/c/console-journey/sos?lang=ar`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await page.fill('#message', text);
    await page.fill('#place', 'بحري، قرب الجسر');
    await page.check('input[name="precision"][value="area"]');
    await page.waitForTimeout(2100); // the form refuses submissions faster than a person can type
    await Promise.all([page.waitForURL(/\/c\/console-journey\/sos$/), page.click('button[type="submit"]')]);
    const reference = (await page.textContent('.ref'))?.trim() ?? '';
    await context.close();
    assert.match(reference, /^SD-[2-9A-Z]{6}$/);
    return reference;
  }

  async function checkAxe(page: Page, screen: string): Promise<void> {
    assert.deepEqual(await seriousViolations(page), [], `axe on ${screen}`);
  }

  async function journey(lang: 'en' | 'ar', m: Catalogue, operator: TestUser, screenshots: boolean): Promise<void> {
    const reference = await sendSos('نحن خمسة أشخاص بلا مأوى في بحري ونحتاج إلى ماء');
    await startWorker(t.db, { handlers: triageJobHandlers(t.db), poll: false }).drain();

    const context = await browser.newContext({ locale: lang, viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    // A hydration mismatch or a failing script shows up here.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(message.text());
    });
    const shot = async (name: string) => {
      if (screenshots) await page.screenshot({ path: `${artifacts}console-${lang}-${name}.png`, fullPage: true });
    };
    await page.goto(`${base}/console/?lang=${lang}`);
    await page.getByRole('heading', { name: m['signIn.title'] }).waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    await checkAxe(page, 'sign-in');
    await shot('1-sign-in');
    await page.getByLabel(m['signIn.email']).fill(operator.email);
    await page.getByLabel(m['signIn.password']).fill(operator.password);
    await page.getByRole('button', { name: m['signIn.submit'] }).click();
    await page.getByLabel(m['signIn.code']).fill(await generate({ secret: operator.totpSecret! }));
    await checkAxe(page, 'two-factor');
    await page.getByRole('button', { name: m['signIn.verify'] }).click();

    await page.getByRole('heading', { name: m['dashboard.title'].replace('{crisis}', 'Test crisis').split(':')[0]!, exact: false }).waitFor();
    await checkAxe(page, 'dashboard');
    await shot('2-dashboard');

    await page.getByRole('navigation').getByRole('link', { name: m['nav.triage'] }).click();
    const card = page.locator('article', { hasText: reference });
    await card.waitFor();
    // Why this urgency, in the console's language (triage stores its reasons in English).
    await card.getByText(m['reason.noWater'], { exact: false }).first().waitFor();
    if (lang !== 'en') assert.equal(await card.getByText('no water', { exact: false }).count(), 0, 'no English reason in another language');
    await checkAxe(page, 'triage queue');
    await card.getByRole('button', { name: m['triage.claim'] }).click();
    const needs = card.getByRole('group', { name: m['triage.needs'] });
    await needs.waitFor();
    const checked = needs.getByRole('checkbox', { checked: true });
    while ((await checked.count()) > 0) await checked.first().uncheck();
    await needs.getByRole('checkbox', { name: m['need.shelter'] }).check();
    await card.getByLabel(m['triage.urgency']).selectOption('high');
    await checkAxe(page, 'triage decision');
    await shot('3-triage');
    await card.getByRole('button', { name: m['triage.escalate'] }).click();

    await page.getByRole('heading', { name: m['case.title'].split('{')[0]!.trim(), exact: false }).waitFor();
    await page.getByRole('heading', { name: m['case.plan'] }).waitFor();
    assert.ok(await page.getByText(m['need.shelter']).first().isVisible(), 'the corrected need is on the case');
    await checkAxe(page, 'case page');
    await shot('4-case');

    await page.getByRole('link', { name: m['case.findService'] }).click();
    await page.getByRole('heading', { name: 'Bahri family shelter' }).waitFor();
    await checkAxe(page, 'directory');
    await shot('5-directory');

    await page.getByRole('navigation').getByRole('link', { name: m['nav.cases'] }).click();
    await page.getByRole('table').waitFor();
    await checkAxe(page, 'case list');
    const stored = await t.db.selectFrom('messages').innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select(['messages.needs', 'messages.urgency', 'messages.reviewed_at']).where('conversations.reference', '=', reference).executeTakeFirstOrThrow();
    assert.deepEqual(stored.needs, ['shelter']);
    assert.equal(stored.urgency, 'high');
    assert.deepEqual(problems, [], 'no script error in the console');
    await context.close();
  }

  test('the public SOS, services and crisis information pages have no serious or critical axe violation, in Arabic and English', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    for (const url of ['/c/console-journey/sos?lang=ar', '/c/console-journey/sos?lang=en', '/c/console-journey/services?lang=ar', '/c/console-journey?lang=ar']) {
      await page.goto(base + url);
      await checkAxe(page, url);
    }
    await context.close();
  });

  const operator = () => buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] });

  test('in English, left to right', async () => {
    await journey('en', en, await operator(), false);
  });

  test('in Arabic, right to left, with screenshots', async () => {
    await journey('ar', ar, await operator(), true);
  });
});
