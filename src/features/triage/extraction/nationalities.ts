/**
 * Nationality extraction: finds ISO 3166-1 alpha-2 codes in an SOS text from demonyms in English, French, Spanish and
 * Arabic (the table in demonyms.ts, inflected here for plural and feminine forms) and from country names in the same
 * languages taken from i18n-iso-countries. A demonym always counts ('40 Eritreans', 'des Soudanais', 'سوريين'); a country
 * name counts only after an origin cue ('from Eritrea', 'de Guinée', 'من السودان'), because 'stuck in Libya' names where
 * people are, not who they are. The lexicon is built once, on first use.
 */
import countries from 'i18n-iso-countries';
import { demonyms } from './demonyms.ts';
import { arabicVariants, fold, tokenise, type Token } from './normalise.ts';

export interface NationalityMatch {
  code: string;
  matched: string;
  kind: 'demonym' | 'country';
  start: number;
  end: number;
}

interface Entry {
  code: string;
  kind: 'demonym' | 'country';
}

const nameLanguages = ['en', 'fr', 'es', 'ar'];
const maxWords = 4;
const originCues = new Set(['from', 'de', 'd', 'du', 'del', 'des', 'من']);
const movementWords = new Set(['left', 'fled', 'escaped', 'sailed', 'departed', 'deported', 'expelled', 'crossed', 'partis', 'sortis', 'expulses',
  'salimos', 'salieron', 'huimos', 'deportados', 'frontiere', 'frontera', 'border', 'cote', 'costa']);

function englishForms(b: string): string[] {
  return /(ese|ish|ch)$/.test(b) ? [b] : [b, b + 's'];
}

function frenchForms(b: string): string[] {
  if (b.endsWith('en')) return [b, b + 's', b + 'ne', b + 'nes'];
  if (b.endsWith('e')) return [b, b + 's'];
  if (b.endsWith('s')) return [b, b + 'e', b + 'es'];
  return [b, b + 's', b + 'e', b + 'es'];
}

function spanishForms(b: string): string[] {
  if (b.endsWith('o')) return [b, b.slice(0, -1) + 'a', b + 's', b.slice(0, -1) + 'as'];
  if (b.endsWith('es')) return [b, b + 'a', b + 'es', b + 'as'];
  if (/[iun]$/.test(b)) return [b, b + 'es', b + 's'];
  return [b, b + 's'];
}

function arabicForms(b: string): string[] {
  return b.endsWith('ي') ? [b, b + 'ه', b + 'ون', b + 'ين', b + 'ات'] : [b];
}

let lexicon: Map<string, Entry> | undefined;

function buildLexicon(): Map<string, Entry> {
  const map = new Map<string, Entry>();
  const add = (key: string, entry: Entry): void => {
    if (key && !map.has(key)) map.set(key, entry);
  };
  for (const dm of demonyms) {
    const entry: Entry = { code: dm.code, kind: 'demonym' };
    for (const w of dm.en) for (const f of englishForms(fold(w))) add(f, entry);
    for (const w of dm.fr) for (const f of frenchForms(fold(w))) add(f, entry);
    for (const w of dm.es) for (const f of spanishForms(fold(w))) add(f, entry);
    for (const w of dm.ar) for (const f of arabicForms(fold(w))) add(f, entry);
  }
  for (const lang of nameLanguages) {
    const names = countries.getNames(lang, { select: 'all' });
    for (const [code, list] of Object.entries(names)) {
      for (const name of list) add(fold(name), { code, kind: 'country' });
    }
  }
  return map;
}

function getLexicon(): Map<string, Entry> {
  lexicon ??= buildLexicon();
  return lexicon;
}

/** True when a folded word or phrase is a demonym or a country name (the place extractor skips these). */
export function isNationalityKey(key: string): boolean {
  return getLexicon().has(key);
}

function hasOriginCue(tokens: Token[], i: number, prefixed: boolean): boolean {
  const prev = tokens[i - 1]?.key;
  if (prefixed || prev === undefined || !originCues.has(prev)) return false;
  const before = tokens[i - 2]?.key;
  return before === undefined || !movementWords.has(before);
}

/** Every demonym and origin-cued country name in the text, in order, with offsets. */
export function findNationalities(text: string): NationalityMatch[] {
  const lex = getLexicon();
  const tokens = tokenise(text);
  const found: NationalityMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let hit: { entry: Entry; n: number; prefixed: boolean } | undefined;
    for (let n = Math.min(maxWords, tokens.length - i); n >= 1 && !hit; n--) {
      const words = tokens.slice(i, i + n);
      const first = words[0]!;
      for (const v of arabicVariants(first.key)) {
        const key = [v.key, ...words.slice(1).map((t) => t.key)].join(' ');
        const entry = lex.get(key);
        if (entry) {
          hit = { entry, n, prefixed: v.prefixed };
          break;
        }
      }
    }
    if (!hit) continue;
    const last = tokens[i + hit.n - 1]!;
    if (hit.entry.kind === 'demonym' || hasOriginCue(tokens, i, hit.prefixed)) {
      found.push({ code: hit.entry.code, matched: text.slice(tokens[i]!.start, last.end), kind: hit.entry.kind, start: tokens[i]!.start, end: last.end });
    }
    i += hit.n - 1;
  }
  return found;
}

/** ISO 3166-1 alpha-2 codes of the nationalities named in the text, each once, in order of first mention. */
export function extractNationalities(text: string): string[] {
  return [...new Set(findNationalities(text).map((m) => m.code))];
}
