/**
 * Similarity of name tokens and of whole names (token sets, so order and missing parts do not matter),
 * across scripts: Jaro-Winkler (talisman) on the Latin forms, Double Metaphone (talisman) for Latin
 * spellings that sound alike, and the consonant skeleton when a side came from a vowelless script.
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import levenshtein from 'talisman/metrics/levenshtein.js';
import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { latinForms, matres, memo, normaliseName, normaliseTokens, romanise, scriptOf, skeleton, spellingVariants } from './names.ts';

/** Scripts whose romanisation leaves vowels out (Arabic letters; the inherent vowel of Devanagari and Bengali). */
const ABJAD = new Set(['arabic', 'devanagari', 'bengali']);

export interface PreparedToken {
  /** Unique per prepared token (memo key for token pairs). */
  id: number;
  token: string;
  forms: string[];
  skeletons: string[];
  /** Arabic-like spellings with vowels as y/w/a (names.ts matres()). */
  matres: string[];
  /** The same with the vowels an Arabic spelling leaves out also dropped (for comparing with Arabic script). */
  matresAbjad: string[];
  metaphones: string[];
  /** Romanised from a script that leaves vowels out: compare skeletons too. */
  abjad: boolean;
  /** Written in Latin script. */
  latin: boolean;
}

let nextId = 1;

export function prepareToken(token: string, forms: string[]): PreparedToken {
  const metaphones = new Set<string>();
  for (const f of forms.slice(0, 2)) for (const code of doubleMetaphone(f)) if (code) metaphones.add(code);
  const abjad = ABJAD.has(scriptOf(token));
  const matresForms = abjad ? forms.map(matres) : forms.slice(0, 2).flatMap((f) => spellingVariants(f)).map(matres);
  const abjadForms = abjad ? matresForms : forms.slice(0, 2).flatMap((f) => spellingVariants(f, true)).map(matres);
  const skeletons = forms.map(skeleton);
  if (abjad) skeletons.push(...skeletons.filter((k) => k.length > 2 && k.endsWith('h')).map((k) => k.slice(0, -1)));
  return { id: nextId++, token, forms, skeletons: [...new Set(skeletons)], matres: [...new Set(matresForms)], matresAbjad: [...new Set(abjadForms)], metaphones: [...metaphones], abjad, latin: scriptOf(token) === 'latin' };
}

/** One normalised token prepared for comparison, once per distinct token (names repeat across records). */
export const preparedToken = memo((token: string): PreparedToken => prepareToken(token, [...latinForms(token)]));

export function prepareName(name: string): PreparedToken[] {
  return normaliseTokens(name).map(preparedToken);
}

/** Jaro-Winkler favours a shared start; half of the edit-distance similarity keeps a longer name from winning. */
function blended(a: string, b: string): number {
  return 0.5 * jaroWinkler(a, b) + 0.5 * (1 - levenshtein(a, b) / Math.max(a.length, b.length, 1));
}

function maxPairwise(a: string[], b: string[], f: (x: string, y: string) => number): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, f(x, y));
  return best;
}

/** 1 for the same token in any romanisation, about 0.9 to 0.99 for variants, low for different names. */
export function tokenSimilarity(a: PreparedToken, b: PreparedToken): number {
  if (a.forms.some((f) => b.forms.includes(f))) return 1;
  let sim = maxPairwise(a.forms, b.forms, jaroWinkler);
  if (a.abjad || b.abjad) {
    const vowels = maxPairwise(a.matresAbjad, b.matresAbjad, blended);
    const same = a.skeletons.some((s) => s.length > 1 && b.skeletons.includes(s));
    const smooth = 0.4 * (same ? 1 : maxPairwise(a.skeletons, b.skeletons, blended)) + 0.6 * vowels;
    sim = 0.8 * smooth + 0.2 * sim;
  } else if (!a.latin || !b.latin) {
    sim = 0.4 * (0.5 * sim + 0.5 * maxPairwise(a.forms, b.forms, blended)) + 0.6 * maxPairwise(a.matres, b.matres, blended);
  } else if (sim >= 0.75 && a.metaphones.some((m) => b.metaphones.includes(m))) {
    sim = Math.max(sim, 0.92);
  }
  return sim;
}

