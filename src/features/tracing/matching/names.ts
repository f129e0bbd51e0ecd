/**
 * Name normalisation for matching across spellings and scripts.
 *
 * normaliseName() does, in order: Unicode NFKC and lower case; split on spaces, punctuation and hyphens;
 * drop honorifics and titles (mr, dr, sheikh, hajji, السيد, الحاج, 1st, baron, ...); in Arabic script, fold
 * letter variants (أ إ آ → ا, ى → ي, ة → ه) and drop vowel marks and the article ال on a long token; drop
 * the "son of / daughter of" particles (bin, bint, ibn, ould, ben, بن, ابن); glue a compound-forming
 * particle to the token after it (abd, abdel, abdul, abu, abou, عبد, أبو; van, von, de, da, di, del, der,
 * du, la, le, dos ...), after dropping an article written between them (al, el, ul, ad, ar, ...), so that
 * "Abdel Rahman", "Abd al-Rahman", "Abderrahmane" and "عبد الرحمن" become one token starting with abd.
 * Then every token gets its Latin romanisations: a Latin token loses its diacritics; a token in another
 * script is romanised by two packages (any-ascii and transliteration), which disagree on purpose-worthy
 * points (kh/h, y/j, Ge'ez vowel orders), so more than one candidate spelling is compared.
 */
import anyAscii from 'any-ascii';
import { transliterate } from 'transliteration';

export type Script = 'latin' | 'arabic' | 'cyrillic' | 'ethiopic' | 'devanagari' | 'bengali' | 'other';

export interface NormalisedName {
  /** Tokens in their own script, normalised. */
  tokens: string[];
  /** For each token, its Latin forms (a-z only), the first one preferred. */
  latin: string[][];
}

const HONORIFICS = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lady', 'lord', 'mme', 'mlle', 'mm', 'herr', 'frau',
  'sr', 'sra', 'srta', 'jr', 'snr', 'jnr', 'ii', 'iii', 'iv', 'rev', 'fr', 'sheikh', 'shaikh', 'sheik', 'cheikh',
  'haji', 'hajji', 'hajj', 'hadj', 'hadji', 'al-haj', 'alhaj', 'alhajji', 'ustaz', 'ustadh', 'baron', 'baroness', 'earl',
  'count', 'countess', 'duke', 'duchess', 'marquess', 'viscount', 'king', 'queen', 'prince', 'princess', 'saint', 'st',
  'of', 'the', 'and', 'господин', 'госпожа', 'السيد', 'السيدة', 'الشيخ', 'الحاج', 'الحاجة', 'الدكتور', 'د', 'ato', 'w/ro', 'woizero',
  'አቶ', 'ወይዘሮ', 'ዶክተር', 'श्री', 'श्रीमती', 'শ্রী', 'শ্রীমতী',
]);
const ORDINAL = /^\d+(st|nd|rd|th)?$/;
/** "son of", "daughter of": they carry no identity, the name after them does. */
const FILIATION = new Set(['bin', 'bint', 'ibn', 'ben', 'ould', 'wuld', 'walad', 'binti', 'بن', 'بنت', 'ابن', 'ولد']);
/** Arabic articles written as their own token ("al-Rashid", "el Sayed"). */
const ARTICLES = new Set(['al', 'el', 'ul', 'ad', 'ar', 'as', 'at', 'az', 'ash', 'an', 'ال']);
/** Particles that form one name with the token after them. */
const COMPOUND = new Map<string, string>([
  ['abd', 'abd'], ['abdel', 'abd'], ['abdul', 'abd'], ['abdal', 'abd'], ['abdol', 'abd'], 
  ['abdur', 'abd'], ['abder', 'abd'], ['abdar', 'abd'], ['abdus', 'abd'], ['abdes', 'abd'], ['abdas', 'abd'], ['abdoul', 'abd'],
  ['abu', 'abu'], ['abou', 'abu'], ['abo', 'abu'], ['عبد', 'عبد'], ['أبو', 'ابو'], ['ابو', 'ابو'],
  ['van', 'van'], ['von', 'von'], ['de', 'de'], ['da', 'da'], ['di', 'di'], ['del', 'del'], ['della', 'della'],
  ['der', 'der'], ['den', 'den'], ['du', 'du'], ['la', 'la'], ['le', 'le'], ['dos', 'dos'], ['das', 'das'], ['do', 'do'],
]);

