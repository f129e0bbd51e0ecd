/**
 * The one place the tracing service meets the matching engine (src/features/tracing/matching/, built apart):
 * blocking keys, pairwise comparison with its explanation, and model estimation. Until the engine is merged this
 * file holds a plain stand-in (normalised name tokens, birth year, sex) with the same API.
 */
export interface PersonForMatching {
  id: string;
  names: string[];
  givenName?: string;
  familyName?: string;
  sex?: 'female' | 'male' | 'other';
  birthYear?: number;
  birthDate?: string;
  places?: string[];
  country?: string;
  extra?: Record<string, string | undefined>;
}
export interface FieldComparison {
  field: string;
  outcome: 'exact' | 'close' | 'disagree' | 'missing';
  weight: number;
  detail: string;
}
export interface MatchResult {
  score: number;
  probability: number;
  fields: FieldComparison[];
}
export type MatchModel = Record<string, unknown>;

export const MATCHER_VERSION = 'stand-in-1';

const tokensOf = (names: readonly string[]): string[] => [
  ...new Set(names.flatMap((n) => n.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((t) => t.length > 1)),
];

export function defaultModel(): MatchModel {
  return { name: { exact: 6, close: 3, disagree: -4 }, birthYear: { exact: 2, close: 1, disagree: -3 }, sex: { exact: 0.5, disagree: -5 }, prior: -6 };
}

/** Pairs of name parts (first 5 letters, in either order) of each name: selective, and blind to name order. */
export function blockingKeys(p: PersonForMatching): string[] {
  const keys = new Set<string>();
  for (const name of p.names) {
    const parts = tokensOf([name]).slice(0, 5).map((t) => t.slice(0, 5));
    for (let i = 0; i < parts.length; i += 1) for (let j = i + 1; j < parts.length; j += 1) keys.add(`p:${[parts[i], parts[j]].sort().join('|')}`);
    if (parts.length === 1) keys.add(`n:${parts[0]}`);
  }
  return [...keys];
}

export function comparePeople(a: PersonForMatching, b: PersonForMatching, model: MatchModel = defaultModel()): MatchResult {
  const m = { ...defaultModel(), ...model } as Record<string, Record<string, number>> & { prior: number };
  let best = { jaccard: 0, shared: 0, total: 0 };
  for (const na of a.names) {
    for (const nb of b.names) {
      const ta = tokensOf([na]);
      const tb = tokensOf([nb]);
      const shared = ta.filter((t) => tb.includes(t)).length;
      const total = new Set([...ta, ...tb]).size;
      if (total > 0 && shared / total > best.jaccard) best = { jaccard: shared / total, shared, total };
    }
  }
  const fields: FieldComparison[] = [];
  const add = (field: string, outcome: FieldComparison['outcome'], detail: string) => fields.push({ field, outcome, weight: m[field]?.[outcome] ?? 0, detail });
  if (a.names.length === 0 || b.names.length === 0) add('name', 'missing', 'a name is missing');
  else add('name', best.jaccard === 1 ? 'exact' : best.jaccard >= 0.5 ? 'close' : 'disagree', `${best.shared} of ${best.total} name parts agree`);
  if (a.birthYear === undefined || b.birthYear === undefined) add('birthYear', 'missing', 'a birth year is missing');
  else {
    const gap = Math.abs(a.birthYear - b.birthYear);
    add('birthYear', gap === 0 ? 'exact' : gap <= 2 ? 'close' : 'disagree', `birth years ${gap} apart`);
  }
  if (!a.sex || !b.sex) add('sex', 'missing', 'sex is missing');
  else add('sex', a.sex === b.sex ? 'exact' : 'disagree', a.sex === b.sex ? 'same sex' : 'different sex');
  const score = fields.reduce((s, f) => s + f.weight, 0);
  const logit = score + (typeof m.prior === 'number' ? m.prior : -6) + 6;
  return { score, probability: 1 / (1 + 2 ** -logit), fields };
}

/** Estimates field weights from labelled outcomes (match / not a match), with add-one smoothing. */
export function estimateModel(_people: readonly PersonForMatching[], options: { labels?: readonly { isMatch: boolean; outcomes: Record<string, string> }[] } = {}): MatchModel {
  const labels = options.labels ?? [];
  const model = defaultModel() as Record<string, unknown>;
  const fieldNames = [...new Set(labels.flatMap((l) => Object.keys(l.outcomes)))];
  for (const field of fieldNames) {
    const weights: Record<string, number> = {};
    for (const outcome of ['exact', 'close', 'disagree']) {
      const m = (labels.filter((l) => l.isMatch && l.outcomes[field] === outcome).length + 1) / (labels.filter((l) => l.isMatch).length + 3);
      const u = (labels.filter((l) => !l.isMatch && l.outcomes[field] === outcome).length + 1) / (labels.filter((l) => !l.isMatch).length + 3);
      weights[outcome] = Math.log2(m / u);
    }
    model[field] = weights;
  }
  return model;
}
