import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildCrisis } from '../../../test/factories/crises.ts';
import { auditCount, buildWorld, count, type World } from './fixtures.test-support.ts';

let w: World;
let otherCrisis: string;
let otherDpo: SignedIn;
before(async () => {
  w = await buildWorld();
  otherCrisis = (await buildCrisis(w.t.db)).id;
  otherDpo = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.otherNgo, role: 'data_protection_officer' }] }));
});
after(async () => w?.t.close());

const body = (overrides: Record<string, unknown> = {}) => ({
  organisationId: w.ngo,
  crisisId: w.crisisId,
  receivedAt: '2026-11-20T09:30:00Z',
  authorityKind: 'immigration',
  authorityName: 'Directorate of Immigration',
  scopeDescription: 'List of all Eritrean nationals who called the hotline',
  ...overrides,
});
const record = (payload: Record<string, unknown>, headers = w.caseworker.headers) => w.t.request({ method: 'POST', url: '/api/authority-requests', headers, payload });
const decide = (id: string, payload: Record<string, unknown>, headers = w.dpo.headers) => w.t.request({ method: 'POST', url: `/api/authority-requests/${id}/decision`, headers, payload });
const statusOf = async (id: string) => (await w.t.db.selectFrom('authority_requests').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('authority requests', () => {
  test('recorded by any staff member as refused, audited, and in the data protection officer\'s queue', async () => {
    const audits = await auditCount(w, 'authority_request');
    const res = await record(body());
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'refused');
    assert.equal(res.json().decidedAt, null);
    assert.equal(await auditCount(w, 'authority_request'), audits + 1);
    assert.equal((await w.t.request({ method: 'GET', url: '/api/authority-requests', headers: w.caseworker.headers })).statusCode, 403);
    const queue = (await w.t.request({ method: 'GET', url: '/api/authority-requests?undecided=true', headers: w.dpo.headers })).json();
    assert.ok(queue.items.some((r: { id: string }) => r.id === res.json().id));
    const decided = await decide(res.json().id, { status: 'refused', note: 'No court order; the firewall applies.' });
    assert.equal(decided.statusCode, 200, decided.body);
    const after = (await w.t.request({ method: 'GET', url: '/api/authority-requests?undecided=true', headers: w.dpo.headers })).json();
    assert.ok(!after.items.some((r: { id: string }) => r.id === res.json().id), 'a decided request leaves the queue');
  });

  test('disclosure only under a court order, with a written justification, and then final', async () => {
    const immigration = (await record(body())).json().id;
    const pressed = await decide(immigration, { status: 'disclosed_under_court_order', note: 'They insisted very strongly' });
    assert.equal(pressed.statusCode, 400);
    assert.equal(await statusOf(immigration), 'refused', 'a rejected decision changes nothing');
    assert.equal((await decide(immigration, { status: 'under_review', note: 'short' })).statusCode, 400, 'a justification is required');
    assert.equal(await statusOf(immigration), 'refused');

    const court = (await record(body({ authorityKind: 'court', authorityName: 'High Court', legalInstrument: 'Court order 2026/114', scopeDescription: 'Records about one named case' }))).json().id;
    assert.equal((await decide(court, { status: 'disclosed_under_court_order', note: 'Order checked with counsel; minimum disclosed.' }, w.caseworker.headers)).statusCode, 403);
    const disclosed = await decide(court, { status: 'disclosed_under_court_order', note: 'Order checked with counsel; minimum disclosed.' });
    assert.equal(disclosed.statusCode, 200, disclosed.body);
    assert.equal((await decide(court, { status: 'refused', note: 'Trying to undo the disclosure' })).statusCode, 409);
    assert.equal(await statusOf(court), 'disclosed_under_court_order');
  });

  test('counted in the public transparency figure per year, organisation and crisis, without names', async () => {
    await record(body({ authorityKind: 'police', authorityName: 'Central Station', scopeDescription: 'Names of callers from Kassala' }));
    const res = await w.t.request({ method: 'GET', url: `/api/transparency?organisationId=${w.ngo}&year=2026` });
    assert.equal(res.statusCode, 200, res.body);
    const figure = res.json();
    const police = figure.authorityRequests.find((r: { authorityKind: string; crisisId: string }) => r.authorityKind === 'police' && r.crisisId === w.crisisId);
    assert.deepEqual({ year: police.year, organisationId: police.organisationId, outcome: police.outcome, count: police.count }, { year: 2026, organisationId: w.ngo, outcome: 'refused', count: 1 });
    assert.ok(figure.totals.some((t: { year: number; outcome: string; count: number }) => t.year === 2026 && t.outcome === 'refused' && t.count >= 3));
    assert.doesNotMatch(res.body, /Eritrean|Directorate|Central Station|Kassala|court order 2026/i);
    assert.equal((await w.t.request({ method: 'GET', url: '/api/transparency?year=1999' })).statusCode, 400);
    const none = (await w.t.request({ method: 'GET', url: `/api/transparency?crisisId=${otherCrisis}` })).json();
    assert.deepEqual(none, { authorityRequests: [], totals: [] });
  });

  test('SQL and script in the text are stored as text', async () => {
    const text = "'; update authority_requests set status = 'disclosed_under_court_order'; -- <img src=x onerror=alert(1)>";
    const disclosed = () => w.t.db.selectFrom('authority_requests').select('id').where('status', '=', 'disclosed_under_court_order').execute();
    const before = (await disclosed()).length;
    const res = await record(body({ authorityName: text, legalInstrument: text, scopeDescription: text }));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().scopeDescription, text);
    assert.equal((await disclosed()).length, before);
  });

  test('bad input, a future date or a crisis outside the caller\'s grants is refused and stores nothing', async () => {
    const before = await count(w, 'authority_requests');
    const bad = await record({ organisationId: w.ngo, receivedAt: 'yesterday', authorityKind: 'mafia', authorityName: '', scopeDescription: 'x' });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('receivedAt') && fields.includes('authorityKind') && fields.includes('authorityName'), bad.body);
    assert.equal((await record(body({ receivedAt: new Date(Date.now() + 86_400_000).toISOString() }))).statusCode, 400);
    assert.equal((await record(body({ crisisId: otherCrisis }))).statusCode, 404, 'the caseworker works in one crisis only');
    assert.equal((await record(body({ crisisId: '00000000-0000-4000-8000-000000000000' }), w.dpo.headers)).statusCode, 404);
    assert.equal((await record(body({ organisationId: w.otherNgo, crisisId: null }))).statusCode, 404);
    assert.equal(await count(w, 'authority_requests'), before);
  });

  test('another organisation\'s data protection officer sees none of them and cannot decide them (404, unchanged)', async () => {
    const id = (await record(body())).json().id;
    const list = await w.t.request({ method: 'GET', url: '/api/authority-requests', headers: otherDpo.headers });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().items, []);
    assert.equal((await decide(id, { status: 'under_review', note: 'taking it over from here' }, otherDpo.headers)).statusCode, 404);
    assert.equal(await statusOf(id), 'refused');
  });

  test('a data protection officer for one crisis sees that crisis\'s requests only (scoped in SQL)', async () => {
    const crisisDpo = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.ngo, crisisId: w.crisisId, role: 'data_protection_officer' }] }));
    const inCrisis = (await record(body())).json().id;
    const noCrisis = (await record(body({ crisisId: null }), w.dpo.headers)).json().id;
    const elsewhere = (await record(body({ crisisId: otherCrisis }), w.dpo.headers)).json().id;
    const seen = (await w.t.request({ method: 'GET', url: '/api/authority-requests', headers: crisisDpo.headers })).json().items.map((r: { id: string }) => r.id);
    assert.ok(seen.includes(inCrisis));
    assert.ok(!seen.includes(noCrisis) && !seen.includes(elsewhere));
    assert.equal((await decide(elsewhere, { status: 'under_review', note: 'not my crisis, trying anyway' }, crisisDpo.headers)).statusCode, 404);
    assert.equal(await statusOf(elsewhere), 'refused');
  });

  test('there is no organisation type for police or immigration: such a recipient cannot even be registered', async () => {
    await assert.rejects(buildOrganisation(w.t, { type: 'police' }), /check/i);
  });
});
