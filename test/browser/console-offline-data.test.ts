/**
 * Personal data kept in the browser for offline reading (docs/decisions/0012-offline-personal-data.md): the service
 * worker's copies expire after 12 hours, and go when the session ends (a 401), when the session cookie is gone, at
 * sign-out (also offline) and before someone else signs in; a wrong two-factor code is told in plain language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
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
let crisisId: string;
let caseId: string;
let reference: string;
let alice: TestUser;
let bob: TestUser;

/** How many API answers the service worker keeps for offline reading. */
const KEPT = "(async () => (await caches.has('lifeline-data-v1')) ? (await (await caches.open('lifeline-data-v1')).keys()).length : 0)()";
const keptCopies = (page: Page): Promise<number> => page.evaluate(KEPT) as Promise<number>;

async function signInAs(page: Page, user: TestUser, code?: string): Promise<void> {
  await signInToConsole(page, `${base}/console/`, user, en, code);
  if (code) return;
  await page.getByRole('navigation').waitFor();
  await page.waitForFunction('navigator.serviceWorker.controller !== null');
}

async function readCase(page: Page): Promise<void> {
  await page.goto(`${base}/console/c/${crisisId}/cases/${caseId}`);
  await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
  assert.ok((await keptCopies(page)) > 0, 'the case page is kept for offline reading');
  const kept = await page.evaluate("(async () => (await (await caches.open('lifeline-data-v1')).keys()).map((r) => new URL(r.url).pathname))()") as string[];
  assert.ok(kept.includes('/api/needs'), `the needs code list is kept too, so needs show their names offline (kept: ${kept.join(', ')})`);
}

describe('the console forgets personal data kept offline', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    crisisId = (await buildCrisis(t.db, { slug: 'console-offline-data', affectedCountries: ['SD'] })).id;
    const organisationId = (await buildOrganisation(t)).id;
    alice = await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] });
    bob = await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] });
    const api = await signIn(t, alice);
    const opened = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: api.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest', needs: ['water'] } });
    assert.equal(opened.statusCode, 201, opened.body);
    caseId = opened.json().id;
    reference = opened.json().reference;
    ({ base, browser } = await serveToChromium(t.app));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('a wrong two-factor code is told in plain language, and the next code works', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInAs(page, alice, '000000');
    await page.getByRole('alert').getByText(en['signIn.wrongCode']).waitFor();
    assert.equal(await page.getByLabel(en['signIn.code']).inputValue(), '', 'the wrong code is cleared');
    await page.getByLabel(en['signIn.code']).fill(await generate({ secret: alice.totpSecret! }));
    await page.getByRole('button', { name: en['signIn.verify'] }).click();
    await page.getByRole('navigation').waitFor();
    await context.close();
  });

  test('copies older than 12 hours are not served offline', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInAs(page, alice);
    await readCase(page);
    // Age every copy by 13 hours, as if the device had stayed in a drawer since.
    await page.evaluate(`(async () => {
      const cache = await caches.open('lifeline-data-v1');
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const headers = new Headers(response.headers);
        headers.set('x-lifeline-saved-at', String(Date.now() - 13 * 3600000));
        await cache.put(request, new Response(await response.arrayBuffer(), { status: response.status, headers }));
      }
    })()`);
    await context.setOffline(true);
    await page.reload();
    await page.getByText(en['error.network']).first().waitFor();
    assert.equal(await page.getByRole('heading', { name: `Case ${reference}` }).count(), 0, 'the expired case page is not shown');
    assert.equal(await keptCopies(page), 0, 'expired copies are deleted');
    await context.close();
  });

  test('a session ended on the server (401) deletes the copies', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInAs(page, alice);
    await readCase(page);
    await t.db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', alice.id).execute();
    await page.reload();
    await page.getByRole('button', { name: en['signIn.submit'] }).waitFor();
    assert.equal(await keptCopies(page), 0);
    await context.close();
  });

  test('no session cookie any more (expired in the browser): the copies go at the next load', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInAs(page, alice);
    await readCase(page);
    await context.clearCookies();
    await page.reload();
    await page.getByRole('button', { name: en['signIn.submit'] }).waitFor();
    for (let tries = 0; (await keptCopies(page)) > 0; tries += 1) {
      if (tries > 50) assert.fail('the copies are still kept');
      await page.waitForTimeout(100);
    }
    await context.close();
  });

  test('sign-out offline forgets at once and ends the session on the server when back; the next user sees nothing of the last', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const openSessions = () => t.db.selectFrom('sessions').select('id').where('user_id', '=', alice.id).where('revoked_at', 'is', null).execute().then((rows) => rows.map((r) => r.id));
    const before = await openSessions();
    await signInAs(page, alice);
    await readCase(page);
    const mine = (await openSessions()).filter((id) => !before.includes(id));
    assert.equal(mine.length, 1);
    await context.setOffline(true);
    await page.getByRole('button', { name: en['nav.signOut'] }).click();
    await page.getByRole('button', { name: en['signIn.submit'] }).waitFor();
    assert.equal(await keptCopies(page), 0, 'nothing kept after an offline sign-out');
    await context.setOffline(false);
    await page.reload();
    await page.getByRole('button', { name: en['signIn.submit'] }).waitFor();
    await page.waitForFunction("localStorage.getItem('lifeline-sign-out-pending') === null");
    assert.ok(!(await openSessions()).includes(mine[0]!), "alice's session was ended on the server");

    await signInAs(page, bob);
    await context.setOffline(true);
    await page.goto(`${base}/console/c/${crisisId}/cases/${caseId}`).catch(() => undefined);
    await page.waitForTimeout(500);
    assert.equal(await page.getByRole('heading', { name: `Case ${reference}` }).count(), 0, "bob is not shown alice's copy");
    await context.close();
  });

  test("unsent work survives its author's expired session, but not someone else's sign-in", async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInAs(page, alice);
    const outbox = "(async () => { const open = indexedDB.open('lifeline-outbox', 1); await new Promise((r) => { open.onsuccess = r; }); " +
      "const tx = open.result.transaction('items', 'readonly'); const req = tx.objectStore('items').getAll(); await new Promise((r) => { tx.oncomplete = r; }); open.result.close(); return req.result.map((i) => i.userId); })()";
    await page.evaluate(`(async () => {
      const open = indexedDB.open('lifeline-outbox', 1);
      await new Promise((resolve) => { open.onsuccess = resolve; });
      const tx = open.result.transaction('items', 'readwrite');
      tx.objectStore('items').put({ key: '${crypto.randomUUID()}', userId: '${alice.id}', kind: 'note', caseId: '${caseId}', text: 'Typed offline by Alice', savedAt: new Date().toISOString() });
      await new Promise((resolve) => { tx.oncomplete = resolve; });
      open.result.close();
    })()`);
    await context.setOffline(true);
    await t.db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', alice.id).execute();
    await context.setOffline(false);
    await page.reload();
    await page.getByRole('button', { name: en['signIn.submit'] }).waitFor();
    assert.deepEqual(await page.evaluate(outbox), [alice.id], "alice's unsent note is kept for her next session");
    await signInAs(page, bob);
    for (let tries = 0; ((await page.evaluate(outbox)) as string[]).length > 0; tries += 1) {
      if (tries > 50) assert.fail("alice's unsent note is still on the device after bob signed in");
      await page.waitForTimeout(100);
    }
    await context.close();
  });
});
