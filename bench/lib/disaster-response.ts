/** The disaster-response rows of one split, with their 35 scored labels (related=2 counts as 0; child_alone has no positives). */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { evalDataDir } from './tracing-data.ts';

export const disasterLabels = [
  'related', 'request', 'offer', 'aid_related', 'medical_help', 'medical_products', 'search_and_rescue', 'security', 'military',
  'water', 'food', 'shelter', 'clothing', 'money', 'missing_people', 'refugees', 'death', 'other_aid', 'infrastructure_related',
  'transport', 'buildings', 'electricity', 'tools', 'hospitals', 'shops', 'aid_centers', 'other_infrastructure', 'weather_related',
  'floods', 'storm', 'fire', 'earthquake', 'cold', 'other_weather', 'direct_report',
];

/** The shipped needs that have a disaster-response label, for scoring the lexicon and the product's first pass. */
export const needToLabels: Record<string, string[]> = {
  water: ['water'], food: ['food'], shelter: ['shelter'], medical: ['medical_help'], search_and_rescue: ['search_and_rescue'],
  security: ['security'], missing_person: ['missing_people'], death: ['death'], money: ['money'], evacuation: ['transport'],
};

export interface DisasterRow {
  id: string;
  message: string;
  original: string;
  genre: string;
  labels: Set<string>;
}

export function loadDisasterResponse(split: 'dev' | 'heldout'): DisasterRow[] {
  const file = path.join(evalDataDir(), 'disaster-response/disaster_response_merged.csv');
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return records
    .filter((r) => r['split'] === split)
    .map((r) => ({
      id: r['id'] ?? '',
      message: r['message'] ?? '',
      original: r['original'] ?? '',
      genre: r['genre'] ?? '',
      labels: new Set(disasterLabels.filter((label) => r[label] === '1')),
    }));
}

export function f1Scores(gold: Array<Set<string>>, predicted: Array<Set<string>>, labels: string[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perLabel: Record<string, { f1: number; recall: number; precision: number; support: number }> = {};
  for (const label of labels) {
    let ltp = 0;
    let lfp = 0;
    let lfn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i] as Set<string>;
      if (g.has(label) && p.has(label)) ltp += 1;
      else if (p.has(label)) lfp += 1;
      else if (g.has(label)) lfn += 1;
    });
    tp += ltp;
    fp += lfp;
    fn += lfn;
    perLabel[label] = {
      f1: ltp === 0 ? 0 : (2 * ltp) / (2 * ltp + lfp + lfn),
      recall: ltp + lfn === 0 ? 0 : ltp / (ltp + lfn),
      precision: ltp + lfp === 0 ? 0 : ltp / (ltp + lfp),
      support: ltp + lfn,
    };
  }
  const scored = labels.filter((l) => (perLabel[l]?.support ?? 0) > 0);
  return {
    microF1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
    macroF1: scored.reduce((a, l) => a + (perLabel[l]?.f1 ?? 0), 0) / Math.max(1, scored.length),
    perLabel,
  };
}
