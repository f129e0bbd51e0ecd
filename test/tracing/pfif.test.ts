/**
 * PFIF 1.4 through the real HTTP stack: the export and the Atom feed keep the published shape, are audited and never
 * carry contact details; an import (1.2 names too) stores persons and notes through the identity store and queues
 * matching; a broken document is refused whole, naming record and field; expiry turns a record into a placeholder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runRetention } from '../../src/features/data-protection/retention.service.ts';
import { retentionTargets } from '../../src/features/retention-targets.ts';
import { atomShapeProblems, pfifShapeProblems } from './pfif-shape.ts';
import { as, buildTracingWorld, countRows, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
let recordId: string;
before(async () => {
  w = await buildTracingWorld();
  const vol = as(w, w.volunteer);
  const res = await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({
    author: { name: 'Amina', phone: '+249912000222' }, homeCountry: 'sd', homeCity: 'Omdurman', description: 'Tall, <b>scar</b> on left hand & a limp',
  }));
  assert.equal(res.statusCode, 201, res.body);
  recordId = res.json().id;
  assert.equal((await vol('POST', `/api/tracing-records/${recordId}/notes`, { status: 'information_sought', authorName: 'Amina', text: 'Last call from Kufra in May' })).statusCode, 201);
  await vol('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ kind: 'deceased_migrant', subject: { fullName: 'Unknown man' }, incident: { date: '2026-05-02', place: 'Mediterranean, off Zuwara', latitude: 33.1, longitude: 12.2, causeOfDeath: 'drowning', dead: 12 }, remainsStatus: 'recovered' }));
});
after(async () => w?.t.close());

const xmlHeaders = { 'content-type': 'application/xml' };

describe('PFIF export', () => {
  test('the XML document has the PFIF 1.4 shape, no phone numbers, and each exported record is audited', async () => {
    const exportsBefore = await w.t.db.selectFrom('audit_log').select('id').where('action', '=', 'export').execute();
    const res = await as(w, w.coordinator)('GET', `/api/crises/${w.crisisId}/pfif.xml`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /application\/xml/);
    assert.deepEqual(pfifShapeProblems(res.body), []);
    assert.ok(res.body.includes('<pfif:full_name>Mohammed Abdelrahman</pfif:full_name>'));
    assert.ok(res.body.includes('&lt;b&gt;scar&lt;/b&gt;'), 'text is escaped');
    assert.ok(res.body.includes('<pfif:status>information_sought</pfif:status>'));
    assert.ok(!res.body.includes('+249912000222') && !res.body.includes('author_phone'));
    const exportsAfter = await w.t.db.selectFrom('audit_log').select('id').where('action', '=', 'export').execute();
    assert.equal(exportsAfter.length - exportsBefore.length, 2);
  });

  test('the Atom person feed has the Person Finder shape', async () => {
    const res = await as(w, w.coordinator)('GET', `/api/crises/${w.crisisId}/pfif.atom`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(atomShapeProblems(res.body), []);
  });

  test('only export:personal may export; another crisis exports nothing of this one', async () => {
    assert.equal((await as(w, w.volunteer)('GET', `/api/crises/${w.crisisId}/pfif.xml`)).statusCode, 403);
    assert.equal((await as(w, w.coordinator)('GET', `/api/crises/${w.otherCrisisId}/pfif.xml`)).statusCode, 404);
    assert.equal((await as(w, w.coordinator)('GET', `/api/crises/${w.crisisId}/pfif.xml?since=yesterday`)).statusCode, 400);
  });
});

const doc = (body: string, ns = 'http://zesty.ca/pfif/1.4') => `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="${ns}">${body}</pfif:pfif>`;
const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 19) + 'Z';

describe('PFIF import', () => {
  test('a 1.4 document and a 1.2 one (older names) are stored through the identity store; contact fields are dropped', async () => {
    const jobs = await countRows(w, 'jobs');
    const res = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=legitimate_interest`, doc(`
      <pfif:person><pfif:person_record_id>example.org/p1</pfif:person_record_id><pfif:expiry_date>${future}</pfif:expiry_date><pfif:author_phone>+491701234567</pfif:author_phone>
        <pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date><pfif:full_name>Abderrahmane Mohamed</pfif:full_name><pfif:alternate_names>عبد الرحمن محمد</pfif:alternate_names><pfif:sex>male</pfif:sex><pfif:age>30-40</pfif:age>
        <pfif:note><pfif:note_record_id>example.org/n1</pfif:note_record_id><pfif:author_name>Abderrahmane</pfif:author_name><pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date>
          <pfif:author_made_contact>true</pfif:author_made_contact><pfif:status>is_note_author</pfif:status><pfif:text>I am safe in Agadez</pfif:text></pfif:note>
      </pfif:person>`), xmlHeaders);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().persons, 1);
    assert.equal(res.json().notes, 1);
    assert.deepEqual(res.json().dropped, ['person[0].author_phone']);
    const row = await w.t.db.selectFrom('tracing_records').innerJoin('people', 'people.id', 'tracing_records.person_id').select(['kind', 'other_names', 'people.purpose', 'people.legal_basis', 'people.retention_until'])
      .where('record_id', '=', 'example.org/p1').executeTakeFirstOrThrow();
    assert.equal(row.kind, 'i_am_safe');
    assert.deepEqual(row.other_names, ['Abderrahmane Mohamed', 'عبد الرحمن محمد']);
    assert.equal(row.purpose, 'family_tracing');
    assert.equal(row.retention_until, future.slice(0, 10));
    assert.equal(await countRows(w, 'jobs'), jobs + 1);
    const old = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`,
      `<pfif xmlns="http://zesty.ca/pfif/1.2"><person><person_record_id>example.org/p2</person_record_id><source_date>${future.replace(/^\d{4}/, '2026')}</source_date><first_name>Selam</first_name><last_name>Haile</last_name><other>From Asmara</other></person></pfif>`, xmlHeaders);
    assert.equal(old.statusCode, 200, old.body);
    assert.equal(old.json().version, '1.2');
    const again = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`,
      `<pfif xmlns="http://zesty.ca/pfif/1.2"><person><person_record_id>example.org/p2</person_record_id><source_date>2026-11-20T10:00:00Z</source_date><first_name>Selam</first_name></person></pfif>`, xmlHeaders);
    assert.equal(again.json().unchanged, 1, again.body);
  });

  test('a broken document is refused whole, each problem named by record and field', async () => {
    const before = [await countRows(w, 'tracing_records'), await countRows(w, 'people'), await countRows(w, 'tracing_notes')];
    const res = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, doc(`
      <pfif:person><pfif:person_record_id>example.org/ok</pfif:person_record_id><pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date><pfif:full_name>Good Record</pfif:full_name>
        <pfif:note><pfif:note_record_id>example.org/n9</pfif:note_record_id><pfif:author_name>A</pfif:author_name><pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date><pfif:status>found</pfif:status></pfif:note></pfif:person>
      <pfif:person><pfif:person_record_id>no-domain</pfif:person_record_id><pfif:full_name>Bad</pfif:full_name><pfif:sex>m</pfif:sex><pfif:home_country>Sudan</pfif:home_country></pfif:person>`), xmlHeaders);
    assert.equal(res.statusCode, 400, res.body);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    for (const f of ['person[0].note[0].status', 'person[1].person_record_id', 'person[1].source_date', 'person[1].sex', 'person[1].home_country']) assert.ok(fields.includes(f), `${f} in ${fields.join(', ')}`);
    assert.deepEqual([await countRows(w, 'tracing_records'), await countRows(w, 'people'), await countRows(w, 'tracing_notes')], before);
  });

  test('a bad legal basis, a record held by another organisation, malformed XML, a DOCTYPE and a wrong type are refused', async () => {
    const one = doc(`<pfif:person><pfif:person_record_id>example.org/p9</pfif:person_record_id><pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date><pfif:full_name>X Y</pfif:full_name></pfif:person>`);
    const basis = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=whatever`, one, xmlHeaders);
    assert.equal(basis.statusCode, 400);
    assert.equal(basis.json().error.details[0].field, 'legalBasis');
    const owned = await as(w, w.otherVolunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, doc(`<pfif:person><pfif:person_record_id>example.org/p1</pfif:person_record_id><pfif:source_date>2026-11-20T10:00:00Z</pfif:source_date><pfif:full_name>Z</pfif:full_name></pfif:person>`), xmlHeaders);
    assert.equal(owned.statusCode, 400);
    assert.equal(owned.json().error.details[0].rule, 'owned');
    const broken = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, '<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4"><pfif:person>', xmlHeaders);
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.details[0].field, 'body');
    const entity = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, `<!DOCTYPE x [<!ENTITY a "aaaa">]>${one}`, xmlHeaders);
    assert.equal(entity.json().error.details[0].rule, 'doctype');
    const wrongNs = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, one.replace('zesty.ca/pfif/1.4', 'example.org/other'), xmlHeaders);
    assert.equal(wrongNs.json().error.details[0].rule, 'namespace');
    assert.equal((await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, { xml: one })).statusCode, 415);
    assert.equal((await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, Buffer.from([0x3c, 0xff, 0xfe]) as unknown as string, xmlHeaders)).statusCode, 400);
    assert.equal(await w.t.db.selectFrom('tracing_records').select('id').where('record_id', '=', 'example.org/p9').executeTakeFirst(), undefined);
  });

  test('an already expired record is not stored', async () => {
    const res = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/pfif?legalBasis=consent`, doc(`<pfif:person><pfif:person_record_id>example.org/old</pfif:person_record_id><pfif:expiry_date>2020-01-01T00:00:00Z</pfif:expiry_date><pfif:source_date>2019-11-20T10:00:00Z</pfif:source_date><pfif:full_name>Old One</pfif:full_name></pfif:person>`), xmlHeaders);
    assert.equal(res.json().expired, 1, res.body);
    assert.equal(await w.t.db.selectFrom('tracing_records').select('id').where('record_id', '=', 'example.org/old').executeTakeFirst(), undefined);
  });
});

describe('PFIF expiry', () => {
  test('at expiry the retention job leaves a placeholder: ids and dates only, no notes, no identity; the feed says so', async () => {
    const before = await w.t.db.selectFrom('tracing_records').select(['person_id', 'author_person_id', 'entry_date']).where('id', '=', recordId).executeTakeFirstOrThrow();
    await w.t.db.updateTable('tracing_records').set({ expiry_date: new Date(Date.now() - 1000) }).where('id', '=', recordId).execute();
    const dry = await runRetention(w.t.db, retentionTargets, { dryRun: true });
    assert.equal(dry.results['tracing_records']?.['tracing_pfif_expiry'], 1);
    await runRetention(w.t.db, retentionTargets, { dryRun: false, triggeredBy: 'test' });
    const row = await w.t.db.selectFrom('tracing_records').selectAll().where('id', '=', recordId).executeTakeFirstOrThrow();
    assert.ok(row.expired_at);
    assert.equal(row.person_id, null);
    assert.equal(row.home_city, null);
    assert.ok(row.entry_date > before.entry_date);
    for (const id of [before.person_id, before.author_person_id]) assert.equal(await w.t.db.selectFrom('people').select('id').where('id', '=', id as string).executeTakeFirst(), undefined);
    assert.equal((await w.t.db.selectFrom('tracing_notes').select('id').where('tracing_record_id', '=', recordId).execute()).length, 0);
    assert.equal((await w.t.db.selectFrom('tracing_blocking_keys').select('key').where('tracing_record_id', '=', recordId).execute()).length, 0);
    const feed = await as(w, w.coordinator)('GET', `/api/crises/${w.crisisId}/pfif.xml?since=${encodeURIComponent(row.entry_date.toISOString())}`);
    assert.deepEqual(pfifShapeProblems(feed.body), []);
    assert.ok(feed.body.includes(row.record_id));
    assert.ok(!feed.body.includes('Omdurman') && !feed.body.includes('Mohammed Abdelrahman'));
    const view = await as(w, w.volunteer)('GET', `/api/tracing-records/${recordId}`);
    assert.equal(view.json().expired, true);
    assert.equal(view.json().subject, null);
  });
});
