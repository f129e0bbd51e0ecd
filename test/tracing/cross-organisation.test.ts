/**
 * Matching across organisations of a crisis: a pair of records held by two organisations is stored only when both
 * sides' sharing rules allow it (a family_tracing consent naming the other organisation, and a sharing agreement).
 * Volunteers of both organisations see it, each seeing the other's record only as field outcomes and scores; a third
 * organisation and another crisis see nothing (scoped in SQL). Real database and job queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertConsent } from '../../src/features/data-protection/consent.repo.ts';
import { buildOrganisation, buildUser, signIn, type SignedIn } from '../factories/access.ts';
import { as, buildTracingWorld, drainMatching, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
let thirdVolunteer: SignedIn;

before(async () => {
  w = await buildTracingWorld();
  const third = (await buildOrganisation(w.t)).id;
  thirdVolunteer = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: third, crisisId: w.crisisId, role: 'tracing_volunteer' }] }));
  const today = new Date().toISOString().slice(0, 10);
  for (const [from, to] of [[w.ngo, w.otherNgo], [w.otherNgo, w.ngo]]) {
    await w.t.db.insertInto('sharing_agreements').values({ organisation_id: from!, partner_organisation_id: to!, reference: `DSA-${from!.slice(0, 6)}`, purposes: ['family_tracing'], valid_from: today }).execute();
  }
});
after(async () => w?.t.close());

/** The record's contact person (author, else subject) agrees to share for tracing with that organisation. */
async function allowSharing(recordId: string, withOrganisation: string) {
  const row = await w.t.db.selectFrom('tracing_records').select(['author_person_id', 'person_id', 'crisis_id']).where('id', '=', recordId).executeTakeFirstOrThrow();
  await insertConsent(w.t.db, {
    person_id: (row.author_person_id ?? row.person_id)!, crisis_id: row.crisis_id, purposes: ['family_tracing'], recipient_organisation_ids: [withOrganisation],
    language: 'ar', method: 'verbal', notice_version: 'tracing-2026-11', recorded_by: null,
  });
}

/** One person recorded by each organisation, both contact persons consenting to share with the other; matching run. */
async function sharedRecordsOf(fullName: string, dateOfBirth: string): Promise<[string, string]> {
  const body = (extra: Record<string, unknown>) => recordBody({ subject: { fullName }, sex: 'female', dateOfBirth, contactConsent: { method: 'verbal', language: 'ar', noticeVersion: 'tracing-2026-11' }, ...extra });
  const a = (await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, body({}))).json().id as string;
  const b = (await as(w, w.otherVolunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, body({ kind: 'i_am_safe' }))).json().id as string;
  await allowSharing(a, w.otherNgo);
  await allowSharing(b, w.ngo);
  await drainMatching(w);
  return [a, b];
}

type Pair = { id: string; otherOrganisationId: string | null; fields: Array<{ field: string; outcome: string; detail: string }>; records: Array<{ id: string }> };
const queueOf = async (who: SignedIn, status = 'pending') => {
  const res = await as(w, who)('GET', `/api/crises/${w.crisisId}/tracing-candidates?status=${status}`);
  assert.equal(res.statusCode, 200, res.body);
  return { body: res.body, items: res.json().items as Pair[] };
};

