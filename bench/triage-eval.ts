/**
 * Triage quality on the HELD-OUT rows of ../shared/eval-data (aggregates only, never rows).
 * Built so far: language detection on udhr-langid (migrant-language subset), Lifeline's detector beside
 * franc on the same rows. Needs classification (disaster-response, crisislex-t26) comes with the classifier.
 *   node --import tsx bench/triage-eval.ts
 */
import { franc } from 'franc-all';
import { macroLanguage } from '../src/features/triage/language-codes.ts';
import { detectLanguage } from '../src/features/triage/language.ts';
import { writeResult } from './lib/report.ts';
import { loadUdhrMigrantParagraphs } from './lib/udhr.ts';

const rows = loadUdhrMigrantParagraphs('heldout');

function score(detect: (text: string) => string) {
  let full = 0;
  let short = 0;
  for (const row of rows) {
    if (detect(row.text) === row.lang) full += 1;
    if (detect(row.text.slice(0, 40)) === row.lang) short += 1;
  }
  return { paragraphAccuracy: Number((full / rows.length).toFixed(4)), short40Accuracy: Number((short / rows.length).toFixed(4)) };
}

const ours = score((t) => detectLanguage(t).language);
const francScores = score((t) => macroLanguage(franc(t, { minLength: 3 })));
console.log(`udhr-langid held-out, migrant subset (${rows.length} paragraphs, ${new Set(rows.map((r) => r.lang)).size} languages):`);
console.log(`  Lifeline detectLanguage: paragraphs ${ours.paragraphAccuracy}, first 40 characters ${ours.short40Accuracy}`);
console.log(`  franc (all languages):   paragraphs ${francScores.paragraphAccuracy}, first 40 characters ${francScores.short40Accuracy}`);
console.log('  disaster-response and crisislex-t26: not measured yet (the needs classifier is not built)');
const out = writeResult('triage-eval', {
  dataShape: `udhr-langid held-out rows, element p/li, stage >= 4, migrant-language subset: ${rows.length} paragraphs`,
  langid: { ours, franc: francScores },
  disasterResponse: null,
  crisislex: null,
});
console.log(`written ${out}`);