/**
 * tokenSimilarity() ranks (it orders candidates smoothly); for deciding that two tokens agree, the same
 * consonant skeleton across a vowelless script also counts: محمد and Mohammed share "mhmd".
 */
export function tokenAgreement(a: PreparedToken, b: PreparedToken): number {
  // Records that share a blocking key share name tokens: the same two tokens meet again and again.
  if (a.id >= MAX_ROWS) return agreementOf(a, b);
  let row = agreements[a.id];
  if (!row) {
    row = new Map();
    agreements[a.id] = row;
  }
  const hit = row.get(b.id);
  if (hit !== undefined) return hit;
  const value = agreementOf(a, b);
  if (remembered >= MAX_AGREEMENTS) {
    agreements.length = 0;
    remembered = 0;
  }
  remembered += 1;
  row.set(b.id, value);
  return value;
}

/** Token pairs remembered (by the tokens' ids), at most MAX_AGREEMENTS before starting afresh. */
const MAX_AGREEMENTS = 1_000_000;
const MAX_ROWS = 2 ** 22;
const agreements: Array<Map<number, number> | undefined> = [];
let remembered = 0;

function agreementOf(a: PreparedToken, b: PreparedToken): number {
  const sim = tokenSimilarity(a, b);
  if ((a.abjad || b.abjad) && a.skeletons.some((s) => s.length > 1 && b.skeletons.includes(s))) return Math.max(sim, 0.9 + 0.09 * sim);
  return sim;
}

export interface NameSimilarity {
  /** Mean similarity of the best one-to-one token pairing, over the shorter name's tokens. */
  similarity: number;
  /** Both names have the same tokens (in some romanisation), in any order. */
  sameTokens: boolean;
  /** The pairs chosen, for the explanation. */
  pairs: Array<[string, string, number]>;
}

/** Token-set comparison: greedy best pairing, so "Abderrahmane Mohamed" meets "Mohammed Abdelrahman". */
export function nameSimilarity(a: PreparedToken[], b: PreparedToken[]): NameSimilarity {
  if (a.length === 0 || b.length === 0) return { similarity: 0, sameTokens: false, pairs: [] };
  if (a.length === 1 && b.length === 1) {
    // One token each (a given or a family name): the pairing is that pair.
    const s = tokenAgreement(a[0] as PreparedToken, b[0] as PreparedToken);
    return { similarity: s, sameTokens: s === 1, pairs: [[(a[0] as PreparedToken).token, (b[0] as PreparedToken).token, s]] };
  }
  const scored: Array<[number, number, number]> = [];
  for (let i = 0; i < a.length; i += 1) for (let j = 0; j < b.length; j += 1) scored.push([tokenAgreement(a[i] as PreparedToken, b[j] as PreparedToken), i, j]);
  scored.sort((x, y) => y[0] - x[0]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: Array<[string, string, number]> = [];
  let total = 0;
  for (const [s, i, j] of scored) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    total += s;
    pairs.push([(a[i] as PreparedToken).token, (b[j] as PreparedToken).token, s]);
  }
  const n = Math.min(a.length, b.length);
  return { similarity: total / n, sameTokens: a.length === b.length && pairs.every((p) => p[2] === 1), pairs };
}

/** Plain string similarity for places and other fields (Jaro-Winkler on folded Latin text). */
export function stringSimilarity(a: string, b: string): number {
  return jaroWinkler(a, b);
}

/** One written name token (in any script) as a single prepared token, for ranking tokens across scripts. */
export function nameTokenForms(text: string): PreparedToken {
  const n = normaliseName(text);
  if (n.tokens.length === 0) return prepareToken(text, romanise(text.normalize('NFKC').toLowerCase()));
  if (n.tokens.length === 1) return prepareToken(n.tokens[0] as string, n.latin[0] ?? []);
  const forms = [n.latin.map((f) => f[0] ?? '').join(''), n.latin.map((f) => f[f.length - 1] ?? '').join('')];
  return prepareToken(n.tokens.join(''), [...new Set(forms)]);
}
