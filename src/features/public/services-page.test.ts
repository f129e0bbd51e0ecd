/**
 * The public service directory page (/c/<slug>/services) and the demo directory package: what the public sees and never
 * sees (safe houses), the filters, the four languages, error pages, and the page weight.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { hsdsPackage } from '../../../test/factories/directory.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { createCrisis } from '../crises/crises.service.ts';
import { demoCrises } from '../demo/demo-data.ts';
import { DEMO_SAFE_HOUSE_LOCATION, DEMO_SERVICE, seedDemoDirectory } from '../demo/demo-directory.ts';
import { importFiles } from '../directory/directory.service.ts';
import { escapeHtml } from './html.ts';
import { servicesStrings } from './services-strings.ts';

let t: TestApp;
const SLUG = 'services-page-test';
const BIG_SLUG = 'services-page-big';
const ORG = randomUUID();
const SHELTER = randomUUID();
const FULL_SHELTER = randomUUID();
const STALE_SHELTER = randomUUID();
const SAFE_HOUSE = randomUUID();
const CLINIC = randomUUID();
const LOC = { shelter: randomUUID(), full: randomUUID(), stale: randomUUID(), safe: randomUUID(), clinic: randomUUID() };
const sal = (service: string, location: string): string => `${randomUUID()},${service},${location}\n`;

/** Around Tripoli: three shelters (free beds, full, stale count), a safe house at a confidential location, a clinic. */
function crisisPackage(): Map<string, string> {
  const fresh = new Date(Date.now() - 3_600_000).toISOString();
  const old = new Date(Date.now() - 72 * 3_600_000).toISOString();
  return new Map([
    ['organizations.csv', `id,name,description\n${ORG},Croissant Rouge Tripoli,Help for everyone\n`],
    ['services.csv',
      'id,organization_id,name,status,lifeline_kind,lifeline_needs,lifeline_serves_regardless_of_status,lifeline_safe_without_documents,' +
      'lifeline_beds_total,lifeline_beds_free,lifeline_capacity_updated\n' +
      `${SHELTER},${ORG},Abri Souq al-Juma,active,shelter,shelter;food,true,true,40,12,${fresh}\n` +
      `${FULL_SHELTER},${ORG},Abri Plein Gargaresh,active,shelter,shelter,false,false,20,0,${fresh}\n` +
      `${STALE_SHELTER},${ORG},Abri Ancien Tajoura,active,shelter,shelter,false,false,10,5,${old}\n` +
      `${SAFE_HOUSE},${ORG},Hidden refuge for women,active,safe_house,shelter;security,true,true,10,3,${fresh}\n` +
      `${CLINIC},${ORG},Clinique Médicale du Port,active,medical,medical,false,false,,,\n`],
    ['locations.csv', 'id,location_type,name,latitude,longitude,lifeline_confidential,lifeline_country,lifeline_admin1_code,lifeline_admin1_name\n' +
      `${LOC.shelter},physical,Souq al-Juma,32.9000,13.2200,false,LY,LY21,Tripoli\n` +
      `${LOC.full},physical,Gargaresh,32.8500,13.1000,false,LY,LY21,Tripoli\n` +
      `${LOC.stale},physical,Tajoura,32.8800,13.3500,false,LY,LY21,Tripoli\n` +
      `${LOC.safe},physical,Bayt Sirri Hideaway,32.8811,13.1922,true,LY,LY21,Tripoli\n` +
      `${LOC.clinic},physical,Port clinic,32.8950,13.1800,false,LY,LY21,Tripoli\n`],
    ['service_at_location.csv', `id,service_id,location_id\n${sal(SHELTER, LOC.shelter)}${sal(FULL_SHELTER, LOC.full)}${sal(STALE_SHELTER, LOC.stale)}` +
      `${sal(SAFE_HOUSE, LOC.safe)}${sal(CLINIC, LOC.clinic)}`],
    ['addresses.csv', 'id,location_id,address_1,city,state_province,postal_code,country,address_type\n' +
      `${randomUUID()},${LOC.shelter},12 Souq Road,Tripoli,Tripoli,0000,LY,physical\n` +
      `${randomUUID()},${LOC.safe},7 Secret Lane,Tripoli,Tripoli,0000,LY,physical\n`],
    ['languages.csv', `id,service_id,name,code\n${randomUUID()},${SHELTER},Amharic,amh\n${randomUUID()},${SHELTER},Arabic,ar\n` +
      `${randomUUID()},${FULL_SHELTER},Tigrinya,ti\n${randomUUID()},${STALE_SHELTER},Somali,so\n` +
      `${randomUUID()},${CLINIC},French,fr\n${randomUUID()},${SAFE_HOUSE},Amharic,am\n`],
    ['phones.csv', 'id,service_id,location_id,number,type\n' +
      `${randomUUID()},${SHELTER},,+44 7700 900201,voice\n${randomUUID()},${CLINIC},,+44 20 7946 0301,voice\n` +
      `${randomUUID()},${CLINIC},${LOC.safe},+44 7700 900667,voice\n${randomUUID()},,${LOC.safe},+44 7700 900666,voice\n`],
  ]);
}

