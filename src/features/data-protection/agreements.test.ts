import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildUser, signIn, type SignedIn } from '../../../test/factories/access.ts';
import { buildWorld, consentId, count, personId, type World } from './fixtures.test-support.ts';
import { decideShare } from './sharing.service.ts';

let w: World;
let otherAdmin: SignedIn;
before(async () => {
  w = await buildWorld();
  otherAdmin = await signIn(w.t, await buildUser(w.t, { memberships: [{ organisationId: w.otherNgo, role: 'administrator' }] }));
});
after(async () => w?.t.close());

const url = (organisationId: string) => `/api/organisations/${organisationId}/sharing-agreements`;
const payload = (overrides: Record<string, unknown> = {}) => ({ partnerOrganisationId: w.partner, reference: 'DSA-2026-014', purposes: ['referral'], validFrom: '2026-01-01', ...overrides });

describe('data-sharing agreements', () => {
  test('registered by an administrator, listed to staff, revoked; a revoked or lapsed agreement stops sharing', async () => {
    const id = await personId(w, {});
    await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
    const created = await w.t.request({ method: 'POST', url: url(w.ngo), headers: w.admin.headers, payload: payload() });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal((await decideShare(w.t.db, { personId: id, recipientOrganisationId: w.partner, purpose: 'referral' })).allowed, true);
    const listed = (await w.t.request({ method: 'GET', url: url(w.ngo), headers: w.caseworker.headers })).json();
    assert.equal(listed.items.length, 1);

    const revoked = await w.t.request({ method: 'DELETE', url: `${url(w.ngo)}/${created.json().id}`, headers: w.admin.headers });
    assert.equal(revoked.statusCode, 204);
    const after = await decideShare(w.t.db, { personId: id, recipientOrganisationId: w.partner, purpose: 'referral' });
    assert.equal(after.allowed ? 'allowed' : after.rule, 'agreement');

    await w.t.request({ method: 'POST', url: url(w.ngo), headers: w.admin.headers, payload: payload({ validFrom: '2025-01-01', validUntil: '2025-12-31' }) });
    const lapsed = await decideShare(w.t.db, { personId: id, recipientOrganisationId: w.partner, purpose: 'referral' }, { now: new Date('2026-06-01') });
    assert.equal(lapsed.allowed ? 'allowed' : lapsed.rule, 'agreement');
  });

  test('bad input is refused naming the field, and stores nothing', async () => {
    const before = await count(w, 'sharing_agreements');
    for (const [body, field] of [
      [payload({ purposes: ['immigration_control'] }), 'purposes'],
      [payload({ partnerOrganisationId: w.ngo }), 'partnerOrganisationId'],
      [payload({ partnerOrganisationId: '00000000-0000-4000-8000-000000000000' }), 'partnerOrganisationId'],
      [payload({ validUntil: '2025-01-01' }), 'validUntil'],
      [payload({ reference: '' }), 'reference'],
    ] as const) {
      const res = await w.t.request({ method: 'POST', url: url(w.ngo), headers: w.admin.headers, payload: body });
      assert.equal(res.statusCode, 400, res.body);
      assert.ok(res.json().error.details.some((d: { field: string }) => d.field === field), res.body);
    }
    assert.equal((await w.t.request({ method: 'POST', url: url(w.ngo), headers: w.caseworker.headers, payload: payload() })).statusCode, 404, 'a caseworker does not manage agreements');
    assert.equal(await count(w, 'sharing_agreements'), before);
  });

  test('another organisation\'s administrator gets 404 for listing, creating and revoking', async () => {
    const mine = (await w.t.request({ method: 'POST', url: url(w.ngo), headers: w.admin.headers, payload: payload({ reference: 'DSA-mine' }) })).json();
    const before = await count(w, 'sharing_agreements');
    const attempts = [
      await w.t.request({ method: 'GET', url: url(w.ngo), headers: otherAdmin.headers }),
      await w.t.request({ method: 'POST', url: url(w.ngo), headers: otherAdmin.headers, payload: payload({ partnerOrganisationId: w.otherNgo }) }),
      await w.t.request({ method: 'DELETE', url: `${url(w.ngo)}/${mine.id}`, headers: otherAdmin.headers }),
      await w.t.request({ method: 'DELETE', url: `${url(w.otherNgo)}/${mine.id}`, headers: otherAdmin.headers }),
    ];
    for (const res of attempts) assert.equal(res.statusCode, 404, res.body);
    assert.equal(await count(w, 'sharing_agreements'), before);
    const row = await w.t.db.selectFrom('sharing_agreements').select('revoked_at').where('id', '=', mine.id).executeTakeFirstOrThrow();
    assert.equal(row.revoked_at, null);
  });
});
