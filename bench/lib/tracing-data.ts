/**
 * Loaders for the family-tracing evaluation data in ../shared/eval-data (read in place, never copied):
 * FEBRL 4a/4b, Splink historical_50k and the Wikidata name-transliteration tokens, each for one split.
 * The split rule is the README's: sha256 bucket of the entity key < 25 is held out.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { PersonForMatching } from '../../src/features/tracing/matching/index.ts';

export type Split = 'dev' | 'heldout';

/** ../shared/eval-data seen from the project root (a worktree sits one level deeper); LIFELINE_EVAL_DATA overrides. */
export function evalDataDir(): string {
  if (process.env.LIFELINE_EVAL_DATA) return process.env.LIFELINE_EVAL_DATA;
  const root = new URL('../../', import.meta.url).pathname;
  for (const up of ['..', '../..', '../../..']) {
    const dir = path.resolve(root, up, 'shared/eval-data');
    if (fs.existsSync(dir)) return dir;
  }
  throw new Error('eval data not found: set LIFELINE_EVAL_DATA');
}

export function splitOf(key: string): Split {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % 100 < 25 ? 'heldout' : 'dev';
}

export interface LabelledPerson extends PersonForMatching {
  entity: string;
}

function readCsv(file: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(path.join(evalDataDir(), file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
}

function febrlPerson(r: Record<string, string>): LabelledPerson {
  const id = r['rec_id'] ?? '';
  const given = r['given_name'] || undefined;
  const family = r['surname'] || undefined;
  const dob = r['date_of_birth'] ?? '';
  return {
    id,
    entity: id.split('-')[1] ?? id,
    names: [[given, family].filter(Boolean).join(' ')],
    givenName: given,
    familyName: family,
    birthDate: /^\d{8}$/.test(dob) ? `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` : undefined,
    places: r['suburb'] ? [r['suburb']] : [],
    extra: {
      streetNumber: r['street_number'] || undefined,
      address1: r['address_1'] || undefined,
      address2: r['address_2'] || undefined,
      postcode: r['postcode'] || undefined,
      state: r['state'] || undefined,
      socSecId: r['soc_sec_id'] || undefined,
    },
  };
}

/** FEBRL 4a and 4b records of one split; rec-N-org in 4a is the same person as rec-N-dup-0 in 4b. */
export function loadFebrl4(split: Split): { a: LabelledPerson[]; b: LabelledPerson[] } {
  const load = (file: string) => readCsv(`febrl/${file}`).map(febrlPerson).filter((p) => splitOf(`febrl:febrl4:${p.entity}`) === split);
  return { a: load('dataset4a.csv'), b: load('dataset4b.csv') };
}

const SEX: Record<string, PersonForMatching['sex']> = { male: 'male', female: 'female' };

/** Splink historical_figures_with_errors_50k records of one split (the file's own split column). */
export function loadSplinkHistorical(split: Split): LabelledPerson[] {
  return readCsv('splink-persons/historical_figures_with_errors_50k.csv')
    .filter((r) => r['split'] === split)
    .map((r) => ({
      id: r['unique_id'] ?? '',
      entity: r['cluster'] ?? '',
      names: [r['full_name'] || r['first_and_surname'] || ''],
      givenName: r['first_name'] || undefined,
      familyName: r['surname'] || undefined,
      birthDate: r['dob'] || undefined,
      sex: SEX[r['gender'] ?? ''] ?? (r['gender'] ? 'other' : undefined),
      places: r['birth_place'] ? [r['birth_place']] : [],
      extra: { postcode: r['postcode_fake'] || undefined, occupation: r['occupation'] || undefined },
    }));
}

export interface TranslitPair {
  latin: string;
  target: string;
}

/** name-transliteration tokens: *_80 is dev, *_20 is held out; the target's characters are joined. */
export function loadTranslit(language: 'arabic' | 'russian', split: Split): TranslitPair[] {
  const file = path.join(evalDataDir(), 'name-transliteration', `wd_${language}_${split === 'dev' ? 80 : 20}.tsv`);
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((line) => {
    const [latin = '', target = ''] = line.split('\t');
    return { latin: latin.trim(), target: target.replace(/[\s\u200e\u200f]/g, '') };
  });
}

export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
}

export function pairScores(truePositives: number, predicted: number, actual: number): PairScores {
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = actual === 0 ? 0 : truePositives / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: Number(precision.toFixed(4)), recall: Number(recall.toFixed(4)), f1: Number(f1.toFixed(4)) };
}
