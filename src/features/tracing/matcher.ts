/**
 * The one place the tracing service meets the matching engine (src/features/tracing/matching/): blocking keys,
 * pairwise comparison with its explanation, and the model. Retraining combines the engine's estimate from the
 * crisis's own records (EM, as Splink does) with what reviewers decided: confirmed pairs estimate m (how often each
 * field agrees for the same person), rejected pairs u (for different people), each smoothed towards the estimate.
 */
import { defaultModel, estimateModel, type Level, type MatchModel, type PersonForMatching } from './matching/index.ts';

export { blockingKeys, comparePeople, defaultModel } from './matching/index.ts';
export { BatchLinker } from './matching/batch.ts';
export type { FieldComparison, MatchModel, MatchResult, PersonForMatching } from './matching/index.ts';

export const MATCHER_VERSION = 'fs-1';
const LEVELS: readonly Level[] = ['exact', 'close', 'disagree'];
/** How many labels' worth of weight the estimate keeps against the reviewers' decisions. */
const PRIOR_STRENGTH = 10;

export interface Label {
  isMatch: boolean;
  outcomes: Record<string, string>;
}

function blend(base: Record<Level, number>, labels: readonly Label[], field: string): Record<Level, number> {
  const counted = labels.filter((l) => LEVELS.includes(l.outcomes[field] as Level));
  const total = counted.length + PRIOR_STRENGTH;
  const out = {} as Record<Level, number>;
  for (const level of LEVELS) out[level] = (counted.filter((l) => l.outcomes[field] === level).length + PRIOR_STRENGTH * base[level]) / total;
  return out;
}

/** A model for a crisis: the engine's estimate from its records (or the default), corrected by the labels. */
export function retrainModel(people: PersonForMatching[], labels: readonly Label[]): MatchModel {
  const base = people.length >= 50 ? estimateModel(people, { maxPairs: 50_000 }) : defaultModel();
  const model: MatchModel = structuredClone(base);
  const fields = new Set([...Object.keys(model.fields), ...labels.flatMap((l) => Object.keys(l.outcomes))]);
  for (const field of fields) {
    const current = model.fields[field];
    if (!current) continue;
    current.m = blend(current.m, labels.filter((l) => l.isMatch), field);
    current.u = blend(current.u, labels.filter((l) => !l.isMatch), field);
  }
  model.source = `${base.source}; corrected by ${labels.length} reviewer decisions`;
  return model;
}
