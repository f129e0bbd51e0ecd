/** udhr-langid paragraphs of the migrant-language subset, for one split (dev for tuning, heldout for the final figure). */
import fs from 'node:fs';
import path from 'node:path';
import { macroLanguage, migrantLanguages } from '../../src/features/triage/language-codes.ts';
import { evalDataDir } from './tracing-data.ts';

export function loadUdhrMigrantParagraphs(split: 'dev' | 'heldout'): Array<{ lang: string; text: string }> {
  const file = path.join(evalDataDir(), 'udhr-langid/udhr_paragraphs.tsv');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string): number => header.indexOf(name);
  const migrant = new Set<string>(migrantLanguages);
  return lines
    .slice(1)
    .map((l) => l.split('\t'))
    .filter((r) => r[col('split')] === split && ['p', 'li'].includes(r[col('element')] ?? '') && Number(r[col('stage')]) >= 4 && migrant.has(r[col('iso6393')] ?? ''))
    .map((r) => ({ lang: macroLanguage(r[col('iso6393')]), text: r[col('text')] ?? '' }));
}
