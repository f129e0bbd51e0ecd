/**
 * Field comparators: each turns a pair of records into one level per field (exact, close, disagree,
 * missing) with a detail string. The weights come from the model (model.ts); nothing here is weighted.
 */
import { normaliseName } from './names.ts';
import { nameSimilarity, prepareName, stringSimilarity, type PreparedToken } from './similarity.ts';
import type { Outcome, PersonForMatching } from './types.ts';

/** Name similarity at or above this is 'close'. Chosen on FEBRL dev pairs (docs/decisions/0009). */
export const CLOSE_NAME = 0.88;
/** ...and no paired token below this: Hamid Hussein is not Ahmed Hussein. */
export const CLOSE_TOKEN = 0.8;
export const CLOSE_STRING = 0.9;

/** A record ready for comparison: names as shared prepared tokens, the other fields folded. */
export interface Prepared {
  name: PreparedToken[];
  given: PreparedToken[];
  family: PreparedToken[];
  birthDate?: string;
  birthYear?: number;
  places: string[];
  sex?: string;
  /** Upper case. */
  country?: string;
  extra: Map<string, string>;
}

export interface Level {
  field: string;
  outcome: Outcome;
  detail: string;
}

const cache = new WeakMap<PersonForMatching, Prepared>();

function foldText(text: string): string {
  return normaliseName(text).latin.map((forms) => forms[0] ?? '').join(' ');
}

export function prepare(person: PersonForMatching): Prepared {
  const hit = cache.get(person);
  if (hit) return hit;
  const full = person.names.find((n) => n.trim().length > 0) ?? [person.givenName, person.familyName].filter(Boolean).join(' ');
  // 1 January is what registration systems write when only the year is known (UNHCR, civil registries).
  const date = person.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(person.birthDate) && !person.birthDate.endsWith('-01-01') ? person.birthDate : undefined;
  const yearText = person.birthDate?.match(/^(\d{4})/)?.[1];
  const extra = new Map<string, string>();
  for (const [k, v] of Object.entries(person.extra ?? {})) {
    const folded = v === undefined ? '' : v.normalize('NFKC').toLowerCase().trim();
    if (folded.length > 0) extra.set(k, folded);
  }
  const prepared: Prepared = {
    name: prepareName(full),
    given: person.givenName ? prepareName(person.givenName) : [],
    family: person.familyName ? prepareName(person.familyName) : [],
    birthDate: date,
    birthYear: person.birthYear ?? (yearText ? Number(yearText) : undefined),
    places: (person.places ?? []).map(foldText).filter((p) => p.length > 0),
    sex: person.sex,
    country: person.country?.toUpperCase(),
    extra,
  };
  cache.set(person, prepared);
  return prepared;
}

function nameLevel(field: string, a: PreparedToken[], b: PreparedToken[], explain: boolean): Level {
  if (a.length === 0 || b.length === 0) return { field, outcome: 'missing', detail: explain ? 'not given on both records' : '' };
  const s = nameSimilarity(a, b);
  const detail = explain ? `${s.pairs.map(([x, y, v]) => `${x}~${y} ${v.toFixed(2)}`).join(', ')}${a.length !== b.length ? ` (${a.length} vs ${b.length} tokens)` : ''}` : '';
  if (s.sameTokens) return { field, outcome: 'exact', detail };
  let weakest = Infinity;
  for (const p of s.pairs) weakest = Math.min(weakest, p[2]);
  const close = s.similarity >= CLOSE_NAME && weakest >= CLOSE_TOKEN;
  return { field, outcome: close ? 'close' : 'disagree', detail: explain ? `${detail}; similarity ${s.similarity.toFixed(2)}` : '' };
}

const rank = (l: Level[]): number => l.filter((x) => x.outcome === 'exact').length * 2 + l.filter((x) => x.outcome === 'close').length;

/**
 * Names: given and family name separately when both records separate them, else the full names as token sets.
 * Always the three levels name, givenName and familyName, in that order.
 */
export function nameLevels(a: Prepared, b: Prepared, explain: boolean): Level[] {
  if (a.given.length > 0 && a.family.length > 0 && b.given.length > 0 && b.family.length > 0) {
    const given = nameLevel('givenName', a.given, b.given, explain);
    const family = nameLevel('familyName', a.family, b.family, explain);
    const straight = [given, family];
    // Both exact cannot be beaten, so the swapped order is compared only otherwise.
    const swapped = rank(straight) === 4 ? straight : [nameLevel('givenName', a.given, b.family, explain), nameLevel('familyName', a.family, b.given, explain)];
    const best = rank(swapped) > rank(straight) ? swapped.map((l) => ({ ...l, detail: explain ? `${l.detail} (given and family swapped)` : '' })) : straight;
    return [{ field: 'name', outcome: 'missing', detail: explain ? 'compared as given and family name' : '' }, ...best];
  }
  const aName = a.name.length > 0 ? a.name : [...a.given, ...a.family];
  const bName = b.name.length > 0 ? b.name : [...b.given, ...b.family];
  const asFull = explain ? 'compared as full name' : '';
  return [nameLevel('name', aName, bName, explain), { field: 'givenName', outcome: 'missing', detail: asFull }, { field: 'familyName', outcome: 'missing', detail: asFull }];
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) diff += 1;
  return diff <= 1;
}

