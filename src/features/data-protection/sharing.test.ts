import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildOrganisation } from '../../../test/factories/access.ts';
import { AppError } from '../../http/errors.ts';
import { auditCount, buildWorld, consentId, personId, testActor, withAgreement, type World } from './fixtures.test-support.ts';
import { assertMayShare, decideShare, shareWithin } from './sharing.service.ts';

let w: World;
let consulateEt: string;
let consulateEr: string;
before(async () => {
  w = await buildWorld();
  await withAgreement(w, w.partner, ['referral', 'emergency_assistance', 'evacuation']);
  consulateEt = (await buildOrganisation(w.t, { type: 'consulate', representsCountry: 'ET' })).id;
  consulateEr = (await buildOrganisation(w.t, { type: 'consulate', representsCountry: 'ER' })).id;
});
after(async () => w?.t.close());

const share = (personId: string, recipientOrganisationId: string, purpose: string) => ({ personId, recipientOrganisationId, purpose, actor: testActor });

/** The rule that refused, or 'allowed'. */
async function ruleFor(personId: string, recipient: string, purpose: string): Promise<string> {
  const decision = await decideShare(w.t.db, { personId, recipientOrganisationId: recipient, purpose });
  return decision.allowed ? 'allowed' : decision.rule;
}

function refusedWith(rule: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'FORBIDDEN');
    assert.equal(error.details?.[0]?.rule, rule);
    return true;
  };
}

describe('assertMayShare: consent, withdrawal and the audit of refusals', () => {
  test('allowed with consent; refused at once after withdrawal; each refusal audited without personal data', async () => {
    const id = await personId(w, { givenName: 'Abebe Kebede', phone: '+249900000001' });
    await assert.rejects(assertMayShare(w.t.db, share(id, w.partner, 'referral')), refusedWith('consent'));
    assert.equal(await auditCount(w, 'share_refused', id), 1);

    const consent = await consentId(w, id, { purposes: ['referral'], recipientOrganisationTypes: ['ngo'] });
    const allowed = await assertMayShare(w.t.db, share(id, w.partner, 'referral'));
    assert.equal(allowed.basis, 'consent');
    assert.deepEqual(allowed.consentIds, [consent]);
    assert.equal(await auditCount(w, 'share'), 0, 'assertMayShare records no share: nothing was shared yet');

    const withdrawn = await w.t.request({ method: 'POST', url: `/api/people/${id}/consents/${consent}/withdraw`, headers: w.caseworker.headers, payload: { method: 'sms_keyword' } });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    let message = '';
    await assert.rejects(assertMayShare(w.t.db, share(id, w.partner, 'referral')), (error: Error) => {
      message = error.message;
      return refusedWith('consent')(error);
    });
    assert.doesNotMatch(message, /Abebe|Kebede|249900000001/);
    const refusals = await w.t.db.selectFrom('audit_log').select(['recipient', 'purpose', 'metadata', 'organisation_id']).where('action', '=', 'share_refused').where('person_id', '=', id).execute();
    assert.equal(refusals.length, 2);
    assert.deepEqual(refusals[1], { recipient: w.partner, purpose: 'referral', metadata: { rule: 'consent' }, organisation_id: w.ngo });
  });

  test('consent covers only its purposes and recipients', async () => {
    const id = await personId(w, {});
    await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.otherNgo] });
    assert.equal(await ruleFor(id, w.partner, 'referral'), 'consent', 'another recipient');
    await consentId(w, id, { purposes: ['case_management'], recipientOrganisationIds: [w.partner] });
    assert.equal(await ruleFor(id, w.partner, 'referral'), 'consent', 'another purpose');
    await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
    assert.equal(await ruleFor(id, w.partner, 'referral'), 'allowed');
  });

  test('no data-sharing agreement (or one for another purpose): refused even with consent', async () => {
    const id = await personId(w, {});
    await consentId(w, id, { purposes: ['referral', 'family_tracing'], recipientOrganisationIds: [w.otherNgo, w.partner] });
    assert.equal(await ruleFor(id, w.otherNgo, 'referral'), 'agreement');
    assert.equal(await ruleFor(id, w.partner, 'family_tracing'), 'agreement');
  });

  test('the controlling organisation itself needs neither agreement nor consent', async () => {
    const id = await personId(w, {});
    const decision = await decideShare(w.t.db, { personId: id, recipientOrganisationId: w.ngo, purpose: 'case_management' });
    assert.ok(decision.allowed && decision.basis === 'same_organisation');
  });

  test('an unknown or deactivated recipient is refused, and so is an anonymised or unknown person', async () => {
    const id = await personId(w, {});
    await consentId(w, id, { purposes: ['referral'], recipientOrganisationTypes: ['ngo'] });
    await assert.rejects(assertMayShare(w.t.db, share(id, '00000000-0000-4000-8000-000000000000', 'referral')), refusedWith('recipient'));
    await w.t.db.updateTable('organisations').set({ is_active: false }).where('id', '=', w.partner).execute();
    try {
      await assert.rejects(assertMayShare(w.t.db, share(id, w.partner, 'referral')), refusedWith('recipient'));
    } finally {
      await w.t.db.updateTable('organisations').set({ is_active: true }).where('id', '=', w.partner).execute();
    }
    assert.equal(await ruleFor(id, w.partner, 'referral'), 'allowed');
    await assert.rejects(assertMayShare(w.t.db, share('00000000-0000-4000-8000-000000000001', w.partner, 'referral')), refusedWith('person'));
    await w.t.db.updateTable('people').set({ anonymised_at: new Date() }).where('id', '=', id).execute();
    assert.equal(await ruleFor(id, w.partner, 'referral'), 'person');
  });
});