describe('matching across organisations of a crisis', () => {
  let mine: string;
  let theirs: string;
  let pairId: string;

  test('a pair across two organisations is stored only when both sides allow sharing with the other', async () => {
    const a = await as(w, w.volunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({
      subject: { fullName: 'Abakar Haroun Ibrahim', alternateNames: [] }, dateOfBirth: '1988', author: { name: 'Zeinab Haroun', phone: '+23566100200', channel: 'hotline' },
      contactConsent: { method: 'verbal', language: 'ar', noticeVersion: 'tracing-2026-11' },
    }));
    assert.equal(a.statusCode, 201, a.body);
    mine = a.json().id;
    const b = await as(w, w.otherVolunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({
      kind: 'i_am_safe', subject: { fullName: 'Abakar Haroun Ibrahim', alternateNames: ['Abbakar Harun'] }, dateOfBirth: '1988', lastKnownLocation: 'Farchana camp, block 7',
      contactConsent: { method: 'verbal', language: 'ar', noticeVersion: 'tracing-2026-11' },
    }));
    assert.equal(b.statusCode, 201, b.body);
    theirs = b.json().id;
    // A third record of the other organisation whose person did not agree to share: never paired across.
    const c = await as(w, w.otherVolunteer)('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody({ kind: 'i_am_safe', subject: { fullName: 'Abakar Haroun Ibrahim' }, dateOfBirth: '1988' }));
    assert.equal(c.statusCode, 201, c.body);
    await allowSharing(mine, w.otherNgo);
    await allowSharing(theirs, w.ngo);
    await drainMatching(w);

    const pairs = await w.t.db.selectFrom('tracing_candidates').select(['id', 'record_a_id', 'record_b_id', 'organisation_id', 'other_organisation_id']).execute();
    const across = pairs.filter((p) => p.other_organisation_id !== null);
    assert.equal(across.length, 1, JSON.stringify(pairs));
    assert.deepEqual([across[0]!.record_a_id, across[0]!.record_b_id].sort(), [mine, theirs].sort());
    assert.deepEqual([across[0]!.organisation_id, across[0]!.other_organisation_id].sort(), [w.ngo, w.otherNgo].sort());
    pairId = across[0]!.id;
    assert.ok(!pairs.some((p) => [p.record_a_id, p.record_b_id].includes(c.json().id) && [p.record_a_id, p.record_b_id].includes(mine)), 'no consent, no pair across');
  });

  test('each organisation sees the pair with its own record only; the other is field outcomes and scores', async () => {
    const ours = await queueOf(w.volunteer);
    const pair = ours.items.find((p) => p.id === pairId);
    assert.ok(pair);
    assert.equal(pair.otherOrganisationId !== null, true);
    assert.deepEqual(pair.records.map((r) => r.id), [mine]);
    assert.ok(pair.fields.length > 0 && pair.fields.every((f) => f.detail === '' && typeof f.outcome === 'string'));
    for (const secret of ['Abbakar Harun', 'Farchana', theirs]) assert.ok(!ours.body.includes(secret), `the other organisation's ${secret} is not shown`);

    const other = await queueOf(w.otherVolunteer);
    const seen = other.items.find((p) => p.id === pairId);
    assert.ok(seen);
    assert.deepEqual(seen.records.map((r) => r.id), [theirs]);
    for (const secret of ['Zeinab', mine]) assert.ok(!other.body.includes(secret), `the first organisation's ${secret} is not shown`);

    // Each organisation seeing the other's match outcomes is a share of that record's person, in the audit log.
    const shares = await w.t.db.selectFrom('audit_log').select(['subject_id', 'recipient']).where('action', '=', 'share').where('subject_type', '=', 'tracing_record').execute();
    assert.ok(shares.some((e) => e.subject_id === theirs && e.recipient === w.ngo), JSON.stringify(shares));
    assert.ok(shares.some((e) => e.subject_id === mine && e.recipient === w.otherNgo), JSON.stringify(shares));
  });

  test('a third organisation and another crisis see nothing of it', async () => {
    for (const who of [thirdVolunteer, w.otherCrisisVolunteer]) {
      assert.ok(!(await queueOf(who)).items.some((p) => p.id === pairId));
      assert.equal((await as(w, who)('POST', `/api/tracing-candidates/${pairId}/claim`)).statusCode, 404);
    }
  });

  test('a volunteer of either organisation decides; each organisation then sees only its own side to tell', async () => {
    const vol = as(w, w.otherVolunteer);
    const claimed = await vol('POST', `/api/tracing-candidates/${pairId}/claim`);
    assert.equal(claimed.statusCode, 200, claimed.body);
    assert.deepEqual(claimed.json().records.map((r: { id: string }) => r.id), [theirs]);
    assert.equal((await as(w, w.volunteer)('POST', `/api/tracing-candidates/${pairId}/claim`)).statusCode, 409, 'one claim for both organisations');
    const decided = await vol('POST', `/api/tracing-candidates/${pairId}/decision`, { decision: 'confirm', note: 'same name, birth year and home town; Abakar confirmed by phone' });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.deepEqual(decided.json().notifications.map((n: { recordId: string; status: string }) => [n.recordId, n.status]), [[theirs, 'to_contact']], 'only its own side, not whether the other side agreed');
    const confirmed = await queueOf(w.volunteer, 'confirmed');
    const after = confirmed.items.find((p) => p.id === pairId);
    assert.ok(after);
    assert.deepEqual(after.records.map((r) => r.id), [mine], 'after the decision too');
    assert.ok(!confirmed.body.includes('confirmed by phone'), 'the other organisation\'s note is not shown');

    const ourList = (await as(w, w.caseworker)('GET', `/api/crises/${w.crisisId}/tracing-notifications`)).json().items as Array<{ recordId: string }>;
    assert.deepEqual(ourList.map((n) => n.recordId), [mine]);
    const theirList = (await as(w, w.otherVolunteer)('GET', `/api/crises/${w.crisisId}/tracing-notifications`)).json().items as Array<{ recordId: string }>;
    assert.deepEqual(theirList.map((n) => n.recordId), [theirs]);
  });

  test('a consent withdrawn after the pair was made removes it: it is neither listed nor claimed', async () => {
    const [a, b] = await sharedRecordsOf('Hawa Adoum Brahim', '1990');
    const pair = await w.t.db.selectFrom('tracing_candidates').select('id').where('other_organisation_id', 'is not', null).where((eb) => eb.or([eb('record_a_id', '=', a), eb('record_b_id', '=', a)])).executeTakeFirstOrThrow();
    const holder = await w.t.db.selectFrom('tracing_records').select(['author_person_id', 'person_id']).where('id', '=', b).executeTakeFirstOrThrow();
    await w.t.db.updateTable('consent_records').set({ withdrawn_at: new Date() }).where('person_id', '=', (holder.author_person_id ?? holder.person_id)!).where('withdrawn_at', 'is', null).execute();
    const claim = await as(w, w.volunteer)('POST', `/api/tracing-candidates/${pair.id}/claim`);
    assert.equal(claim.statusCode, 409, claim.body);
    assert.match(claim.json().error.message, /sharing .* has ended/);
    assert.ok(!(await queueOf(w.otherVolunteer)).items.some((p) => p.id === pair.id));
    assert.equal((await w.t.db.selectFrom('tracing_candidates').select('id').where('id', '=', pair.id).execute()).length, 0, 'the pair is gone');
  });

  test('consents on both sides are not enough without a current sharing agreement', async () => {
    await w.t.db.updateTable('sharing_agreements').set({ revoked_at: new Date() }).where('organisation_id', '=', w.otherNgo).execute();
    const [a, b] = await sharedRecordsOf('Achta Mahamat Saleh', '1995');
    const pairs = await w.t.db.selectFrom('tracing_candidates').select('id').where((eb) => eb.or([eb('record_a_id', 'in', [a, b]), eb('record_b_id', 'in', [a, b])])).execute();
    assert.equal(pairs.length, 0);
  });
});
