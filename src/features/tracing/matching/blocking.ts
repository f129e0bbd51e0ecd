/**
 * Blocking keys: short strings; two records are candidates when they share one. A database keeps them in
 * an indexed table (key, record id). The keys are built on the consonant skeleton of name tokens, which is
 * the same for "Mohammed", "Mohamed" and محمد, so that cross-script and misspelt names meet:
 *  - `nn:` the skeleton prefixes of two name tokens, sorted (name order does not matter);
 *  - `ni:` one token's skeleton prefix with the initial of another (Tom / Thomas Chudleigh);
 *  - `ny:`, `nm:`, `np:` one token's skeleton prefix with the birth year, with the birth month and day, or
 *    with the first letters of the first place (a misspelt or missing other name, a mistyped year);
 *  - `x:`  an identifier-like extra value (document, phone or social-security number);
 *  - `d:`  the full birth date with a sex letter (both names misspelt, date exact).
 */
import { prepare } from './compare.ts';
import type { PreparedToken } from './similarity.ts';
import type { PersonForMatching } from './types.ts';

const PREFIX = 3;
const MAX_TOKENS = 4;

/** A token's skeleton prefix; a very short name (Amy, Yu) keeps its own letters instead. */
function tokenKeys(t: PreparedToken): string[] {
  const keys = new Set<string>();
  t.skeletons.slice(0, 3).forEach((s, k) => {
    const form = t.forms[k] ?? '';
    if (s.length >= 2) keys.add(s.slice(0, PREFIX));
    else if (form.length >= 2) keys.add(`=${form.slice(0, PREFIX + 1)}`);
  });
  return [...keys];
}

function initial(t: PreparedToken | undefined): string {
  return t?.skeletons[0]?.charAt(0) || t?.forms[0]?.charAt(0) || '';
}

/** Identifier-like extra values (document, phone or social-security numbers): 6+ characters with a digit. */
function identifierKeys(p: PersonForMatching): string[] {
  return Object.entries(p.extra ?? {})
    .map(([k, v]) => [k, (v ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')] as const)
    .filter(([, v]) => v.length >= 6 && /\d/.test(v))
    .map(([k, v]) => `x:${k}:${v}`);
}

export function blockingKeys(p: PersonForMatching): string[] {
  const prepared = prepare(p);
  const tokens: PreparedToken[] = [];
  const seen = new Set<string>();
  for (const t of [...prepared.given, ...prepared.family, ...prepared.name]) {
    if (seen.has(t.token) || tokens.length >= MAX_TOKENS) continue;
    seen.add(t.token);
    tokens.push(t);
  }
  const perToken = tokens.map(tokenKeys);
  const keys = new Set<string>();
  const place = prepared.places[0]?.replace(/[^a-z]/g, '').slice(0, 4);
  for (let i = 0; i < perToken.length; i += 1) {
    for (let j = i + 1; j < perToken.length; j += 1) {
      for (const x of perToken[i] ?? []) for (const y of perToken[j] ?? []) keys.add(`nn:${x < y ? `${x}|${y}` : `${y}|${x}`}`);
      for (const x of perToken[i] ?? []) keys.add(`ni:${x}|${initial(tokens[j])}`);
      for (const y of perToken[j] ?? []) keys.add(`ni:${y}|${initial(tokens[i])}`);
    }
    for (const x of perToken[i] ?? []) {
      if (prepared.birthYear !== undefined) keys.add(`ny:${x}:${prepared.birthYear}`);
      if (prepared.birthDate) keys.add(`nm:${x}:${prepared.birthDate.slice(5)}`);
      if (place) keys.add(`np:${x}:${place}`);
    }
  }
  for (const k of identifierKeys(p)) keys.add(k);
  if (perToken.length === 1 && prepared.birthYear === undefined) for (const x of perToken[0] ?? []) keys.add(`n:${x}`);
  if (prepared.birthDate) keys.add(`d:${prepared.birthDate}:${p.sex?.charAt(0) ?? ''}`);
  return [...keys];
}

/** Candidate pairs within one list (dedup) or between two lists (link): every pair that shares a key, once. */
export function candidatePairs(left: PersonForMatching[], right?: PersonForMatching[], maxBlock = 5000): Array<[number, number]> {
  const index = new Map<string, number[]>();
  const target = right ?? left;
  target.forEach((p, i) => {
    for (const k of blockingKeys(p)) {
      const list = index.get(k);
      if (list) list.push(i);
      else index.set(k, [i]);
    }
  });
  const pairs: Array<[number, number]> = [];
  const seen = new Set<number>();
  const width = target.length;
  left.forEach((p, i) => {
    for (const k of blockingKeys(p)) {
      const list = index.get(k);
      if (!list || list.length > maxBlock) continue;
      for (const j of list) {
        if (!right && j <= i) continue;
        const id = i * width + j;
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push([i, j]);
      }
    }
  });
  return pairs;
}