describe('consulates: the feared-state block and consular opt-in', () => {
  test("a consulate of a state the person fears never receives data: not with consent, not with vital interest", async () => {
    const id = await personId(w, { nationality: 'ER', fearedStates: ['ER'], legalBasis: 'vital_interest', purpose: 'emergency_assistance' });
    await consentId(w, id, { purposes: ['consular_assistance', 'emergency_assistance'], recipientOrganisationIds: [consulateEr], method: 'signature' });
    await assert.rejects(assertMayShare(w.t.db, share(id, consulateEr, 'consular_assistance')), refusedWith('feared_state'));
    await assert.rejects(assertMayShare(w.t.db, share(id, consulateEr, 'emergency_assistance')), refusedWith('feared_state'));
    assert.equal(await ruleFor(id, consulateEt, 'consular_assistance'), 'consular_opt_in', 'another consulate still needs its own consent');
  });

  test('consular contact needs consent naming that consulate; "consulates" as a type or vital interest is not enough', async () => {
    const id = await personId(w, { nationality: 'ET', legalBasis: 'vital_interest', purpose: 'emergency_assistance' });
    assert.equal(await ruleFor(id, consulateEt, 'consular_assistance'), 'consular_opt_in');
    assert.equal(await ruleFor(id, consulateEt, 'emergency_assistance'), 'consular_opt_in', 'vital interest does not open consular contact');
    await consentId(w, id, { purposes: ['consular_assistance'], recipientOrganisationTypes: ['consulate'] });
    await assert.rejects(assertMayShare(w.t.db, share(id, consulateEt, 'consular_assistance')), refusedWith('consular_opt_in'));
    const named = await consentId(w, id, { purposes: ['consular_assistance'], recipientOrganisationIds: [consulateEt] });
    assert.equal((await assertMayShare(w.t.db, share(id, consulateEt, 'consular_assistance'))).basis, 'consent');
    await w.t.request({ method: 'POST', url: `/api/people/${id}/consents/${named}/withdraw`, headers: w.caseworker.headers, payload: { method: 'verbal' } });
    assert.equal(await ruleFor(id, consulateEt, 'consular_assistance'), 'consular_opt_in');
  });

  test('a data-sharing agreement cannot be made with a consulate', async () => {
    const res = await w.t.request({ method: 'POST', url: `/api/organisations/${w.ngo}/sharing-agreements`, headers: w.admin.headers, payload: { partnerOrganisationId: consulateEt, reference: 'DSA-C', purposes: ['consular_assistance'], validFrom: '2026-01-01' } });
    assert.equal(res.statusCode, 400, res.body);
  });
});

describe('vital interest', () => {
  test('allows sharing without consent only for emergency_assistance, only on a vital_interest record', async () => {
    const urgent = await personId(w, { legalBasis: 'vital_interest', purpose: 'emergency_assistance' });
    const decision = await decideShare(w.t.db, { personId: urgent, recipientOrganisationId: w.partner, purpose: 'emergency_assistance' });
    assert.ok(decision.allowed && decision.basis === 'vital_interest');
    assert.equal(await ruleFor(urgent, w.partner, 'evacuation'), 'consent');
    assert.equal(await ruleFor(urgent, w.partner, 'referral'), 'consent');
    for (const legalBasis of ['public_interest', 'legitimate_interest', 'contract', 'legal_obligation', 'consent']) {
      const other = await personId(w, { legalBasis, purpose: 'emergency_assistance' });
      assert.equal(await ruleFor(other, w.partner, 'emergency_assistance'), 'consent', legalBasis);
    }
  });
});

