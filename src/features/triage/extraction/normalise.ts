/**
 * Text normalisation shared by the SOS extractors: Arabic-Indic and Eastern Arabic-Indic digits become ASCII digits
 * (one character for one, so offsets into the original text stay valid), and words are folded for dictionary look-ups:
 * lower case, Latin diacritics removed, Arabic short vowels and tatweel removed, alef, yeh and teh marbuta forms unified.
 * Tokens keep their offsets so that extractors can quote the original text as evidence.
 */

export interface Token {
  /** Folded form used for look-ups. */
  key: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
}

const arabicIndicZero = 0x0660;
const easternArabicIndicZero = 0x06f0;

/** Replaces Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits by ASCII digits, keeping the string length. */
export function normaliseDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= easternArabicIndicZero ? code - easternArabicIndicZero : code - arabicIndicZero);
  });
}

/** Folds one word or phrase for look-ups: 'Éthiopiens' → 'ethiopiens', 'إثيوبيّين' → 'اثيوبيين', 'Dix-sept' → 'dix sept'. */
export function fold(text: string): string {
  let s = text.toLowerCase();
  if (/[^\x20-\x7e]/.test(s)) {
    s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u064b-\u065f\u0670\u0640]/g, '')
      .replace(/[أإآٱ]/g, 'ا').replace(/ى/g, 'ي').replace(/ة/g, 'ه').replace(/ؤ/g, 'و').replace(/ئ/g, 'ي')
      .replace(/ß/g, 'ss').replace(/[’ʼ`´]/g, '\'');
  }
  return s.replace(/[-'_.]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const wordPattern = /[\p{L}\p{M}]+/gu;

/** Splits text into letter-only words (digits and punctuation separate words), with folded keys and offsets. */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(wordPattern)) {
    const key = fold(m[0]);
    if (key) tokens.push({ key, raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

export function isArabicScript(s: string): boolean {
  return /[\u0600-\u06ff]/.test(s);
}

/**
 * Forms of a folded Arabic word without its attached prefixes, longest first: 'بالزاويه' → ['بالزاويه', 'الزاويه', 'زاويه'].
 * Latin words come back unchanged. `prefixed` tells whether a preposition (ب, ل, في…) was attached.
 */
export function arabicVariants(key: string): { key: string; prefixed: boolean }[] {
  const out = [{ key, prefixed: false }];
  if (!isArabicScript(key)) return out;
  let rest = key;
  let prefixed = false;
  if (/^[وف]/.test(rest) && rest.length > 4) rest = rest.slice(1);
  if (/^[بلك]/.test(rest) && rest.length > 4 && !rest.startsWith('لل')) {
    rest = rest.slice(1);
    prefixed = true;
  } else if (rest.startsWith('لل') && rest.length > 4) {
    rest = 'ال' + rest.slice(2);
    prefixed = true;
  }
  if (rest !== key) out.push({ key: rest, prefixed });
  if (rest.startsWith('ال') && rest.length > 4) out.push({ key: rest.slice(2), prefixed });
  return out;
}

/**
 * Folds text character by character, keeping its length so that regex offsets point into the original: lower case,
 * Latin diacritics dropped ('é' → 'e'), Arabic alef, yeh and teh marbuta forms unified, Arabic-Indic digits made ASCII.
 */
export function foldKeepingOffsets(text: string): string {
  const lower = normaliseDigits(text).toLowerCase();
  if (!/[^\x20-\x7e]/.test(lower)) return lower;
  let out = '';
  for (const ch of lower) {
    let c = ch;
    if (ch.length === 1 && ch > '\x7f') {
      const bare = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      if (bare.length === 1) c = bare;
      c = c.replace(/[أإآٱ]/, 'ا').replace('ى', 'ي').replace('ة', 'ه').replace('ؤ', 'و').replace('ئ', 'ي');
    }
    out += c;
  }
  return out;
}
