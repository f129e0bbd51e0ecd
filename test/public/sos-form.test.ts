import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { formToken } from '../../src/features/public/sos.routes.ts';
import { publicLanguages, sosStrings } from '../../src/features/public/strings.ts';
import { buildOrganisation } from '../factories/access.ts';
import { buildCrisis } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { buildChannel } from '../intake/helpers.ts';

let t: TestApp;
let slug: string;

before(async () => {
  t = await startTestApp();
  const crisis = await buildCrisis(t.db, { slug: 'khartoum-test', affectedCountries: ['SD'] });
  slug = crisis.slug;
  const org = await buildOrganisation(t);
  await buildChannel(t, { crisisId: crisis.id, organisationId: org.id, kind: 'web' });
});
after(async () => t?.close());

const messageCount = async (): Promise<number> => Number((await t.db.selectFrom('messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

function submit(fields: Record<string, string>, ageMs = 5000) {
  const form = { lang: 'en', token: formToken(t.app.secretKey, slug, Date.now() - ageMs), submission: crypto.randomUUID(), precision: 'area', callback: 'none', ...fields };
  return t.request({ method: 'POST', url: `/c/${slug}/sos`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString(), remoteAddress: `10.50.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
}

describe('the public SOS form', () => {
  test('every string exists in every shipped language', () => {
    for (const [key, values] of Object.entries(sosStrings)) {
      for (const language of publicLanguages) assert.ok((values as Record<string, string>)[language]?.trim(), `${key} in ${language}`);
    }
  });

  test('renders without JavaScript, in Arabic right to left, well under 50 KB gzipped with its stylesheet', async () => {
    const res = await t.request({ method: 'GET', url: `/c/${slug}/sos?lang=ar` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="ar" dir="rtl">/);
    assert.match(res.body, /اطلب المساعدة/);
    assert.doesNotMatch(res.body, /<script/i);
    assert.match(res.body, /<form method="post"/);
    const css = await t.request({ method: 'GET', url: '/static/public.css' });
    assert.equal(css.statusCode, 200);
    const total = gzipSync(res.body).length + gzipSync(css.body).length;
    assert.ok(total < 50 * 1024, `total ${total} bytes gzipped`);
    const french = await t.request({ method: 'GET', url: `/c/${slug}/sos`, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    assert.match(french.body, /<html lang="fr" dir="ltr">/);
  });

  test('a submission is stored with a reference, once, even when sent twice', async () => {
    const before = await messageCount();
    const submission = crypto.randomUUID();
    const first = await submit({ submission, lang: 'es', message: 'Somos 4, mi madre necesita insulina', place: 'Omdurman, cerca del mercado', callback: 'whatsapp', phone: '0912 000 111' });
    assert.equal(first.statusCode, 201, first.body);
    const reference = /class="ref">([A-Z0-9-]+)</.exec(first.body)?.[1];
    assert.match(reference ?? '', /^SD-[2-9A-Z]{6}$/);
    assert.match(first.body, /Recibimos su mensaje/);
    const again = await submit({ submission, lang: 'es', message: 'Somos 4, mi madre necesita insulina', callback: 'whatsapp', phone: '0912 000 111' });
    assert.equal(again.statusCode, 201);
    assert.equal(/class="ref">([A-Z0-9-]+)</.exec(again.body)?.[1], reference, 'the same reference');
    assert.equal(await messageCount(), before + 1);
    const stored = await t.db.selectFrom('messages').select(['text', 'location']).where('provider_message_id', '=', submission).executeTakeFirstOrThrow();
    assert.equal(stored.location?.place, 'Omdurman, cerca del mercado');
    assert.equal(stored.location?.precision, 'area');
  });

  test('anonymous by default: no phone, no name, still stored', async () => {
    const res = await submit({ message: 'Trapped in a basement in Bahri, 3 people' });
    assert.equal(res.statusCode, 201);
  });

  test('an empty message, a bad phone number, or a form sent too fast is refused with the form shown again, and nothing is stored', async () => {
    const before = await messageCount();
    const empty = await submit({ message: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Please write what is happening/);
    const phone = await submit({ message: 'help', callback: 'sms', phone: '12' });
    assert.equal(phone.statusCode, 400);
    assert.match(phone.body, /cannot be read/);
    assert.match(phone.body, />help<\/textarea>/, 'what the person wrote is kept');
    const fast = await submit({ message: 'help' }, 100);
    assert.equal(fast.statusCode, 400);
    const forged = await t.request({ method: 'POST', url: `/c/${slug}/sos`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'message=help&token=1.abc', remoteAddress: '10.60.0.1' });
    assert.equal(forged.statusCode, 400);
    assert.equal(await messageCount(), before);
  });

  test('a robot that fills the honeypot gets a thank-you page and stores nothing', async () => {
    const before = await messageCount();
    const res = await submit({ message: 'cheap watches', website: 'http://spam.example' });
    assert.equal(res.statusCode, 201);
    assert.equal(await messageCount(), before);
  });

  test('script in the message is escaped when the form is shown again', async () => {
    const res = await submit({ message: '<script>alert(1)</script>', callback: 'sms', phone: 'x' });
    assert.equal(res.statusCode, 400);
    assert.doesNotMatch(res.body, /<script>alert/);
    assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('more than 5 submissions a minute from one address are rate limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const form = { lang: 'en', token: formToken(t.app.secretKey, slug, Date.now() - 5000), submission: crypto.randomUUID(), message: `flood ${i}` };
      const res = await t.request({ method: 'POST', url: `/c/${slug}/sos`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString(), remoteAddress: '10.99.99.99' });
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses.filter((s) => s === 429).length, 2);
  });

  test('an unknown crisis shows a plain not-found page', async () => {
    const res = await t.request({ method: 'GET', url: '/c/no-such-crisis/sos?lang=fr' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Il n'y a pas de formulaire|Il n&#39;y a pas de formulaire/);
  });
});
