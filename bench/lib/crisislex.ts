/**
 * CrisisLexT26 tweets of one split, read from ../shared/eval-data/crisislex-t26 (never copied): whole events are held out
 * (splits.csv), so the held-out score is on disasters the model never saw. Informativeness is 'informative' for
 * "Related and informative" and 'other' for "Related - but not informative" and "Not related"; "Not applicable" is dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { evalDataDir } from './tracing-data.ts';

const folder = (): string => path.join(evalDataDir(), 'crisislex-t26');

export interface CrisisLexRow {
  event: string;
  text: string;
  informative: boolean;
  /** One of the 6 information types, or undefined where the row was not labelled with one. */
  type: string | undefined;
}

export const informationTypes = ['Affected individuals', 'Infrastructure and utilities', 'Donations and volunteering', 'Caution and advice', 'Sympathy and support', 'Other Useful Information'];

export function crisisLexEvents(split: 'dev' | 'heldout'): string[] {
  const rows = parse(fs.readFileSync(path.join(folder(), 'splits.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return rows.filter((r) => r['split'] === split).map((r) => r['event'] as string);
}

export function loadCrisisLex(split: 'dev' | 'heldout'): CrisisLexRow[] {
  return crisisLexEvents(split).flatMap((event) => {
    const file = path.join(folder(), event, `${event}-tweets_labeled.csv`);
    const records = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, relax_quotes: true }) as Array<Record<string, string>>;
    return records
      .filter((r) => r['Informativeness'] !== 'Not applicable')
      .map((r) => ({
        event,
        text: r['Tweet Text'] ?? '',
        informative: r['Informativeness'] === 'Related and informative',
        type: informationTypes.includes(r['Information Type'] ?? '') ? r['Information Type'] : undefined,
      }));
  });
}

/** Macro-F1 over the classes present in the gold labels (single-label classification). */
export function macroF1(gold: string[], predicted: string[]): { accuracy: number; macroF1: number } {
  const classes = [...new Set(gold)];
  const f1s = classes.map((c) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    gold.forEach((g, i) => {
      if (g === c && predicted[i] === c) tp += 1;
      else if (predicted[i] === c) fp += 1;
      else if (g === c) fn += 1;
    });
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  const correct = gold.filter((g, i) => g === predicted[i]).length;
  return { accuracy: correct / gold.length, macroF1: f1s.reduce((a, b) => a + b, 0) / classes.length };
}