/** Full dates compare as 'birthDate'; anything less (a year, an age, a 1 January placeholder) as 'birthYear'. */
function birthLevels(a: Prepared, b: Prepared, explain: boolean): Level[] {
  const date = birthDateLevel(a, b, explain);
  return date ? [date, { field: 'birthYear', outcome: 'missing', detail: 'compared as full dates' }] : [{ field: 'birthDate', outcome: 'missing', detail: 'not both full dates' }, birthYearLevel(a, b, explain)];
}

function birthDateLevel(a: Prepared, b: Prepared, explain: boolean): Level | undefined {
  const field = 'birthDate';
  if (a.birthDate && b.birthDate) {
    if (a.birthDate === b.birthDate) return { field, outcome: 'exact', detail: explain ? `same date ${a.birthDate}` : '' };
    const [ya, ma, da] = a.birthDate.split('-');
    const [yb, mb, db] = b.birthDate.split('-');
    const swapped = ya === yb && ma === db && da === mb;
    const near = Math.abs(Number(ya) - Number(yb)) <= 1 && ma === mb && da === db;
    const typo = editDistanceAtMostOne(a.birthDate, b.birthDate);
    const close = swapped || near || typo || ya === yb;
    return { field, outcome: close ? 'close' : 'disagree', detail: explain ? `${a.birthDate} vs ${b.birthDate}` : '' };
  }
  return undefined;
}

function birthYearLevel(a: Prepared, b: Prepared, explain: boolean): Level {
  const field = 'birthYear';
  if (a.birthYear === undefined || b.birthYear === undefined) return { field, outcome: 'missing', detail: 'not given on both records' };
  const gap = Math.abs(a.birthYear - b.birthYear);
  const outcome = gap === 0 ? 'exact' : gap <= 2 ? 'close' : 'disagree';
  return { field, outcome, detail: explain ? `born ${a.birthYear} vs ${b.birthYear}` : '' };
}

function simpleLevel(field: string, a: string | undefined, b: string | undefined, explain: boolean, close = false): Level {
  if (!a || !b) return { field, outcome: 'missing', detail: 'not given on both records' };
  if (a === b) return { field, outcome: 'exact', detail: explain ? `both ${a}` : '' };
  if (close) {
    const s = stringSimilarity(a, b);
    const digits = /^\d+$/.test(a) && /^\d+$/.test(b) && editDistanceAtMostOne(a, b);
    if (s >= CLOSE_STRING || digits) return { field, outcome: 'close', detail: explain ? `${a} vs ${b} (${s.toFixed(2)})` : '' };
  }
  return { field, outcome: 'disagree', detail: explain ? `${a} vs ${b}` : '' };
}

function placeLevel(a: Prepared, b: Prepared, explain: boolean): Level {
  const field = 'place';
  if (a.places.length === 0 || b.places.length === 0) return { field, outcome: 'missing', detail: 'not given on both records' };
  let best = 0;
  let pair = '';
  for (const x of a.places) {
    for (const y of b.places) {
      const s = x === y ? 1 : stringSimilarity(x, y);
      if (s > best) [best, pair] = [s, `${x} vs ${y}`];
    }
  }
  return { field, outcome: best === 1 ? 'exact' : best >= CLOSE_STRING ? 'close' : 'disagree', detail: explain ? `${pair} (${best.toFixed(2)})` : '' };
}

/**
 * Every field's level for one pair, always in the same order (names, birth date or year, sex, place, country, then
 * extra keys). Without `explain` (a batch that only needs the outcomes) the details are left empty.
 */
export function compareFields(a: Prepared, b: Prepared, explain = true, names: readonly Level[] = nameLevels(a, b, explain)): Level[] {
  const levels = [
    ...names,
    ...birthLevels(a, b, explain),
    simpleLevel('sex', a.sex, b.sex, explain),
    placeLevel(a, b, explain),
    simpleLevel('country', a.country, b.country, explain),
  ];
  if (a.extra.size === 0 && b.extra.size === 0) return levels;
  const keys = new Set([...a.extra.keys(), ...b.extra.keys()]);
  for (const key of [...keys].sort()) levels.push(simpleLevel(key, a.extra.get(key), b.extra.get(key), explain, true));
  return levels;
}
