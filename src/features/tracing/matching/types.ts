/** The public shapes of the tracing matching engine (see index.ts and docs/decisions/0009-name-matching-engine.md). */

export interface PersonForMatching {
  id: string;
  /** Full names as written, any script, any order; names[0] is the primary. */
  names: string[];
  /** When the source separates them. */
  givenName?: string;
  familyName?: string;
  sex?: 'female' | 'male' | 'other';
  /** Or estimated from an age. */
  birthYear?: number;
  /** YYYY-MM-DD when known (YYYY-MM and YYYY are read as a year). */
  birthDate?: string;
  /** Home or last-seen places as written. */
  places?: string[];
  /** ISO 3166-1 alpha-2 (nationality or origin). */
  country?: string;
  /** Further comparable fields (e.g. febrl addresses, postcode), compared as strings. */
  extra?: Record<string, string | undefined>;
}

export type Outcome = 'exact' | 'close' | 'disagree' | 'missing';
/** The levels a model has probabilities for ('missing' always weighs 0, as in Splink). */
export type Level = Exclude<Outcome, 'missing'>;
export const LEVELS: readonly Level[] = ['exact', 'close', 'disagree'];

export interface FieldComparison {
  field: string;
  outcome: Outcome;
  /** log2 Bayes factor of this outcome: log2(m / u); 0 when missing. */
  weight: number;
  /** Human-readable: what was compared with what, and how similar. */
  detail: string;
}

export interface MatchResult {
  /** Sum of the fields' log2 Bayes factors. */
  score: number;
  /** Posterior probability of a match given the model's prior. */
  probability: number;
  fields: FieldComparison[];
}

export interface FieldModel {
  /** P(level | same person). */
  m: Record<Level, number>;
  /** P(level | different people). */
  u: Record<Level, number>;
}

/** JSON-serialisable Fellegi–Sunter model. */
export interface MatchModel {
  version: 1;
  /** Prior probability that a random pair of records is the same person. */
  prior: number;
  fields: Record<string, FieldModel>;
  /** Where the numbers came from ('default' or 'em: <pairs> blocked pairs, <iterations> iterations'). */
  source: string;
}
