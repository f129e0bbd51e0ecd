/**
 * Language detection for short, messy SOS text. franc (trigram profiles for 400+ languages, chosen by
 * measurement: bench/langid-compare.ts) restricted to the languages a crisis expects, with the
 * sender's previous language as a prior, and a check for Arabic written in Latin letters ("Arabizi").
 */
import type * as Franc from 'franc-all';
import { createRequire } from 'node:module';
import { macroLanguage, migrantLanguages } from './language-codes.ts';

export interface LanguageGuess {
  /** Macro code (ar, am, ti, so, fa, ...), or und when the text is too short to tell. */
  language: string;
  /** ISO 15924 script of the text: Arab, Ethi, Latn, Cyrl, Beng, Deva, ... */
  script: string;
  /** 0..1: how far ahead of the runner-up the answer is. */
  confidence: number;
  /** Why this answer: 'detector', 'prior', 'arabizi', 'script'. */
  basis: 'detector' | 'prior' | 'arabizi' | 'script' | 'none';
}

export interface DetectOptions {
  /** ISO 639-3 codes the crisis expects (defaults to the migrant languages). */
  candidates?: readonly string[];
  /** Macro codes the sender used before, most recent first. */
  prior?: readonly string[];
}

const scripts: Array<[string, RegExp]> = [
  ['Ethi', /[\u1200-\u137F]/g],
  ['Arab', /[\u0600-\u06FF\u0750-\u077F]/g],
  ['Cyrl', /[\u0400-\u04FF]/g],
  ['Beng', /[\u0980-\u09FF]/g],
  ['Deva', /[\u0900-\u097F]/g],
  ['Latn', /[A-Za-z\u00C0-\u024F]/g],
];

export function dominantScript(text: string): string {
  let best = 'Zyyy';
  let count = 0;
  for (const [name, pattern] of scripts) {
    const n = text.match(pattern)?.length ?? 0;
    if (n > count) {
      best = name;
      count = n;
    }
  }
  return best;
}

const arabiziWords = new Set(['ana', 'enta', 'inta', 'ente', 'nta', 'ehna', '7na', 'mafi', 'mafish', 'mish', 'msh', 'fi', 'fe', 'wallah', 'walla', 'inshallah', 'yalla', 'shukran', 'habibi', '7abibi', 'ya', 'ayez', '3ayez', '3ayz', 'mumkin', 'momken', 'moya', 'mayya', 'akl', 'bet', 'beit', 'ma3', 'm3a', 'kaman', 'kamaan', 'la2', 'ahl', 'ummi', 'abooy', 'sa3dona', 'sa3idna', 'musa3da', 'mosa3ada', 'il', 'el', 'wa', 'w']);

/** Arabic in Latin letters: digits used as letters (3 = ع, 7 = ح, 2 = ء) and common words. */
export function looksLikeArabizi(text: string): boolean {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  if (words.length < 2) return false;
  const digitLetters = words.filter((w) => /[a-z][2357][a-z]?|[2357][a-z]/.test(w) && /[a-z]/.test(w)).length;
  const known = words.filter((w) => arabiziWords.has(w)).length;
  return digitLetters >= 1 ? known + digitLetters >= 2 : known >= 3 && known / words.length >= 0.3;
}

const scriptOnly: Record<string, string> = { Beng: 'bn', Cyrl: 'ru' };

/**
 * Amharic and Tigrinya share the Ge'ez script and many trigrams. Tigrinya writes the glottal a as ኣ where
 * Amharic writes አ, uses the ቐ series, and has its own common words; a clear lead on these decides.
 */
function gezTieBreak(text: string): 'am' | 'ti' | undefined {
  const tigrinya = (text.match(/[ኣቐቑቒቓቔቕቖ]/g)?.length ?? 0) + 2 * (text.match(/(^|\s)(ኣብ|እዩ|ምስ|በጃኹም|ኣሎ|ኣለና|የለን|እንታይ)(?=\s|[።፣]|$)/g)?.length ?? 0);
  const amharic = (text.match(/አ/g)?.length ?? 0) + 2 * (text.match(/(^|\s)(እና|ነው|ውስጥ|ጋር|የለም|የለንም|እባክህ|እባካችሁ|ምን)(?=\s|[።፣]|$)/g)?.length ?? 0);
  if (tigrinya >= amharic + 2) return 'ti';
  if (amharic >= tigrinya + 2) return 'am';
  return undefined;
}

type FrancAll = typeof Franc.francAll;
let francAllLoaded: FrancAll | undefined;
/**
 * franc-all's profiles cost about 20 MB, so they load on the first detection, not at start: a server that never
 * triages (an export, a console) does not carry them. Synchronous, as detection is (Node 20.19+ requires ESM).
 */
function francAll(...args: Parameters<FrancAll>): ReturnType<FrancAll> {
  francAllLoaded ??= (createRequire(import.meta.url)('franc-all') as typeof Franc).francAll;
  return francAllLoaded(...args);
}

export function detectLanguage(text: string, options: DetectOptions = {}): LanguageGuess {
  const clean = text.replace(/https?:\/\/\S+|[\d+()\-.,!?;:"'#@*/\\]+/g, ' ').trim();
  const script = dominantScript(clean);
  if (script === 'Latn' && looksLikeArabizi(text)) return { language: 'ar', script, confidence: 0.7, basis: 'arabizi' };
  const letters = clean.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return { language: 'und', script, confidence: 0, basis: 'none' };
  const candidates = [...(options.candidates ?? migrantLanguages)];
  const ranked = francAll(clean, { only: candidates, minLength: 3 }).filter(([code]) => code !== 'und');
  const [top, second] = ranked;
  if (!top) {
    const fallback = scriptOnly[script];
    return fallback ? { language: fallback, script, confidence: 0.5, basis: 'script' } : { language: 'und', script, confidence: 0, basis: 'none' };
  }
  const confidence = second ? Math.max(0, Math.min(1, (top[1] - second[1]) * 5)) : 1;
  let topMacro = macroLanguage(top[0]);
  if (script === 'Ethi' && (topMacro === 'am' || topMacro === 'ti')) topMacro = gezTieBreak(clean) ?? topMacro;
  // A close call goes to the language the sender used before, if it is among the close candidates.
  for (const previous of options.prior ?? []) {
    if (previous === topMacro) break;
    const match = ranked.find(([code, score]) => macroLanguage(code) === previous && score >= top[1] * 0.97);
    if (match) return { language: previous, script, confidence, basis: 'prior' };
  }
  return { language: topMacro, script, confidence, basis: 'detector' };
}
