/**
 * Linkage and deduplication runs shared by bench/tracing-tune-dev.ts (dev) and bench/tracing-eval.ts
 * (held out): candidates from the blocking keys, scores from the model, pairwise figures against the truth.
 */
import { candidatePairs, comparePeople, type MatchModel } from '../../src/features/tracing/matching/index.ts';
import { pairScores, type LabelledPerson, type PairScores } from './tracing-data.ts';

export interface ScoredPair {
  i: number;
  j: number;
  score: number;
  truth: boolean;
}

export interface Scored {
  pairs: ScoredPair[];
  truePairs: number;
  blockingRecall: number;
  seconds: number;
}

function countTruePairs(left: LabelledPerson[], right?: LabelledPerson[]): number {
  const counts = new Map<string, number>();
  for (const p of left) counts.set(p.entity, (counts.get(p.entity) ?? 0) + 1);
  if (right) return right.filter((p) => counts.has(p.entity)).length;
  let n = 0;
  for (const c of counts.values()) n += (c * (c - 1)) / 2;
  return n;
}

/** Score every candidate pair: link left to right, or deduplicate left when right is absent. */
export function scoreCandidates(model: MatchModel, left: LabelledPerson[], right?: LabelledPerson[]): Scored {
  const start = performance.now();
  const other = right ?? left;
  const pairs = candidatePairs(left, right).map(([i, j]) => {
    const a = left[i] as LabelledPerson;
    const b = other[j] as LabelledPerson;
    return { i, j, score: comparePeople(a, b, model).score, truth: a.entity === b.entity };
  });
  const truePairs = countTruePairs(left, right);
  const found = pairs.filter((p) => p.truth).length;
  return { pairs, truePairs, blockingRecall: Number((found / truePairs).toFixed(4)), seconds: (performance.now() - start) / 1000 };
}

/** For a linkage of two lists where each person appears at most once per list: keep a pair only if it is both sides' best. */
export function oneToOne(pairs: ScoredPair[]): ScoredPair[] {
  const bestLeft = new Map<number, number>();
  const bestRight = new Map<number, number>();
  for (const p of pairs) {
    bestLeft.set(p.i, Math.max(bestLeft.get(p.i) ?? -Infinity, p.score));
    bestRight.set(p.j, Math.max(bestRight.get(p.j) ?? -Infinity, p.score));
  }
  return pairs.filter((p) => p.score === bestLeft.get(p.i) && p.score === bestRight.get(p.j));
}

export function evaluate(pairs: ScoredPair[], truePairs: number, threshold: number): PairScores & { threshold: number; links: number } {
  const links = pairs.filter((p) => p.score >= threshold);
  return { threshold, links: links.length, ...pairScores(links.filter((p) => p.truth).length, links.length, truePairs) };
}

/** The threshold with the best F1 among those with precision at or above minPrecision. */
export function bestThreshold(pairs: ScoredPair[], truePairs: number, minPrecision: number): PairScores & { threshold: number; links: number } {
  let best = evaluate(pairs, truePairs, Infinity);
  for (let t = -10; t <= 40; t += 0.5) {
    const e = evaluate(pairs, truePairs, t);
    if (e.precision >= minPrecision && e.f1 > best.f1) best = e;
  }
  return best;
}