export function scriptOf(token: string): Script {
  const c = token.codePointAt(0) ?? 0;
  if (c < 0x250 || (c >= 0x1e00 && c < 0x1f00)) return 'latin';
  if ((c >= 0x600 && c < 0x700) || (c >= 0x750 && c < 0x780) || (c >= 0xfb50 && c < 0xfe00)) return 'arabic';
  if (c >= 0x400 && c < 0x530) return 'cyrillic';
  if (c >= 0x1200 && c < 0x13a0) return 'ethiopic';
  if (c >= 0x900 && c < 0x980) return 'devanagari';
  if (c >= 0x980 && c < 0xa00) return 'bengali';
  return 'other';
}

function foldArabic(token: string): string {
  // The article is ال with a bare alif; أل (with hamza) begins a name such as ألفين (Alvin).
  let t = token.length > 4 && token.startsWith('ال') ? token.slice(2) : token;
  t = t
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي');
  return t;
}

function foldLatin(token: string): string {
  return token
    .replace(/[čćç]/g, 'ch').replace(/š/g, 'sh').replace(/ž/g, 'zh')
    .replace(/ß/g, 'ss').replace(/æ/g, 'ae').replace(/œ/g, 'oe').replace(/ø/g, 'o').replace(/ł/g, 'l')
    .replace(/đ/g, 'd').replace(/ı/g, 'i').replace(/þ/g, 'th')
    .normalize('NFKD').replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');
}

/** An "abd…" or "abu…" token written as one word loses the article glued inside it: abderrahmane → abdrahmane. */
function splitGluedPrefix(token: string): string {
  for (const prefix of ['abd', 'abu', 'abou']) {
    if (!token.startsWith(prefix) || token.length < prefix.length + 4) continue;
    let rest = token.slice(prefix.length);
    if (prefix === 'abd' && /^[aeiou]/.test(rest) && !/^[aeiou]l/.test(rest) && !/^[aeiou](.)\1/.test(rest)) rest = rest.slice(1);
    rest = rest.replace(/^[aeiou]l(?=[a-z]{3})/, '').replace(/^[aeiou]([^aeiou])(?=\1)/, '');
    return `${prefix === 'abou' ? 'abu' : prefix}${rest}`;
  }
  return token;
}

function clean(latin: string): string {
  return latin.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-z]/g, '');
}

/**
 * A memo for a pure function of a string, bounded: cleared when full. Names repeat (a crisis has far fewer
 * distinct name tokens than records), so each token is romanised and prepared once, not once per record or pair.
 */
export function memo<T>(compute: (key: string) => T, max = 100_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string): T => {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}

/** Latin forms of one normalised token: itself if Latin, else the romanisations of two packages. */
export function romanise(token: string): string[] {
  return scriptOf(token) === 'latin' ? [token] : [...romaniseOther(token)];
}

const romaniseOther = memo((token: string): readonly string[] => {
  const script = scriptOf(token);
  // Both packages drop alif; it is the letter Arabic writes for a long or foreign a, so keep it as 'a'.
  // A final ه (or ة, folded to it) is mostly the vowel a (Fatima, Aisha), sometimes the consonant: both.
  const input = script === 'arabic' ? token.replace(/ا/g, 'a') : token;
  const forms = [clean(anyAscii(input)), clean(transliterate(input))];
  if (script === 'arabic' && input.endsWith('ه')) forms.push(clean(anyAscii(`${input.slice(0, -1)}a`)));
  if (script === 'arabic') forms.push(...forms.map((f) => f.replace(/^a(?=[^aeiou])/, '')));
  return [...new Set(forms.filter((f) => f.length > 0))];
});

/** Raw tokens in source script, split on anything that is not a letter or digit (and on hyphens). */
function rawTokens(name: string): string[] {
  return name.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{M}\p{N}/]+/u).filter((t) => t.length > 0);
}

const foldLatinToken = memo(foldLatin);
const foldArabicToken = memo(foldArabic);

/** The Latin forms of one normalised token (normaliseName's `latin`), computed once per distinct token. */
export const latinForms = memo((token: string): string[] => [...new Set(romanise(token).map(splitGluedPrefix))]);

