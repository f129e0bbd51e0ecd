/**
 * `relinkCrisis`: the batch linkage of a whole crisis (the engine's BatchLinker in worker threads) stores the same
 * pairs the incremental job would, with their explanation, and never pairs records of two organisations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { relinkCrisis } from '../../src/features/tracing/match.jobs.ts';
import { as, buildTracingWorld, countRows, recordBody, type TracingWorld } from './helpers.ts';

let w: TracingWorld;
before(async () => {
  w = await buildTracingWorld();
});
after(async () => w?.t.close());

describe('relinking a crisis at once', () => {
  test('the pair above the threshold goes to the review queue, explained; other organisations stay apart', async () => {
    const create = async (who: TracingWorld['caseworker'], body: Record<string, unknown>): Promise<string> => {
      const res = await as(w, who)('POST', `/api/crises/${w.crisisId}/tracing-records`, recordBody(body));
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id;
    };
    const a = await create(w.caseworker, {});
    const b = await create(w.volunteer, { kind: 'i_am_safe', dateOfBirth: '1991', subject: { fullName: 'Mohamed Abdel Rahman', alternateNames: [] } });
    await create(w.volunteer, { subject: { fullName: 'Tewodros Gebremedhin', alternateNames: [] }, dateOfBirth: '1962' });
    await create(w.otherVolunteer, { kind: 'i_am_safe' });
    assert.equal(await countRows(w, 'tracing_candidates'), 0, 'the matching jobs have not run');

    const report = await relinkCrisis(w.t.db, w.crisisId, { workers: 1 });
    assert.equal(report.records, 4);
    assert.equal(report.pairs, 1);
    const [pair] = await w.t.db.selectFrom('tracing_candidates').selectAll().execute();
    assert.deepEqual([pair?.record_a_id, pair?.record_b_id], [a, b].sort());
    assert.equal(pair?.organisation_id, w.ngo);
    assert.ok((pair?.probability ?? 0) >= 0.5);
    const fields = typeof pair?.fields === 'string' ? JSON.parse(pair.fields) : pair?.fields;
    assert.ok(fields.some((f: { field: string; detail: string }) => f.field === 'name' && f.detail.length > 0), 'the stored pair is explained');

    const again = await relinkCrisis(w.t.db, w.crisisId, { workers: 1 });
    assert.equal(again.pairs, 1, 'a pending pair is refreshed, not doubled');
    assert.equal(await countRows(w, 'tracing_candidates'), 1);
  });
});
