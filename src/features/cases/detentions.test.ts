import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildOrganisation } from '../../../test/factories/access.ts';
import { buildWorld, consentId, type World } from '../data-protection/fixtures.test-support.ts';

let w: World;
let caseId: string;
let personId: string;
let fearedConsulate: string;
let consulate: string;

before(async () => {
  w = await buildWorld();
  fearedConsulate = (await buildOrganisation(w.t, { type: 'consulate', representsCountry: 'ER' })).id;
  consulate = (await buildOrganisation(w.t, { type: 'consulate', representsCountry: 'ET' })).id;
  const created = await w.t.request({
    method: 'POST', url: `/api/crises/${w.crisisId}/cases`, headers: w.caseworker.headers,
    payload: { openedFrom: 'hotline', legalBasis: 'consent', person: { channel: 'hotline', givenName: 'Selam', nationality: 'ER', fearedStates: ['ER'] }, needs: ['detention'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  caseId = created.json().id;
  personId = (await w.t.db.selectFrom('cases').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow()).person_id as string;
});
after(async () => w?.t.close());

test('a detention is tracked from arrest to outcome; consular access only to a consulate the person agreed to, never a feared state', async () => {
  const bad = await w.t.request({ method: 'POST', url: `/api/cases/${caseId}/detentions`, headers: w.caseworker.headers, payload: { facilityName: 'Tariq al-Sikka', facilityCountry: 'LY', detainedOn: 'last week' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details[0].field, 'detainedOn');
  const created = await w.t.request({ method: 'POST', url: `/api/cases/${caseId}/detentions`, headers: w.caseworker.headers, payload: { facilityName: 'Tariq al-Sikka', facilityCountry: 'LY', detainedOn: '2026-11-01', statedGrounds: 'Irregular entry' } });
  assert.equal(created.statusCode, 201, created.body);
  const detention = created.json();
  assert.ok(detention.daysDetained >= 20);

  const ask = (consulateOrganisationId: string) => w.t.request({ method: 'POST', url: `/api/detentions/${detention.id}/consular-access`, headers: w.caseworker.headers, payload: { consulateOrganisationId } });
  await consentId(w, personId, { purposes: ['consular_assistance'], recipientOrganisationIds: [fearedConsulate, consulate] });
  const feared = await ask(fearedConsulate);
  assert.equal(feared.statusCode, 403);
  assert.equal(feared.json().error.details[0].rule, 'feared_state');
  const notAConsulate = await ask(w.partner);
  assert.equal(notAConsulate.statusCode, 400);
  const granted = await ask(consulate);
  assert.equal(granted.statusCode, 200, granted.body);
  assert.ok(granted.json().consularAccessRequestedAt);
  assert.equal((await ask(consulate)).statusCode, 409);
  const shares = await w.t.db.selectFrom('audit_log').select(['action', 'recipient']).where('person_id', '=', personId).where('action', 'in', ['share', 'share_refused']).execute();
  assert.deepEqual(shares.map((s) => `${s.action}:${s.recipient === consulate ? 'consulate' : s.recipient === fearedConsulate ? 'feared' : 'other'}`).sort(), ['share:consulate', 'share_refused:feared']);

  const patch = (body: Record<string, unknown>) => w.t.request({ method: 'PATCH', url: `/api/detentions/${detention.id}`, headers: w.caseworker.headers, payload: body });
  const half = await patch({ version: 2, outcome: 'released' });
  assert.equal(half.statusCode, 400);
  assert.equal(half.json().error.details[0].field, 'outcomeOn');
  const visit = await w.t.request({ method: 'POST', url: `/api/detentions/${detention.id}/visits`, headers: w.caseworker.headers, payload: { visitedOn: '2026-11-10', visitorOrganisationId: consulate, note: 'Consul visited' } });
  assert.equal(visit.statusCode, 201);
  const ended = await patch({ version: 2, consularAccessGranted: true, outcome: 'released', outcomeOn: '2026-11-20' });
  assert.equal(ended.statusCode, 200, ended.body);
  assert.equal(ended.json().daysDetained, 19);
  const list = await w.t.request({ method: 'GET', url: `/api/cases/${caseId}/detentions`, headers: w.caseworker.headers });
  assert.equal(list.json().items[0].visits[0].note, 'Consul visited');
  assert.equal((await w.t.request({ method: 'GET', url: `/api/cases/${caseId}/detentions`, headers: w.analyst.headers })).statusCode, 404);
});
