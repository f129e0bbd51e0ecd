/**
 * The administration screens in Chromium: users and roles (an invitation gives a one-time link), the audit log for the
 * data protection officer (and its hash-chain check), channel settings, and the needs code list for a platform
 * administrator. axe-core finds no serious or critical
 * violation on any of them, in Arabic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ar } from '../../web/src/i18n/messages/ar.ts';
import { buildOrganisation, buildUser, type TestUser } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';
import { seriousViolations } from './axe.ts';
import { hasChromium, serveToChromium } from './chromium.ts';
import { ensureConsoleBuilt } from './console-build.ts';
import { signInToConsole } from './console-sign-in.ts';

const skip = hasChromium() ? false : 'Chromium is not installed (apt-get install -y chromium)';
let t: TestApp;
let base: string;
let browser: Browser;
let admin: TestUser;
let crisisId: string;

describe('the console administration screens', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    crisisId = (await buildCrisis(t.db, { slug: 'console-admin', affectedCountries: ['SD'] })).id;
    const organisationId = (await buildOrganisation(t)).id;
    await buildChannel(t, { crisisId, organisationId, kind: 'hotline' });
    admin = await buildUser(t, { memberships: [
      { organisationId, crisisId: null, role: 'administrator' },
      { organisationId, crisisId, role: 'data_protection_officer' },
    ] });
    ({ base, browser } = await serveToChromium(t.app));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('users and roles, the audit log and channels, in Arabic', async () => {
    const context = await browser.newContext({ locale: 'ar' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInToConsole(page, `${base}/console/?lang=ar`, admin, ar);
    const menu = page.getByRole('navigation');

    await menu.getByRole('link', { name: ar['nav.users'] }).click();
    await page.getByRole('cell', { name: admin.email }).first().waitFor();
    await page.getByLabel(ar['users.inviteEmail']).fill('new.volunteer@example.org');
    await page.getByRole('button', { name: ar['users.inviteSend'] }).click();
    await page.getByRole('status').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe on users and roles');
    await page.screenshot({ path: new URL('../../test-artifacts/console-ar-6-users.png', import.meta.url).pathname, fullPage: true });

    await menu.getByRole('link', { name: ar['nav.audit'] }).click();
    await page.getByRole('table').or(page.getByText(ar['audit.empty'])).first().waitFor();
    await page.getByRole('button', { name: ar['audit.verify'] }).click();
    await page.getByRole('status').waitFor();
    assert.ok((await page.getByRole('status').textContent())?.includes('سليم'), 'the chain is intact');
    assert.deepEqual(await seriousViolations(page), [], 'axe on the audit log');

    await page.goto(`${base}/console/c/${crisisId}/channels`);
    await page.getByRole('button', { name: ar['channels.disable'] }).click();
    await page.getByRole('button', { name: ar['channels.enable'] }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe on channels');
    const channel = await t.db.selectFrom('channels').select('is_active').where('crisis_id', '=', crisisId).executeTakeFirstOrThrow();
    assert.equal(channel.is_active, false);
    await context.close();
  });

  test('the needs code list: a platform administrator adds a need with its urgency and retires it, in Arabic', async () => {
    const platformAdmin = await buildUser(t, { platformAdmin: true });
    const context = await browser.newContext({ locale: 'ar' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInToConsole(page, `${base}/console/?lang=ar`, platformAdmin, ar);
    await page.getByRole('navigation').getByRole('link', { name: ar['nav.needs'] }).click();
    await page.getByRole('cell', { name: 'search_and_rescue' }).waitFor();
    await page.getByLabel(ar['needs.code'], { exact: true }).fill('cholera_symptoms');
    const english = new Intl.DisplayNames(['ar'], { type: 'language' }).of('en') ?? 'en';
    await page.getByLabel(ar['needs.label'].replace('{language}', english)).fill('Cholera symptoms');
    await page.getByLabel(ar['needs.urgency'], { exact: true }).selectOption('high');
    await page.getByLabel(ar['needs.reason'].replace('{language}', english)).fill('suspected cholera');
    await page.getByRole('button', { name: ar['needs.add'] }).click();
    const row = page.getByRole('row', { name: /cholera_symptoms/ });
    await row.getByRole('button', { name: ar['needs.retire'], exact: true }).click();
    await row.getByRole('button', { name: ar['needs.restore'], exact: true }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe on the needs code list');
    const need = await t.db.selectFrom('need_codes').select(['labels', 'urgency', 'urgency_reason', 'retired_at']).where('code', '=', 'cholera_symptoms').executeTakeFirstOrThrow();
    assert.deepEqual(need.labels, { en: 'Cholera symptoms' });
    assert.deepEqual([need.urgency, need.urgency_reason], ['high', { en: 'suspected cholera' }]);
    assert.ok(need.retired_at, 'retired, not deleted');
    await context.close();
  });
});
