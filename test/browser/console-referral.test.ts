/**
 * Referring a case from the console in Chromium (issue 11): a caseworker signs in with two-factor, opens a case,
 * records its assessment, finds a service that takes referrals, sees which fields will be shared (the service's
 * minimum set), confirms, and sees the referral waiting for an answer. axe-core finds no serious or critical violation.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { importFiles } from '../../src/features/directory/directory.service.ts';
import { en } from '../../web/src/i18n/messages/en.ts';
import { buildOrganisation, buildUser, signIn, type TestUser } from '../factories/access.ts';
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
let caseworker: TestUser;
let crisisId: string;
let caseId: string;

describe('referring a case from the console', { skip }, () => {
  before(async () => {
    await ensureConsoleBuilt();
    t = await startTestApp();
    crisisId = (await buildCrisis(t.db, { slug: 'console-referral', affectedCountries: ['SD'] })).id;
    const organisationId = (await buildOrganisation(t)).id;
    const receiver = (await buildOrganisation(t, { name: 'Safe Shelter Association' })).id;
    await buildChannel(t, { crisisId, organisationId, kind: 'hotline' });
    const provider = randomUUID();
    await importFiles(t.db, new Map([
      ['organizations.csv', `id,name,description\n${provider},Safe Shelter Association,Shelter\n`],
      ['services.csv', `id,organization_id,name,status,lifeline_kind,lifeline_needs,lifeline_accepts_referrals,lifeline_referral_fields\n${randomUUID()},${provider},Bahri night shelter,active,shelter,shelter,true,reference;needs;riskLevel\n`],
    ]), 'system');
    await t.db.updateTable('directory_organizations').set({ lifeline_organisation_id: receiver }).where('id', '=', provider).execute();
    caseworker = await buildUser(t, { memberships: [{ organisationId, crisisId, role: 'caseworker' }] });
    const session = await signIn(t, caseworker);
    const created = await t.request({ method: 'POST', url: `/api/crises/${crisisId}/cases`, headers: session.headers, payload: { openedFrom: 'walk_in', legalBasis: 'vital_interest', needs: ['shelter'] } });
    assert.equal(created.statusCode, 201, created.body);
    caseId = created.json().id;
    ({ base, browser } = await serveToChromium(t.app));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('assess the case, refer it to a service with its minimum fields, see it pending', async () => {
    const context = await browser.newContext({ locale: 'en' });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signInToConsole(page, `${base}/console/`, caseworker, en);
    await page.getByRole('navigation').waitFor();
    await page.goto(`${base}/console/c/${crisisId}/cases/${caseId}`);
    await page.getByText(en['referral.none']).waitFor();

    await page.getByRole('checkbox', { name: en['vulnerability.no_shelter'] }).check();
    await page.getByLabel(en['assessment.severityOf'].replace('{factor}', en['vulnerability.no_shelter'])).selectOption('3');
    await page.getByLabel(en['cases.risk'], { exact: true }).selectOption('high');
    await page.getByRole('button', { name: en['assessment.save'] }).click();
    await page.getByText(en['assessment.saved']).waitFor();
    const stored = await t.db.selectFrom('cases').select(['risk_level', 'vulnerabilities']).where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(stored.risk_level, 'high');
    assert.deepEqual(stored.vulnerabilities, [{ code: 'no_shelter', severity: 3 }]);

    await page.getByRole('button', { name: en['referral.findServices'] }).click();
    await page.getByRole('radio', { name: /Bahri night shelter/ }).check();
    await page.getByRole('heading', { name: en['referral.willShare'] }).waitFor();
    await page.getByText(en['referral.field.riskLevel']).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe on the case page with the referral form');
    await page.getByRole('button', { name: en['referral.send'] }).click();
    await page.getByText(en['referral.sent']).waitFor();
    await page.getByText(en['referral.status.sent']).waitFor();
    const referral = await t.db.selectFrom('referrals').select(['status', 'fields']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(referral.status, 'sent');
    assert.deepEqual(referral.fields, ['reference', 'needs', 'riskLevel']);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the case page with its referral');
    await context.close();
  });
});
