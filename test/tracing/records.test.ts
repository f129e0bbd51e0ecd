/**
 * Tracing records through the HTTP API: the Missing Migrants Project facts and PFIF notes, bad input answered with a
 * 4xx naming field and rule while nothing stored changes, roles without personal:read see no names, and other
 * organisations or crises get 404.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildUser, signIn } from '../factories/access.ts';
import { as, buildTracingWorld, countRows, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
before(async () => {
  w = await buildTracingWorld();
});
after(async () => w?.t.close());

const url = () => `/api/crises/${w.crisisId}/tracing-records`;

describe('tracing records', () => {
  test('a deceased migrant with the Missing Migrants Project facts, a status note and the return of remains', async () => {
    const vol = as(w, w.volunteer);
    const res = await vol('POST', url(), recordBody({
      kind: 'deceased_migrant', legalBasis: 'public_interest', subject: { fullName: 'Unknown woman, about 25' }, sex: 'female', age: '20-30', regionOfOrigin: 'Horn of Africa',
      incident: { date: '2026-06-14', place: 'Central Mediterranean', latitude: 34.5, longitude: 12.9, causeOfDeath: 'drowning', dead: 7, missing: 20, survivors: 31, migrationRoute: 'Central Mediterranean', informationSource: 'Coast guard', sourceQuality: 4 },
      remainsStatus: 'recovered', photoUrl: 'https://files.example.org/p/1.jpg', hasPhotoConsent: true,
    }));
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id;
    assert.equal(res.json().incident.causeOfDeath, 'drowning');
    assert.equal(res.json().hasPhoto, true);
    const note = await vol('POST', `/api/tracing-records/${id}/notes`, { status: 'believed_dead', authorName: 'Volunteer', text: 'Identified by her brother from the photo' });
    assert.equal(note.statusCode, 201, note.body);
    const updated = await vol('PATCH', `/api/tracing-records/${id}`, { version: 1, remainsStatus: 'repatriated' });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().remainsStatus, 'repatriated');
    const stale = await vol('PATCH', `/api/tracing-records/${id}`, { version: 1, remainsStatus: 'identified' });
    assert.equal(stale.statusCode, 409);
    const detail = await vol('GET', `/api/tracing-records/${id}`);
    assert.equal(detail.json().notes[0].status, 'believed_dead');
    const list = await vol('GET', `${url()}?kind=deceased_migrant`);
    assert.equal(list.json().items.length, 1);
  });

  test('bad input is a 400 naming field and rule, and stores nothing', async () => {
    const vol = as(w, w.volunteer);
    const counts = async () => [await countRows(w, 'tracing_records'), await countRows(w, 'people'), await countRows(w, 'jobs')];
    const before = await counts();
    const cases: Array<[Record<string, unknown>, string]> = [
      [recordBody({ legalBasis: undefined }), 'legalBasis'],
      [recordBody({ legalBasis: 'because' }), 'legalBasis'],
      [recordBody({ kind: 'found' }), 'kind'],
      [recordBody({ subject: { fullName: '' } }), 'subject.fullName'],
      [recordBody({ subject: { fullName: 'A', phone: '+249912000111' } }), 'subject'],
      [recordBody({ sex: 'm' }), 'sex'],
      [recordBody({ dateOfBirth: '12/05/1990' }), 'dateOfBirth'],
      [recordBody({ age: 'thirty' }), 'age'],
      [recordBody({ homeCountry: 'Sudan' }), 'homeCountry'],
      [recordBody({ photoUrl: 'https://files.example.org/p.jpg' }), 'hasPhotoConsent'],
      [recordBody({ incident: { place: 'Sea' } }), 'incident'],
      [recordBody({ kind: 'missing_migrant', incident: { causeOfDeath: 'drowning' } }), 'incident.causeOfDeath'],
      [recordBody({ kind: 'deceased_migrant', incident: { latitude: 200 } }), 'incident.latitude'],
      [recordBody({ expiryDate: '2020-01-01T00:00:00Z' }), 'expiryDate'],
      [recordBody({ author: { phone: '0912000111' } }), 'author.phone'],
      [recordBody({ immigrationStatus: 'irregular' }), ''],
    ];
    for (const [body, field] of cases) {
      const res = await vol('POST', url(), body);
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      const details = res.json().error.details as Array<{ field: string; rule: string }>;
      assert.ok(details.every((d) => d.rule), res.body);
      if (field) assert.ok(details.some((d) => d.field === field || d.field.startsWith(`${field}.`)), `${field} in ${res.body}`);
    }
    const notJson = await w.t.request({ method: 'POST', url: url(), headers: { ...w.volunteer.headers, 'content-type': 'application/json' }, payload: '{"kind":' });
    assert.equal(notJson.statusCode, 400);
    const note = await vol('POST', `/api/tracing-records/00000000-0000-4000-8000-000000000000/notes`, { status: 'is_note_author', authorName: 'Me' });
    assert.equal(note.statusCode, 400);
    assert.equal(note.json().error.details[0].field, 'authorMadeContact');
    assert.deepEqual(await counts(), before);
  });

  test('roles without tracing or casework get 404, as do other organisations and crises', async () => {
    const created = await as(w, w.volunteer)('POST', url(), recordBody());
    const id = created.json().id;
    const analyst = await signIn(w.t, await buildUser(w.t, { twoFactor: false, memberships: [{ organisationId: w.ngo, crisisId: w.crisisId, role: 'analyst' }] }));
    assert.equal((await as(w, analyst)('GET', `/api/tracing-records/${id}`)).statusCode, 404, 'analysts have no tracing role');
    const caseworker = await as(w, w.caseworker)('GET', `/api/tracing-records/${id}`);
    assert.equal(caseworker.statusCode, 200);
    for (const who of [w.otherVolunteer, w.otherCrisisVolunteer]) {
      const call = as(w, who);
      assert.equal((await call('GET', `/api/tracing-records/${id}`)).statusCode, 404);
      assert.equal((await call('PATCH', `/api/tracing-records/${id}`, { version: 1, lastKnownLocation: 'X' })).statusCode, 404);
    }
    const otherList = await as(w, w.otherVolunteer)('GET', url());
    assert.equal(otherList.statusCode, 200);
    assert.ok(!otherList.json().items.some((r: { id: string }) => r.id === id));
    assert.equal((await as(w, w.otherCrisisVolunteer)('GET', url())).json().items.length, 0);
    assert.equal((await w.t.request({ method: 'GET', url: `/api/tracing-records/${id}` })).statusCode, 401);
  });

  test('nothing personal reaches the error messages', async () => {
    const res = await as(w, w.volunteer)('POST', url(), recordBody({ subject: { fullName: 'Secret Name', givenName: '' } }));
    assert.equal(res.statusCode, 400);
    assert.ok(!res.body.includes('Secret Name'));
  });
});
