/**
 * What the directory exports is checked against the HSDS 3.0 shape with a JSON Schema validator (ajv, draft
 * 2020-12): dereferenced services from the public API, the Page envelope, and a tabular round trip between two fresh
 * databases that must give the same files.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { importFiles } from '../../src/features/directory/directory.service.ts';
import { exportTabular } from '../../src/features/directory/hsds/export.ts';
import { hsdsPackage } from '../factories/directory.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

const load = (name: string) => JSON.parse(fs.readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as object;
// ajv-formats is CommonJS: under ESM its function sits on `default`.
const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv2020) => void }).default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validService = ajv.compile(load('service.schema.json'));
const validPage = ajv.compile(load('page.schema.json'));
const explain = (errors: unknown) => JSON.stringify(errors, null, 1);

let a: TestApp;
let b: TestApp;
const SERVICE = randomUUID();
const LOCATION = randomUUID();
before(async () => {
  [a, b] = await Promise.all([startTestApp(), startTestApp()]);
  const { files } = hsdsPackage(25, { seed: 11 });
  const org = randomUUID();
  const sal = randomUUID();
  // Hand-written rows that exercise the tables the generator leaves empty.
  files.set('organizations.csv', `${files.get('organizations.csv') as string}${org},Legal Aid Collective,Free legal advice,\n`);
  files.set('services.csv', `${files.get('services.csv') as string}${SERVICE},${org},Legal advice desk,active,legal_aid,detention,true,true,true,,,\n`);
  files.set('locations.csv', `${files.get('locations.csv') as string}${LOCATION},physical,${org},Desk,32.9,13.2,false,LY,LY21,Tripoli\n`);
  files.set('service_at_location.csv', `${files.get('service_at_location.csv') as string}${sal},${SERVICE},${LOCATION}\n`);
  files.set('contacts.csv', `id,service_id,name,title\n${randomUUID()},${SERVICE},Desk officer,Lawyer\n`);
  files.set('service_areas.csv', `id,service_id,name,extent_type\n${randomUUID()},${SERVICE},Tripoli,text\n`);
  files.set('required_documents.csv', `id,service_id,document\n${randomUUID()},${SERVICE},None needed\n`);
  files.set('accessibility.csv', `id,location_id,description\n${randomUUID()},${LOCATION},Step-free entrance\n`);
  files.set('schedules.csv', `${files.get('schedules.csv') as string}${randomUUID()},${SERVICE},WEEKLY,"MO,WE",09:00+02:00,13:00+02:00\n`);
  await importFiles(a.db, files, 'system').catch((error: { details?: unknown }) => {
    throw new Error(JSON.stringify(error.details));
  });
});
after(async () => {
  await a?.close();
  await b?.close();
});

test('dereferenced services from the public API have the HSDS 3.0 shape', async () => {
  const page = await a.request({ method: 'GET', url: '/api/hsds/services?per_page=30' });
  assert.ok(validPage(page.json()), explain(validPage.errors));
  const ids = (page.json().contents as { id: string }[]).map((s) => s.id);
  assert.ok(ids.includes(SERVICE));
  for (const id of ids) {
    const doc = (await a.request({ method: 'GET', url: `/api/hsds/services/${id}` })).json();
    assert.ok(validService(doc), `${id}: ${explain(validService.errors)}`);
  }
  const orgs = await a.request({ method: 'GET', url: '/api/hsds/organizations' });
  assert.ok(validPage(orgs.json()), explain(validPage.errors));
});

test('the schema would catch a broken document', async () => {
  const doc = (await a.request({ method: 'GET', url: `/api/hsds/services/${SERVICE}` })).json();
  assert.equal(validService({ ...doc, status: 'open' }), false);
  const { name: _dropped, ...nameless } = doc;
  assert.equal(validService(nameless), false);
  assert.equal(validService({ ...doc, id: 'service-1' }), false);
});

test('a tabular export imported into a fresh directory exports again byte for byte', async () => {
  const first = await exportTabular(a.db);
  const descriptor = JSON.parse(first.get('datapackage.json') as string) as { resources: { path: string; schema: { fields: { name: string }[] } }[] };
  for (const resource of descriptor.resources) {
    const header = (first.get(resource.path) as string).split('\n')[0];
    assert.equal(header, resource.schema.fields.map((f) => f.name).join(','), resource.path);
  }
  const result = await importFiles(b.db, first, 'system');
  assert.equal(result.counts.service, 26);
  const second = await exportTabular(b.db);
  for (const [name, text] of first) assert.equal(second.get(name), text, `${name} differs after the round trip`);
});
