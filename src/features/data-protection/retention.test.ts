import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { printRetentionReport } from '../../cli/commands/retention.ts';
import { retentionTargets } from '../retention-targets.ts';
import { auditCount, buildWorld, consentId, count, personId, type World } from './fixtures.test-support.ts';
import { recordPersonActivity } from './people.service.ts';
import { peopleTarget, runRetention } from './retention.service.ts';

let w: World;
before(async () => {
  w = await buildWorld();
});
after(async () => w?.t.close());

const row = (id: string) => w.t.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
const expire = (id: string) => w.t.db.updateTable('people').set({ retention_until: '2020-01-01' }).where('id', '=', id).execute();

describe('retention of people', () => {
  test('a dry run counts what is due and changes nothing; a real run anonymises, records the run and audits it', async () => {
    const id = await personId(w, { givenName: 'Old', familyName: 'Record', otherNames: ['Oldie'], phone: '+249922222222', nationality: 'ER', fearedStates: ['ER'], preferredLanguage: 'ti' });
    const fresh = await personId(w, { givenName: 'Fresh' });
    await expire(id);
    const before = await row(id);
    const [runs, audits] = [await count(w, 'retention_runs'), await auditCount(w, 'retention_run')];

    const dry = await runRetention(w.t.db, retentionTargets, { dryRun: true });
    assert.equal(dry.results['people']?.['person_emergency_365d'], 1);
    assert.equal(dry.actions['person_emergency_365d'], 'anonymise');
    assert.equal(dry.runId, null);
    assert.deepEqual(await row(id), before, 'a dry run changes nothing');
    assert.equal(await count(w, 'retention_runs'), runs);
    assert.equal(await auditCount(w, 'retention_run'), audits);

    const real = await runRetention(w.t.db, retentionTargets, { dryRun: false, triggeredBy: 'test' });
    assert.deepEqual(real.results['people'], dry.results['people'], 'the run did what the dry run said');
    const after = await row(id);
    assert.deepEqual(
      { g: after?.given_name, f: after?.family_name, o: after?.other_names, p: after?.phone_e164, n: after?.nationality, fs: after?.feared_states, l: after?.preferred_language },
      { g: null, f: null, o: [], p: null, n: null, fs: [], l: null },
    );
    assert.ok(after?.anonymised_at);
    assert.equal(after?.purpose, 'case_management', 'the pseudonymous row stays for aggregates');
    assert.equal((await row(fresh))?.given_name, 'Fresh', 'records not yet due are untouched');

    const run = await w.t.db.selectFrom('retention_runs').selectAll().where('id', '=', real.runId!).executeTakeFirstOrThrow();
    assert.equal(run.is_dry_run, false);
    assert.equal(run.triggered_by, 'test');
    assert.deepEqual((run.results as Record<string, unknown>)['people'], { person_emergency_365d: 1 });
    assert.doesNotMatch(JSON.stringify(run.results), /Old|Record|249922222222/);
    assert.equal(await auditCount(w, 'retention_run'), audits + 1);

    const again = await runRetention(w.t.db, [peopleTarget], { dryRun: false });
    assert.equal(again.total, 0, 'an anonymised record is not due again');
  });

  test('a record under a purge policy (family tracing) is deleted with its consent records', async () => {
    const id = await personId(w, { givenName: 'Missing Relative', purpose: 'family_tracing' });
    await consentId(w, id, { purposes: ['family_tracing'] });
    await expire(id);
    const dry = await runRetention(w.t.db, [peopleTarget], { dryRun: true });
    assert.equal(dry.results['people']?.['tracing_pfif_expiry'], 1);
    assert.equal(dry.actions['tracing_pfif_expiry'], 'purge');
    const real = await runRetention(w.t.db, [peopleTarget], { dryRun: false });
    assert.equal(real.results['people']?.['tracing_pfif_expiry'], 1);
    assert.equal(await row(id), undefined);
    assert.equal((await w.t.db.selectFrom('consent_records').select('id').where('person_id', '=', id).execute()).length, 0);
  });

  test('the date a run acts on can be given: records due by then go', async () => {
    const id = await personId(w, { givenName: 'Next Year' });
    const later = new Date(Date.now() + 400 * 86_400_000);
    assert.equal((await runRetention(w.t.db, [peopleTarget], { dryRun: true })).results['people']?.['person_emergency_365d'] ?? 0, 0);
    const dry = await runRetention(w.t.db, [peopleTarget], { dryRun: true, now: later });
    assert.ok((dry.results['people']?.['person_emergency_365d'] ?? 0) >= 1);
    assert.equal((await row(id))?.given_name, 'Next Year');
  });

  test('activity on a record whose policy counts from the last activity moves its retention date', async () => {
    const id = await personId(w, {});
    await expire(id);
    const person = (await row(id))!;
    const moved = await w.t.db.transaction().execute((trx) => recordPersonActivity(trx, person));
    assert.equal(moved, true);
    assert.equal((await row(id))?.retention_until, new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10));
  });

  test('the CLI report says what would go, per target, policy and action, without personal data', () => {
    const lines: string[] = [];
    printRetentionReport({ dryRun: true, results: { people: { person_emergency_365d: 2, tracing_pfif_expiry: 1 }, sos_messages: {} }, actions: { person_emergency_365d: 'anonymise', tracing_pfif_expiry: 'purge' }, total: 3, runId: null }, { out: (l) => lines.push(l), err: () => undefined });
    assert.match(lines[0]!, /Dry run: 3 record\(s\) are due; nothing was changed/);
    assert.ok(lines.some((l) => /people\s+person_emergency_365d\s+would anonymise\s+2/.test(l)));
    assert.ok(lines.some((l) => /people\s+tracing_pfif_expiry\s+would purge\s+1/.test(l)));
    assert.ok(lines.some((l) => /sos_messages\s+nothing due/.test(l)));
  });
});
