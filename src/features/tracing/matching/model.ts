/**
 * Fellegi–Sunter model: for each field and level, m = P(level | same person) and u = P(level | different
 * people); a level weighs log2(m / u) and a pair's score is the sum. The default numbers are plausible
 * starting values; estimateModel() (em.ts) replaces them with numbers estimated from the data.
 */
import { LEVELS, type FieldModel, type Level, type MatchModel, type Outcome } from './types.ts';

const NAME: FieldModel = { m: { exact: 0.6, close: 0.35, disagree: 0.05 }, u: { exact: 0.001, close: 0.005, disagree: 0.994 } };
const PART: FieldModel = { m: { exact: 0.8, close: 0.12, disagree: 0.08 }, u: { exact: 0.01, close: 0.03, disagree: 0.96 } };

/** For fields the model has not seen (extra keys): a generic identifier-like field. */
export const GENERIC_FIELD: FieldModel = { m: { exact: 0.8, close: 0.1, disagree: 0.1 }, u: { exact: 0.02, close: 0.03, disagree: 0.95 } };

export function defaultModel(): MatchModel {
  return {
    version: 1,
    prior: 0.01,
    source: 'default (hand-set starting values)',
    fields: {
      name: structuredClone(NAME),
      givenName: structuredClone(PART),
      familyName: structuredClone(PART),
      birthDate: { m: { exact: 0.75, close: 0.2, disagree: 0.05 }, u: { exact: 0.0005, close: 0.02, disagree: 0.9795 } },
      birthYear: { m: { exact: 0.6, close: 0.3, disagree: 0.1 }, u: { exact: 0.02, close: 0.08, disagree: 0.9 } },
      sex: { m: { exact: 0.97, close: 0.001, disagree: 0.029 }, u: { exact: 0.5, close: 0.001, disagree: 0.499 } },
      place: { m: { exact: 0.6, close: 0.15, disagree: 0.25 }, u: { exact: 0.05, close: 0.05, disagree: 0.9 } },
      country: { m: { exact: 0.9, close: 0.001, disagree: 0.099 }, u: { exact: 0.2, close: 0.001, disagree: 0.799 } },
    },
  };
}

/** The log2 Bayes factor of one outcome; 0 for missing. */
export function weightOf(model: MatchModel, field: string, outcome: Outcome): number {
  if (outcome === 'missing') return 0;
  const f = model.fields[field] ?? GENERIC_FIELD;
  return Math.log2(Math.max(f.m[outcome], 1e-6) / Math.max(f.u[outcome], 1e-6));
}

export function probabilityOf(score: number, prior: number): number {
  const odds = (prior / (1 - prior)) * 2 ** score;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}

/** Score at which the posterior probability equals p, for a model's prior. */
export function scoreForProbability(p: number, prior: number): number {
  return Math.log2(p / (1 - p)) - Math.log2(prior / (1 - prior));
}

export function emptyCounts(): Record<Level, number> {
  return Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
}

/** Counts to probabilities with add-one-half smoothing, so no level is ever impossible. */
export function normalise(counts: Record<Level, number>): Record<Level, number> {
  const total = LEVELS.reduce((s, l) => s + counts[l], 0) + 0.5 * LEVELS.length;
  return Object.fromEntries(LEVELS.map((l) => [l, (counts[l] + 0.5) / total])) as Record<Level, number>;
}
