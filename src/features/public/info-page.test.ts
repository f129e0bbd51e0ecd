/** The public crisis information page: ways to ask for help in four languages, no script, light, only active channels. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildOrganisation } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { buildChannel } from '../../../test/intake/helpers.ts';
import { infoStrings } from './info-strings.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  const crisis = await buildCrisis(t.db, { slug: 'info-page-test', affectedCountries: ['SD'] });
  const organisationId = (await buildOrganisation(t)).id;
  await buildChannel(t, { crisisId: crisis.id, organisationId, kind: 'web' });
  await buildChannel(t, { crisisId: crisis.id, organisationId, kind: 'hotline', address: '+249911000111' });
  const off = await buildChannel(t, { crisisId: crisis.id, organisationId, kind: 'twilio', address: '+249922000222' });
  await t.db.updateTable('channels').set({ is_active: false }).where('id', '=', off.id).execute();
});
after(async () => t?.close());

test('the page lists the SOS form and the active hotline, in every language, right to left in Arabic, without script', async () => {
  for (const lang of ['en', 'fr', 'ar', 'es'] as const) {
    const res = await t.request({ method: 'GET', url: `/c/info-page-test?lang=${lang}` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`));
    assert.ok(res.body.includes(infoStrings.title[lang]));
    assert.ok(res.body.includes(`href="/c/info-page-test/sos?lang=${lang}"`));
    assert.ok(res.body.includes('tel:+249911000111'));
    assert.ok(!res.body.includes('+249922000222'), 'a channel that is off is not shown');
    assert.ok(!/<script/i.test(res.body));
    assert.ok(gzipSync(res.rawPayload).length < 10 * 1024);
  }
  assert.equal((await t.request({ method: 'GET', url: '/c/no-such-crisis' })).statusCode, 404);
});
