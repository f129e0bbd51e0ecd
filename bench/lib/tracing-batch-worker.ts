/**
 * One worker of bench/tracing-scale.ts's batch linkage: compares every pair of its blocks, each pair only in the first
 * (in sort order) kept key the two records share, and counts the pairs at or above the threshold.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { comparePeople, type PersonForMatching } from '../../src/features/tracing/matcher.ts';

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

let comparisons = 0;
let pairs = 0;
for (const [key, members] of blocks) {
  for (let x = 0; x < members.length; x += 1) {
    const i = members[x] as number;
    for (let y = x + 1; y < members.length; y += 1) {
      const j = members[y] as number;
      if (firstShared(keysOf[i] as string[], keysOf[j] as string[]) !== key) continue;
      comparisons += 1;
      if (comparePeople(people[i] as PersonForMatching, people[j] as PersonForMatching).probability >= threshold) pairs += 1;
    }
  }
}
parentPort?.postMessage({ comparisons, pairs });
