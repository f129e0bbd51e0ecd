/**
 * The public tracing page without JavaScript: every string in every language, Arabic right to left, small; a search
 * says only whether there may be a match and shows nothing of anyone; a request is stored with consent and queued
 * for matching; bad forms change nothing; the address is rate limited.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { tracingFormToken } from '../../src/features/tracing/public-search.routes.ts';
import { tracingStrings } from '../../src/features/tracing/public-strings.ts';
import { publicLanguages } from '../../src/features/public/strings.ts';
import { buildCrisis } from '../factories/crises.ts';
import { buildChannel } from '../intake/helpers.ts';
import { buildUser, signIn } from '../factories/access.ts';
import { as, buildTracingWorld, countRows, drainMatching, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
let slug: string;
let n = 0;
before(async () => {
  w = await buildTracingWorld();
  const crisis = await buildCrisis(w.t.db, { slug: 'tracing-public-test', affectedCountries: ['SD'] });
  slug = crisis.slug;
  await buildChannel(w.t, { crisisId: crisis.id, organisationId: w.ngo, kind: 'web' });
  w.crisisId = crisis.id;
  const volunteer = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.ngo, crisisId: crisis.id, role: 'tracing_volunteer' }] }));
  const res = await as(w, volunteer)('POST', `/api/crises/${crisis.id}/tracing-records`, recordBody({ kind: 'i_am_safe', homeCity: 'Omdurman', lastKnownLocation: 'Agadez bus station', subject: { fullName: 'Mohammed Abdelrahman', alternateNames: ['Hamouda'] } }));
  assert.equal(res.statusCode, 201, res.body);
  await drainMatching(w);
});
after(async () => w?.t.close());

function post(path: 'search' | 'request', fields: Record<string, string>, options: { ageMs?: number; address?: string } = {}) {
  n += 1;
  const form = { lang: 'en', token: tracingFormToken(w.t.app.secretKey, slug, Date.now() - (options.ageMs ?? 5000)), ...fields };
  return w.t.request({ method: 'POST', url: `/c/${slug}/tracing/${path}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString(), remoteAddress: options.address ?? `10.60.${n % 250}.${(n * 7) % 250}` });
}

describe('the public tracing page', () => {
  test('every string exists in every shipped language', () => {
    for (const [key, values] of Object.entries(tracingStrings)) for (const language of publicLanguages) assert.ok((values as Record<string, string>)[language]?.trim(), `${key} in ${language}`);
  });

  test('renders without JavaScript, Arabic right to left, under 50 KB gzipped with its stylesheet', async () => {
    const res = await w.t.request({ method: 'GET', url: `/c/${slug}/tracing?lang=ar` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="ar" dir="rtl">/);
    assert.doesNotMatch(res.body, /<script/i);
    const css = await w.t.request({ method: 'GET', url: '/static/public.css' });
    assert.ok(gzipSync(res.body).length + gzipSync(css.body).length < 50 * 1024);
    assert.equal((await w.t.request({ method: 'GET', url: '/c/no-such-crisis/tracing' })).statusCode, 404);
  });

  test('a search says there may be a match and shows nothing of the record', async () => {
    const res = await post('search', { name: 'Mohammed Abdelrahman', year: '1990' });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.body.includes(tracingStrings.mayMatch.en.slice(0, 30)));
    for (const secret of ['Omdurman', 'Agadez', 'Hamouda', 'i_am_safe', 'lifeline.local/']) assert.ok(!res.body.includes(secret), secret);
    const none = await post('search', { name: 'Zzyzx Qwerty' });
    assert.ok(none.body.includes(tracingStrings.noMatch.en.slice(0, 30)));
  });

  test('bad forms are 400 and change nothing; a stale token is refused', async () => {
    const before = await countRows(w, 'tracing_records');
    assert.equal((await post('search', { name: 'A', year: '19x0' })).statusCode, 400);
    assert.equal((await post('search', { name: 'Mohammed' }, { ageMs: 0 })).statusCode, 400);
    const noConsent = await post('request', { name: 'Amina Yusuf', phone: '+249912000333' });
    assert.equal(noConsent.statusCode, 400);
    assert.ok(noConsent.body.includes(tracingStrings.errorConsent.en));
    assert.equal((await post('request', { name: 'Amina Yusuf', phone: 'call me', consent: 'yes' })).statusCode, 400);
    const json = await w.t.request({ method: 'POST', url: `/c/${slug}/tracing/search`, headers: { 'content-type': 'application/json' }, payload: '{"name":"x"}', remoteAddress: '10.61.0.1' });
    assert.ok(json.statusCode >= 400 && json.statusCode < 500);
    assert.equal(await countRows(w, 'tracing_records'), before);
  });

  test('a request is stored as "looking for" with consent and the phone in the identity store, and queued for matching', async () => {
    const jobs = await countRows(w, 'jobs');
    const res = await post('request', { lang: 'fr', name: 'Amina Yusuf', year: '1975', phone: '0912 000 444', place: 'Khartoum', consent: 'yes' });
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(!res.body.includes('912'));
    assert.match(res.body, /<html lang="fr"/);
    const row = await w.t.db.selectFrom('tracing_records').innerJoin('people', 'people.id', 'tracing_records.author_person_id')
      .select(['tracing_records.kind', 'tracing_records.legal_basis', 'people.phone_e164', 'people.id as author']).where('tracing_records.crisis_id', '=', w.crisisId).where('kind', '=', 'looking_for').executeTakeFirstOrThrow();
    assert.equal(row.phone_e164, '+249912000444');
    assert.equal(row.legal_basis, 'consent');
    const consent = await w.t.db.selectFrom('consent_records').select(['purposes', 'method']).where('person_id', '=', row.author).executeTakeFirstOrThrow();
    assert.deepEqual(consent, { purposes: ['family_tracing'], method: 'web_form' });
    assert.equal(await countRows(w, 'jobs'), jobs + 1);
  });

  test('searches are rate limited per address', async () => {
    const codes = [];
    for (let i = 0; i < 6; i += 1) codes.push((await post('search', { name: 'Someone Else' }, { address: '10.99.1.1' })).statusCode);
    assert.equal(codes.at(-1), 429, codes.join(','));
  });
});
