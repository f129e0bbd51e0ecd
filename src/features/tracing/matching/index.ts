/**
 * The tracing matching engine: does record A describe the same person as record B, across spellings,
 * scripts, name orders, missing parts and disagreeing birth years? And why?
 *
 *   blockingKeys(p)        short keys; records sharing one are candidates (a database indexes them)
 *   comparePeople(a, b)    Fellegi–Sunter score (sum of log2 Bayes factors), probability, and per field
 *                          what agreed, what disagreed and how much each weighed
 *   estimateModel(people)  m/u weights estimated from the data (EM, as Splink does)
 *   normaliseName(name)    tokens in their own script plus their Latin romanisations (see names.ts)
 *   compareNames(a, b)     0 to 1, two written names alone (a public search by name)
 *
 * docs/decisions/0009-name-matching-engine.md has the measurements behind the choices.
 */
import { compareFields, prepare } from './compare.ts';
import { nameSimilarity, prepareName } from './similarity.ts';
import { probabilityOf, weightOf } from './model.ts';
import { defaultModel } from './model.ts';
import type { FieldComparison, MatchModel, MatchResult, PersonForMatching } from './types.ts';

export type { FieldComparison, FieldModel, Level, MatchModel, MatchResult, Outcome, PersonForMatching } from './types.ts';
export { blockingKeys, candidatePairs } from './blocking.ts';
export { estimateModel, type EstimateOptions } from './em.ts';
export { defaultModel, probabilityOf, scoreForProbability } from './model.ts';
export { normaliseName, romanise, skeleton } from './names.ts';

let fallback: MatchModel | undefined;

export function comparePeople(a: PersonForMatching, b: PersonForMatching, model?: MatchModel): MatchResult {
  const m = model ?? (fallback ??= defaultModel());
  const fields: FieldComparison[] = compareFields(prepare(a), prepare(b)).map((l) => ({
    field: l.field,
    outcome: l.outcome,
    weight: Number(weightOf(m, l.field, l.outcome).toFixed(3)),
    detail: l.detail,
  }));
  const score = fields.reduce((s, f) => s + f.weight, 0);
  return { score: Number(score.toFixed(3)), probability: probabilityOf(score, m.prior), fields };
}

/** How alike two written names are, 0 to 1: token sets across scripts and spellings (for a name search box). */
export function compareNames(a: string, b: string): number {
  return nameSimilarity(prepareName(a), prepareName(b)).similarity;
}
