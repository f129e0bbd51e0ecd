/**
 * Compares npm language detectors on udhr-langid DEV rows (never held-out), migrant-language subset:
 * accuracy on whole paragraphs and on the first 40 characters. Used to choose triage's detector.
 *   node --import tsx bench/langid-compare.ts [--limit 4000]
 */
import { parseArgs } from 'node:util';
import { franc } from 'franc-all';
import { macroLanguage, migrantLanguages } from '../src/features/triage/language-codes.ts';
import { detectLanguage } from '../src/features/triage/language.ts';
import { loadUdhrMigrantParagraphs } from './lib/udhr.ts';

const { values } = parseArgs({ options: { limit: { type: 'string', default: '100000' } } });
const rows = loadUdhrMigrantParagraphs('dev').slice(0, Number(values.limit));
const migrant = new Set<string>(migrantLanguages);

const { eld } = await import('eld/large');
const tinyld = await import('tinyld');
const { loadModule } = await import('cld3-asm');
const cld = await loadModule();
const cldIdentifier = cld.create(0, 1000);
const onlyMigrant = [...migrant];

const detectors: Record<string, (text: string) => string> = {
  franc: (t) => macroLanguage(franc(t, { minLength: 3 })),
  'franc (migrant languages only)': (t) => macroLanguage(franc(t, { minLength: 3, only: onlyMigrant })),
  'lifeline detectLanguage': (t) => detectLanguage(t).language,
  eld: (t) => macroLanguage(eld.detect(t).language),
  tinyld: (t) => macroLanguage(tinyld.detect(t)),
  cld3: (t) => macroLanguage(cldIdentifier.findLanguage(t).language),
};

console.log(`${rows.length} dev paragraphs in ${new Set(rows.map((r) => r.lang)).size} migrant languages`);
for (const [name, detect] of Object.entries(detectors)) {
  let full = 0;
  let short = 0;
  const start = performance.now();
  for (const row of rows) {
    if (detect(row.text) === row.lang) full += 1;
    if (detect(row.text.slice(0, 40)) === row.lang) short += 1;
  }
  const ms = performance.now() - start;
  console.log(`${name.padEnd(32)} paragraphs ${(full / rows.length).toFixed(3)}  first 40 chars ${(short / rows.length).toFixed(3)}  (${((rows.length * 2) / (ms / 1000)).toFixed(0)} texts/s)`);
}