export function normaliseName(name: string): NormalisedName {
  const tokens = normaliseTokens(name);
  return { tokens, latin: tokens.map((t) => [...latinForms(t)]) };
}

/** normaliseName's tokens alone (in their own script, normalised), without the romanisations. */
export function normaliseTokens(name: string): string[] {
  const tokens: string[] = [];
  let pending: string[] = [];
  for (const raw of rawTokens(name)) {
    if (HONORIFICS.has(raw) || ORDINAL.test(raw)) continue;
    const script = scriptOf(raw);
    const token = script === 'latin' ? foldLatinToken(raw) : script === 'arabic' ? foldArabicToken(raw) : raw;
    if (token.length === 0 || (FILIATION.has(token) && (tokens.length > 0 || pending.length > 0))) continue;
    if (ARTICLES.has(token)) continue;
    const compound = COMPOUND.get(token) ?? (script === 'latin' ? undefined : COMPOUND.has(romanise(token)[0] ?? '') ? token : undefined);
    if (compound !== undefined) {
      pending.push(compound);
      continue;
    }
    tokens.push(pending.join('') + token);
    pending = [];
  }
  if (pending.length > 0) tokens.push(pending.join(''));
  return tokens;
}

/**
 * A consonant skeleton of a Latin form: the key on which a vowelless romanisation (Arabic script) meets a
 * Latin spelling. Digraphs and near letters fold together (kh → h, q/c/ck → k, j/dj → g, v/p → f/b, z → s,
 * th → t, dh → d), vowels and inner w/y drop, and doubled letters collapse.
 */
function foldConsonants(latin: string): string {
  return latin
    .replace(/d?zh/g, 'j')
    .replace(/^abd/, 'bd')
    .replace(/kh/g, 'h').replace(/gh/g, 'g').replace(/sch/g, 's').replace(/sh|ch/g, 's').replace(/dj/g, 'j')
    .replace(/ph/g, 'f').replace(/th/g, 't').replace(/dh/g, 'd').replace(/ck|q|c|x/g, 'k')
    .replace(/j/g, 'g').replace(/v/g, 'f').replace(/p/g, 'b').replace(/z/g, 's');
}

export function skeleton(latin: string): string {
  const s = foldConsonants(latin);
  const first = s.charAt(0);
  const rest = s.slice(1).replace(/[aeiouwy]/g, '');
  const out = (/[aeiou]/.test(first) ? '' : first) + rest;
  return out.replace(/(.)\1+/g, '$1');
}

/**
 * The form in which Arabic spells a foreign name: consonants folded as in skeleton(), i and e as y, o and u
 * as w (the letters ي and و that Arabic writes for those vowels), a kept, doubled letters collapsed.
 */
export function matres(latin: string): string {
  return foldConsonants(latin.replace(/^abd/, 'bd')).replace(/[ei]/g, 'y').replace(/[ou]/g, 'w').replace(/(.)\1+/g, '$1');
}

/** A single vowel between consonants: Arabic does not write it in an Arabic name (Sharifa شريفة, Sumaya سمية). */
const SHORT_VOWEL = /(?<=[^aeiou])[aeou](?=[^aeiouy])/g;

/** Spelling alternatives of a Latin name for the letters whose sound depends on the language (al-, ch, c, j, x, z, mc, silent final t and e). */
export function spellingVariants(latin: string, forAbjad = false): string[] {
  const out = new Set([latin]);
  const rules: Array<[RegExp, string]> = [
    [/^[ae]l(?=[a-z]{3})/, ''], ...(forAbjad ? [[SHORT_VOWEL, ''] as [RegExp, string]] : []), [/ch/g, 'tsh'], [/ei/g, 'ai'], [/^w/, 'v'], [/z/g, 'ts'], [/^mc/, 'mak'], [/a(?=[^aeiou]e$)/, 'ey'], [/c(?=[eiy])/g, 's'], [/j/g, 'y'], [/x/g, 'ks'], [/(?<=[eo])t$/, ''], [/e$/, 'a'], [/e$/, ''],
  ];
  for (const [pattern, replacement] of rules) {
    for (const f of [...out]) if (out.size < 8 && f.search(pattern) >= 0) out.add(f.replace(pattern, replacement));
  }
  return [...out];
}