const get = (url: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url, headers });
const page = async (query = '', slug = SLUG): Promise<string> => {
  const response = await get(`/c/${slug}/services${query ? `?${query}` : ''}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.body;
};

before(async () => {
  t = await startTestApp();
  const crisis = await buildCrisis(t.db, { slug: SLUG });
  const big = await buildCrisis(t.db, { slug: BIG_SLUG });
  await importFiles(t.db, crisisPackage(), 'system', [crisis.id]);
  await importFiles(t.db, hsdsPackage(30, { seed: 11 }).files, 'system', [big.id]);
});
after(async () => t?.close());

describe('public services page', () => {
  test('lists the services of the crisis with what a visitor needs to know, and never a confidential location', async () => {
    const response = await get(`/c/${SLUG}/services`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.equal(response.headers['cache-control'], 'public, max-age=60');
    const body = response.body;
    for (const expected of ['Abri Souq al-Juma', 'Croissant Rouge Tripoli', 'Shelter', 'Food', 'Amharic', 'Helps everyone, whatever their papers.',
      'Free beds: 12 of 40', '12 Souq Road', 'Clinique Médicale du Port', '+44 20 7946 0301', 'Services found: 4']) {
      assert.ok(body.includes(escapeHtml(expected)), `missing ${expected}`);
    }
    assert.ok(body.includes('<a href="tel:+447700900201" dir="ltr">+44 7700 900201</a>'));
    assert.ok(body.includes('Run by <bdi>Croissant Rouge Tripoli</bdi>'));
    assert.equal(body.split(servicesStrings.stale.en).length - 1, 1, 'exactly the stale count is marked out of date');
    for (const secret of ['Hidden refuge', 'Bayt Sirri', 'Secret Lane', '32.8811', '13.1922', '900666', '900667', LOC.safe, SAFE_HOUSE]) {
      assert.ok(!body.includes(secret), `shows ${secret}`);
    }
    assert.ok(!body.includes('Médecins Aide'), 'shows a service of another crisis');
  });

  test('filters by need, language and free beds, and keeps the choices in the form', async () => {
    const medical = await page('need=medical');
    assert.ok(medical.includes('Clinique Médicale du Port') && !medical.includes('Abri '), 'need');
    assert.ok(medical.includes('<option value="medical" selected>'));
    const amharic = await page('language=am');
    assert.ok(amharic.includes('Abri Souq al-Juma') && !amharic.includes('Clinique') && !amharic.includes('Gargaresh'), 'language');
    assert.ok((await page('language=amh')).includes('Services found: 1'), 'a three-letter code is the same language');
    const beds = await page('hasBeds=true&need=&q=');
    assert.ok(beds.includes('Abri Souq al-Juma') && !beds.includes('Gargaresh') && !beds.includes('Tajoura') && !beds.includes('Clinique'), 'free beds');
    assert.ok(beds.includes('name="hasBeds" value="true" checked'));
    assert.ok((await page('q=Souq%20al-Juma')).includes('Services found: 1'), 'name');
    assert.ok((await page('need=water')).includes(escapeHtml(servicesStrings.none.en)));
  });

  test('in Arabic the page is right to left with Arabic labels, and links to the other languages keep the filters', async () => {
    const body = await page('lang=ar&need=shelter');
    assert.match(body, /<html lang="ar" dir="rtl">/);
    for (const label of [servicesStrings.title.ar, 'مأوى', 'الأمهرية', servicesStrings.regardless.ar]) assert.ok(body.includes(label), `missing ${label}`);
    assert.ok(body.includes(`href="/c/${SLUG}/services?need=shelter&amp;lang=fr"`));
    const byHeader = await get(`/c/${SLUG}/services`, { 'accept-language': 'ar,en;q=0.5' });
    assert.match(byHeader.body, /dir="rtl"/);
    assert.equal(byHeader.headers['vary'], 'accept-language');
    assert.match(await page('lang=es'), /<html lang="es" dir="ltr">/);
  });

  test('an unknown crisis is a 404 page', async () => {
    const response = await get('/c/no-such-crisis/services?lang=fr');
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.ok(response.body.includes(escapeHtml(servicesStrings.notFound.fr)));
  });

  test('a bad filter is a 400 page naming the filter in the page language, never JSON or a stack trace', async () => {
    const fr = await get(`/c/${SLUG}/services?need=zzz&lang=fr`);
    assert.equal(fr.statusCode, 400);
    assert.match(String(fr.headers['content-type']), /^text\/html/);
    assert.ok(fr.body.includes(escapeHtml(servicesStrings.errorTitle.fr)));
    assert.ok(fr.body.includes(escapeHtml(`« ${servicesStrings.needLabel.fr} »`)), fr.body);
    assert.ok(!fr.body.includes(escapeHtml(servicesStrings.languageLabel.fr) + ' »'));
    assert.ok(!/"code":|\.ts:\d+|^\{/.test(fr.body));
    const es = await get(`/c/${SLUG}/services?language=zzz&lang=es`);
    assert.equal(es.statusCode, 400);
    assert.ok(es.body.includes(escapeHtml(`«${servicesStrings.languageLabel.es}»`)), es.body);
    const kinds = await get(`/c/${SLUG}/services?kind=spa&kind=shelter`);
    assert.equal(kinds.statusCode, 400);
    assert.ok(kinds.body.includes(escapeHtml(`“${servicesStrings.kindLabel.en}”`)));
    const name = await get(`/c/${SLUG}/services?q=a`);
    assert.equal(name.statusCode, 400);
    assert.ok(name.body.includes(escapeHtml(servicesStrings.errorName.en)));
  });

  test('with 30 services the page stays under 50 KB gzipped, and no page carries a script', async (ctx) => {
    const body = await page('', BIG_SLUG);
    assert.ok(body.includes('Services found: 30'));
    const gzipped = gzipSync(body).length;
    ctx.diagnostic(`30 services: ${body.length} bytes, ${gzipped} bytes gzipped`);
    assert.ok(gzipped < 50 * 1024, `${gzipped} bytes gzipped`);
    const others = await Promise.all([get(`/c/${SLUG}/services?lang=ar`), get('/c/nope/services'), get(`/c/${SLUG}/services?need=zzz`)]);
    for (const html of [body, ...others.map((r) => r.body)]) assert.ok(!/<script/i.test(html));
  });
});

describe('demo directory', () => {
  test('the demo package imports whole into a fresh database, once', async () => {
    const database = await createTestDatabase();
    try {
      const crises = [];
      for (const crisis of demoCrises) crises.push(await createCrisis(database.db, crisis));
      const sudan = crises.find((c) => c.slug === 'sudan-conflict-demo');
      assert.ok(sudan);
      assert.equal(await seedDemoDirectory(database.db, [sudan.id]), 12);
      assert.equal(await seedDemoDirectory(database.db, [sudan.id]), 0, 'a second run imports nothing');
      const kinds = await database.db.selectFrom('directory_services').select(['kind', 'crisis_ids', 'language_codes']).execute();
      assert.equal(kinds.length, 12);
      assert.ok(kinds.every((k) => k.crisis_ids.length === 1 && k.crisis_ids[0] === sudan.id));
      for (const kind of ['shelter', 'safe_house', 'medical', 'legal_aid', 'hotline', 'information_centre', 'consular', 'psychosocial', 'transport']) {
        assert.ok(kinds.some((k) => k.kind === kind), kind);
      }
      const spoken = new Set(kinds.flatMap((k) => k.language_codes));
      for (const code of ['am', 'ti', 'ar', 'en', 'fr', 'so']) assert.ok(spoken.has(code), code);
      const safe = await database.db.selectFrom('directory_locations').select('is_confidential').where('id', '=', DEMO_SAFE_HOUSE_LOCATION.id)
        .executeTakeFirstOrThrow();
      assert.equal(safe.is_confidential, true);
    } finally {
      await database.close();
    }
  });

  test('the demo crisis page shows the demo services but not the safe house', async () => {
    const sudan = await createCrisis(t.db, demoCrises[0]!);
    assert.equal(await seedDemoDirectory(t.db, [sudan.id]), 12);
    const body = await page('', 'sudan-conflict-demo');
    assert.ok(body.includes('Port Sudan transit shelter') && body.includes('Services found: 11'));
    assert.ok(body.includes('Migrant helpline Sudan') && body.includes('+44 7700 900199'));
    const { name, latitude, longitude } = DEMO_SAFE_HOUSE_LOCATION;
    for (const secret of [name, latitude, longitude, '+44 7700 900102', "Women's safe house", DEMO_SERVICE.safeHouse]) {
      assert.ok(!body.includes(escapeHtml(secret)), `shows ${secret}`);
    }
  });
});
