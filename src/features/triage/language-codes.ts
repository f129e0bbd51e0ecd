/**
 * Language codes for triage: detectors answer in ISO 639-1 or 639-3; Lifeline compares and stores the
 * "macro" code that a responder would recognise (Dari and Iranian Persian are both fa, both Kurdish
 * scripts ku, standard Arabic ar).
 */
export const migrantLanguages = [
  'amh', 'tir', 'som', 'pbu', 'prs', 'pes', 'arb', 'ckb', 'kmr', 'hat', 'urd', 'ben', 'fra', 'eng', 'spa', 'por',
  'swh', 'hau', 'wol', 'bam', 'fuv', 'lin', 'kin', 'run', 'tur', 'ukr', 'rus',
] as const;

const toMacro: Record<string, string> = {
  amh: 'am', am: 'am', tir: 'ti', ti: 'ti', som: 'so', so: 'so', pbu: 'ps', pus: 'ps', pst: 'ps', ps: 'ps',
  prs: 'fa', pes: 'fa', fas: 'fa', per: 'fa', fa: 'fa', arb: 'ar', ara: 'ar', ar: 'ar', ckb: 'ku', kmr: 'ku', kur: 'ku', ku: 'ku',
  hat: 'ht', ht: 'ht', urd: 'ur', ur: 'ur', ben: 'bn', bn: 'bn', fra: 'fr', fr: 'fr', eng: 'en', en: 'en', spa: 'es', es: 'es',
  por: 'pt', pt: 'pt', swh: 'sw', swa: 'sw', sw: 'sw', hau: 'ha', ha: 'ha', wol: 'wo', wo: 'wo', bam: 'bm', bm: 'bm',
  fuv: 'ff', ful: 'ff', fuf: 'ff', ff: 'ff', lin: 'ln', ln: 'ln', kin: 'rw', rw: 'rw', run: 'rn', rn: 'rn', tur: 'tr', tr: 'tr',
  ukr: 'uk', uk: 'uk', rus: 'ru', ru: 'ru', deu: 'de', de: 'de', ita: 'it', it: 'it', nld: 'nl', nl: 'nl', hin: 'hi', hi: 'hi',
  tgl: 'tl', fil: 'tl', tl: 'tl', ind: 'id', id: 'id', zlm: 'ms', msa: 'ms', ms: 'ms', cmn: 'zh', zho: 'zh', zh: 'zh',
};

/** The macro code of any ISO 639-1 or 639-3 code (unknown codes pass through unchanged). */
export function macroLanguage(code: string | undefined | null): string {
  if (!code) return 'und';
  const base = code.toLowerCase().split(/[-_]/)[0] ?? code;
  return toMacro[base] ?? base;
}

export const migrantMacroLanguages = [...new Set(migrantLanguages.map((c) => macroLanguage(c)))];
