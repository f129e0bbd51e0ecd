/**
 * One worker of batch.ts: takes blocks from the shared counter (largest first), rebuilds the prepared records of a
 * block from the shared arrays (tokens are shared objects, so nothing is normalised or romanised again), compares
 * each pair in the first key the two records share, and posts the pairs at or above the threshold in chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compareFields, type Level, nameLevels, type Prepared } from './compare.ts';
import { HEADER, NONE, type PairChunk, type WorkerInput } from './batch.ts';
import { probabilityOf, scoreForProbability, weightOf } from './model.ts';
import type { Outcome } from './types.ts';

const input = workerData as WorkerInput;
const { fieldOffsets, fields, tokens, strings, keyOffsets, keys, blockOffsets, members, order, counter, model, threshold } = input;
const TAKE = 16;
const CHUNK = 32_768;
const NO_EXTRA = new Map<string, string>();

/** The model's weight of each field's outcome, looked up once per field, rounded as comparePeople rounds it. */
const weights = new Map<string, Record<Outcome, number>>();
/** compareFields gives these fields first, always in this order (then the extra keys). */
const FIXED = ['name', 'givenName', 'familyName', 'birthDate', 'birthYear', 'sex', 'place', 'country'];
function weight(field: string, outcome: Outcome, at = -1): number {
  if (at >= 0 && at < FIXED.length && FIXED[at] === field) return (fixed[at] as Record<Outcome, number>)[outcome];
  let w = weights.get(field);
  if (!w) {
    const of = (outcome: Outcome): number => Number(weightOf(model, field, outcome).toFixed(3));
    w = { exact: of('exact'), close: of('close'), disagree: of('disagree'), missing: 0 };
    weights.set(field, w);
  }
  return w[outcome];
}

const fixed = FIXED.map((field) => {
  weight(field, 'missing');
  return weights.get(field) as Record<Outcome, number>;
});
const best = (field: string): number => Math.max(0, weight(field, 'exact'), weight(field, 'close'), weight(field, 'disagree'));
/** The most the names can add: the full name, or the given and the family name (nameLevels gives one or the other). */
const NAMES_AT_MOST = Math.max(best('name'), best('givenName') + best('familyName'));
/** Names left out, to score the other fields first. */
const NO_NAMES: readonly Level[] = ['name', 'givenName', 'familyName'].map((field) => ({ field, outcome: 'missing', detail: '' }));

/** Below this, a pair's score cannot reach the threshold (less a margin for rounding). */
const FLOOR = scoreForProbability(threshold, model.prior) - 0.01;

/**
 * The pair's score, summed in comparePeople's order (names, then the other fields): but the other fields come first,
 * and the names are compared only if they can still lift the pair to the threshold.
 */
function scoreOf(a: Prepared, b: Prepared): number | undefined {
  const others = compareFields(a, b, false, NO_NAMES);
  let rest = 0;
  for (let k = 3; k < others.length; k += 1) rest += weight((others[k] as Level).field, (others[k] as Level).outcome, k);
  if (rest + NAMES_AT_MOST < FLOOR) {
    skipped += 1;
    return undefined;
  }
  const names = nameLevels(a, b, false);
  let score = 0;
  for (let k = 0; k < 3; k += 1) score += weight((names[k] as Level).field, (names[k] as Level).outcome, k);
  for (let k = 3; k < others.length; k += 1) score += weight((others[k] as Level).field, (others[k] as Level).outcome, k);
  // Rounding moves a score by at most 0.0005, and FLOOR is 0.01 under the threshold's score: this pair cannot reach it.
  if (score < FLOOR) return undefined;
  return Number(score.toFixed(3));
}

function recordOf(i: number): Prepared {
  let at = fieldOffsets[i] as number;
  const [nName, nGiven, nFamily, nPlaces, nExtra, year, date, sex, country] = fields.subarray(at, at + HEADER) as unknown as number[];
  at += HEADER;
  const take = (count: number): number[] => {
    const out = Array.from(fields.subarray(at, at + count));
    at += count;
    return out;
  };
  const tokensOf = (count: number) => take(count).map((t) => tokens[t] as Prepared['name'][number]);
  const name = tokensOf(nName as number);
  const given = tokensOf(nGiven as number);
  const family = tokensOf(nFamily as number);
  const places = take(nPlaces as number).map((s) => strings[s] as string);
  let extra = NO_EXTRA;
  if ((nExtra as number) > 0) {
    extra = new Map();
    const pairs = take(2 * (nExtra as number));
    for (let k = 0; k < pairs.length; k += 2) extra.set(strings[pairs[k] as number] as string, strings[pairs[k + 1] as number] as string);
  }
  const text = (s: number | undefined): string | undefined => (s === NONE || s === undefined ? undefined : strings[s]);
  return { name, given, family, birthYear: year === NONE ? undefined : year, birthDate: text(date), sex: text(sex), country: text(country), places, extra };
}

/** Is `block` the first key (both lists sorted) that records i and j share? */
function firstShared(i: number, j: number, block: number): boolean {
  let x = keyOffsets[i] as number;
  let y = keyOffsets[j] as number;
  const xEnd = keyOffsets[i + 1] as number;
  const yEnd = keyOffsets[j + 1] as number;
  while (x < xEnd && y < yEnd) {
    const a = keys[x] as number;
    const b = keys[y] as number;
    if (a === b) return a === block;
    if (a < b) x += 1;
    else y += 1;
  }
  return false;
}

const left = new Int32Array(CHUNK);
const right = new Int32Array(CHUNK);
const scores = new Float64Array(CHUNK);
let filled = 0;
function flush(): void {
  if (filled === 0) return;
  const chunk: PairChunk = { left: left.slice(0, filled), right: right.slice(0, filled), scores: scores.slice(0, filled) };
  parentPort?.postMessage({ chunk }, [chunk.left.buffer as ArrayBuffer, chunk.right.buffer as ArrayBuffer, chunk.scores.buffer as ArrayBuffer]);
  filled = 0;
}

let comparisons = 0;
let skipped = 0;
let found = 0;
for (;;) {
  const start = Atomics.add(counter, 0, TAKE);
  if (start >= order.length) break;
  for (let o = start; o < Math.min(start + TAKE, order.length); o += 1) {
    const block = order[o] as number;
    const from = blockOffsets[block] as number;
    const to = blockOffsets[block + 1] as number;
    const records: Prepared[] = [];
    for (let m = from; m < to; m += 1) records.push(recordOf(members[m] as number));
    for (let x = from; x < to; x += 1) {
      const i = members[x] as number;
      const a = records[x - from] as Prepared;
      for (let y = x + 1; y < to; y += 1) {
        const j = members[y] as number;
        if (!firstShared(i, j, block)) continue;
        comparisons += 1;
        const score = scoreOf(a, records[y - from] as Prepared);
        if (score === undefined || probabilityOf(score, model.prior) < threshold) continue;
        found += 1;
        left[filled] = i;
        right[filled] = j;
        scores[filled] = score;
        filled += 1;
        if (filled === CHUNK) flush();
      }
    }
  }
}
flush();
parentPort?.postMessage({ done: { comparisons, pairs: found, skipped } });
