/**
 * Moving between screens of the console (one page): focus goes to the new screen's heading and the window title
 * names it; the dashboard chart's figures are readable by a screen reader (a list, not bars only); a stale CSRF
 * token (the session renewed elsewhere) is refreshed after the first refusal, so trying again works.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { en } from '../../web/src/i18n/messages/en.ts';
import { buildOrganisation, buildUser, signIn, type TestUser } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { hasChromium, serveToChromium } from './chromium.ts';
import { ensureConsoleBuilt } from './console-build.ts';
import { signInToConsole } from './console-sign-in.ts';

const skip = hasChromium() ? false : 'Chromium is not installed (apt-get install -y chromium)';
let t: TestApp;
let base: string;
let browser: Browser;
let user: TestUser;
let crisisId: string;
let caseId: string;

describe('console screen changes', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    crisisId = (await buildCrisis(t.db, { slug: 'console-focus', affectedCountries: ['SD'] })).id;
    const organisationId = (await buildOrganisation(t)).id;
    user = await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'coordinator' }, { organisationId, crisisId, role: 'caseworker' }] });
    const api = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] }));
    const opened = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: api.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest' } });
    assert.equal(opened.statusCode, 201, opened.body);
    caseId = opened.json().id;
    ({ base, browser } = await serveToChromium(t.app));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('focus moves to the new heading, the title names the screen, the chart reads as a list', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInToConsole(page, `${base}/console/`, user, en);
    await page.getByRole('list', { name: en['dashboard.chartTitle'] }).waitFor({ state: 'attached' });

    await page.getByRole('navigation').getByRole('link', { name: en['nav.triage'] }).press('Enter');
    await page.getByRole('heading', { name: en['triage.title'] }).waitFor();
    await page.waitForFunction("document.activeElement && document.activeElement.tagName === 'H1'");
    assert.equal(await page.evaluate('document.activeElement.textContent'), en['triage.title']);
    assert.equal(await page.title(), `${en['triage.title']} · ${en['app.name']}`);
    await context.close();
  });

  test('a stale CSRF token: the refusal is told plainly, and trying again works', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInToConsole(page, `${base}/console/`, user, en);
    await page.getByRole('navigation').waitFor();
    await page.goto(`${base}/console/c/${crisisId}/cases/${caseId}`);
    await page.getByLabel(en['case.addNote']).waitFor();
    await t.db.updateTable('sessions').set({ csrf_token: 'renewed-elsewhere' }).where('user_id', '=', user.id).execute();
    await page.getByLabel(en['case.addNote']).fill('Asked about the shelter');
    await page.getByRole('button', { name: en['case.saveNote'] }).click();
    await page.getByRole('alert').getByText(en['error.forbidden']).waitFor();
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: en['case.saveNote'] }).click();
    await page.getByText('Asked about the shelter').first().waitFor();
    // The page may show the note (kept for sending) a moment before the server has stored it: wait for the store.
    const stored = async (): Promise<string[]> =>
      (await t.db.selectFrom('case_notes').select('text').where('case_id', '=', caseId).execute()).map((n) => n.text);
    for (let waited = 0; waited < 10_000 && (await stored()).length === 0; waited += 200) await page.waitForTimeout(200);
    assert.deepEqual(await stored(), ['Asked about the shelter'], 'stored once, after the retry');
    await context.close();
  });
});
