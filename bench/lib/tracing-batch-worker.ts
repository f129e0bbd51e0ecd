/**
 * One worker of bench/tracing-scale.ts's batch linkage: compares every pair of its blocks, each pair only in the first
 * (in sort order) kept key the two records share, and counts the pairs at or above the threshold. It scores exactly
 * as comparePeople does, but prepares (normalises and romanises) each record once instead of once per pair.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compareFields, type Prepared, prepare } from '../../src/features/tracing/matching/compare.ts';
import { defaultModel, probabilityOf, weightOf } from '../../src/features/tracing/matching/model.ts';
import type { PersonForMatching } from '../../src/features/tracing/matcher.ts';

interface Input {
  people: PersonForMatching[];
  keysOf: string[][];
  blocks: Array<[string, number[]]>;
  threshold: number;
}

const { people, keysOf, blocks, threshold } = workerData as Input;

/** The first key (both lists sorted) that two records share. */
function firstShared(a: string[], b: string[]): string | undefined {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x === y) return x;
    if (x < y) i += 1;
    else j += 1;
  }
  return undefined;
}

const model = defaultModel();
const prepared: Array<Prepared | undefined> = new Array(people.length);
const preparedOf = (i: number): Prepared => (prepared[i] ??= prepare(people[i] as PersonForMatching));

let comparisons = 0;
let pairs = 0;
for (const [key, members] of blocks) {
  for (let x = 0; x < members.length; x += 1) {
    const i = members[x] as number;
    for (let y = x + 1; y < members.length; y += 1) {
      const j = members[y] as number;
      if (firstShared(keysOf[i] as string[], keysOf[j] as string[]) !== key) continue;
      comparisons += 1;
      const score = compareFields(preparedOf(i), preparedOf(j)).reduce((sum, l) => sum + weightOf(model, l.field, l.outcome), 0);
      if (probabilityOf(score, model.prior) >= threshold) pairs += 1;
    }
  }
}
parentPort?.postMessage({ comparisons, pairs });
