/**
 * The console in the field: after one visit, a case page and the triage queue read offline (service worker), a note
 * and a hotline call typed offline wait in IndexedDB, and are sent once when the server is back (the call's
 * clientReference is its idempotency key); a note the server refuses shows as a conflict.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/messages/en.ts';
import { buildOrganisation, buildUser, signIn, type TestUser } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';
import { hasChromium, launchChromium } from './chromium.ts';
import { ensureConsoleBuilt } from './console-build.ts';

const skip = hasChromium() ? false : 'Chromium is not installed (apt-get install -y chromium)';
let t: TestApp;
let base: string;
let port: number;
let browser: Browser;
let crisisId: string;
let caseId: string;
let reference: string;
let operator: TestUser;

/** The server goes away (service worker fetches fail too) and the browser says it is offline. */
async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await new Promise<void>((resolve) => {
    t.app.server.close(() => resolve());
    t.app.server.closeAllConnections();
  });
}
async function goOnline(context: BrowserContext): Promise<void> {
  await new Promise<void>((resolve) => t.app.server.listen(port, '127.0.0.1', () => resolve()));
  await context.setOffline(false);
}

describe('the console offline', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    crisisId = (await buildCrisis(t.db, { slug: 'console-offline', affectedCountries: ['SD'] })).id;
    const organisationId = (await buildOrganisation(t)).id;
    await buildChannel(t, { crisisId, organisationId, kind: 'hotline' });
    operator = await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'coordinator' }, { organisationId, crisisId: null, role: 'hotline_operator' }] });
    const api = await signIn(t, await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] }));
    const opened = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: api.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest', needs: ['water'] } });
    assert.equal(opened.statusCode, 201, opened.body);
    caseId = opened.json().id;
    reference = opened.json().reference;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('read offline, write offline, sent once when back', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page: Page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel(en['signIn.email']).fill(operator.email);
    await page.getByLabel(en['signIn.password']).fill(operator.password);
    await page.getByRole('button', { name: en['signIn.submit'] }).click();
    await page.getByLabel(en['signIn.code']).fill(await generate({ secret: operator.totpSecret! }));
    await page.getByRole('button', { name: en['signIn.verify'] }).click();
    await page.getByRole('navigation').waitFor();
    await page.waitForFunction('navigator.serviceWorker.controller !== null');

    // One visit of each page while online, under the service worker, keeps a copy.
    await page.goto(`${base}/console/c/${crisisId}/triage`);
    await page.getByRole('heading', { name: en['triage.title'] }).waitFor();
    await page.goto(`${base}/console/c/${crisisId}/cases/${caseId}`);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();

    await goOffline(context);
    await page.reload();
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await page.getByText(en['app.offline']).waitFor();
    await page.getByLabel(en['case.addNote']).fill('Called back from the field, no signal');
    await page.getByRole('button', { name: en['case.saveNote'] }).click();
    await page.getByText(en['case.savedOffline']).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: en['nav.triage'] }).click();
    await page.getByRole('heading', { name: en['triage.title'] }).waitFor();
    await page.getByText(en['hotline.title']).click();
    await page.getByLabel(en['hotline.text']).fill('Family of four needs water near the bus station');
    await page.getByRole('button', { name: en['hotline.submit'] }).click();
    await page.getByText('2 items saved on this device wait to be sent').waitFor();

    await goOnline(context);
    await page.getByText(/saved on this device wait/).waitFor({ state: 'detached', timeout: 20_000 });
    if ((await page.locator('.outbox').count()) > 0) assert.fail(`still waiting: ${await page.locator('.outbox').textContent()}`);
    const notes = await t.db.selectFrom('case_notes').select('text').where('case_id', '=', caseId).execute();
    assert.deepEqual(notes.map((n) => n.text), ['Called back from the field, no signal']);
    const calls = (await t.db.selectFrom('messages').select('text').execute()).filter((m) => m.text === 'Family of four needs water near the bus station');
    assert.equal(calls.length, 1, 'the hotline call was stored once');

    // A note for a case the server no longer lets this user see comes back as a conflict, shown with its reason.
    // (in the page: the browser's IndexedDB, as the console writes it)
    await page.evaluate(`(async () => {
      const open = indexedDB.open('lifeline-outbox', 1);
      await new Promise((resolve) => { open.onsuccess = resolve; });
      const tx = open.result.transaction('items', 'readwrite');
      tx.objectStore('items').put({ key: '${crypto.randomUUID()}', userId: '${operator.id}', kind: 'note', caseId: '00000000-0000-4000-8000-000000000000', text: 'For a case that is gone', savedAt: new Date().toISOString() });
      await new Promise((resolve) => { tx.oncomplete = resolve; });
    })()`);
    await page.reload();
    await page.getByText('The server refused 1 item saved offline').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: en['outbox.discard'] }).click();
    await page.getByText('The server refused 1 item saved offline').waitFor({ state: 'detached' });
    await context.close();
  });
});