describe('shareWithin: decide and share in one transaction', () => {
  test('on success runs the work and records "share" with the fields, basis and agreement', async () => {
    const id = await personId(w, { givenName: 'Shared' });
    await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
    const result = await shareWithin(w.t.db, { ...share(id, w.partner, 'referral'), fields: ['givenName', 'needs'], subjectType: 'referral', subjectId: 'ref-1' }, async (trx, decision) => {
      await trx.updateTable('people').set({ preferred_language: 'ti' }).where('id', '=', id).execute();
      return decision.basis;
    });
    assert.equal(result, 'consent');
    const entry = await w.t.db.selectFrom('audit_log').select(['fields', 'recipient', 'purpose', 'subject_type', 'metadata']).where('action', '=', 'share').where('person_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(entry.fields, ['givenName', 'needs']);
    assert.equal(entry.recipient, w.partner);
    assert.equal(entry.subject_type, 'referral');
    assert.equal((entry.metadata as { basis: string }).basis, 'consent');
    assert.match(String((entry.metadata as { agreementReference: string }).agreementReference), /^DSA-/);
  });

  test('on refusal nothing of the work happens, no "share" is recorded, and the refusal is', async () => {
    const id = await personId(w, {});
    let ran = false;
    await assert.rejects(
      shareWithin(w.t.db, { ...share(id, consulateEt, 'consular_assistance'), fields: ['phone'] }, async () => {
        ran = true;
      }),
      refusedWith('consular_opt_in'),
    );
    assert.equal(ran, false);
    assert.equal(await auditCount(w, 'share', id), 0);
    assert.equal(await auditCount(w, 'share_refused', id), 1);
  });

  test('when the work fails, the share is not recorded', async () => {
    const id = await personId(w, {});
    await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
    await assert.rejects(
      shareWithin(w.t.db, { ...share(id, w.partner, 'referral'), fields: ['phone'] }, async (trx) => {
        await trx.updateTable('people').set({ preferred_language: 'am' }).where('id', '=', id).execute();
        throw new Error('the recipient did not acknowledge');
      }),
      /did not acknowledge/,
    );
    assert.equal(await auditCount(w, 'share', id), 0);
    assert.equal((await w.t.db.selectFrom('people').select('preferred_language').where('id', '=', id).executeTakeFirstOrThrow()).preferred_language, null);
  });

  test('a withdrawal returns the recipients that already received data under that consent', async () => {
    const id = await personId(w, {});
    const consent = await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
    await shareWithin(w.t.db, { ...share(id, w.partner, 'referral'), fields: ['needs'] }, async () => undefined);
    const res = await w.t.request({ method: 'POST', url: `/api/people/${id}/consents/${consent}/withdraw`, headers: w.caseworker.headers, payload: { method: 'verbal' } });
    assert.deepEqual(res.json().recipientsToNotify, [w.partner]);
  });

  test('a withdrawal made while a share is in progress waits for it; the next share is refused', async () => {
    const id = await personId(w, {});
    const consent = await consentId(w, id, { purposes: ['referral'], recipientOrganisationIds: [w.partner] });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const sharing = shareWithin(w.t.db, { ...share(id, w.partner, 'referral'), fields: ['needs'] }, async () => {
      started();
      await gate;
    });
    await inside;
    let withdrawn = false;
    const withdrawal = w.t
      .request({ method: 'POST', url: `/api/people/${id}/consents/${consent}/withdraw`, headers: w.caseworker.headers, payload: { method: 'verbal' } })
      .then((res) => {
        withdrawn = true;
        return res;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(withdrawn, false, 'the withdrawal waits for the share that had already checked the consent');
    release();
    await sharing;
    assert.equal((await withdrawal).statusCode, 200);
    assert.equal(await auditCount(w, 'share', id), 1);
    assert.equal(await ruleFor(id, w.partner, 'referral'), 'consent');
  });

  test('both functions refuse a transaction handle, where a recorded refusal would be rolled back', async () => {
    await assert.rejects(w.t.db.transaction().execute((trx) => assertMayShare(trx as never, share('x', 'y', 'referral'))), /root database handle/);
    await assert.rejects(w.t.db.transaction().execute((trx) => shareWithin(trx as never, { ...share('x', 'y', 'referral'), fields: [] }, async () => 1)), /root database handle/);
  });
});
