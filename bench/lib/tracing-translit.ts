/**
 * Cross-script ranking on name-transliteration (README protocol): for each Latin token, rank all target-script
 * names of the slice by the engine's token similarity; top-1 and top-5 say whether the right one came first or
 * within five. A character-bigram index shortlists 300 candidates per token first (a full scan of 13,000 to
 * 33,000 names per token would not fit the time budget); the shortlist is then ranked by the engine.
 */
import { nameTokenForms, tokenSimilarity, type PreparedToken } from '../../src/features/tracing/matching/similarity.ts';
import { loadTranslit, type Split } from './tracing-data.ts';

const SHORTLIST = Number(process.env.SHORTLIST ?? 300);

function grams(t: PreparedToken): Set<string> {
  const out = new Set<string>();
  for (const s of [...t.forms, ...t.skeletons]) {
    const padded = `^${s}$`;
    for (let i = 0; i + 2 <= padded.length; i += 1) out.add(padded.slice(i, i + 2));
  }
  return out;
}

/**
 * limit takes an evenly spread subset of the slice (dev tuning at the held-out slice's size, so the candidate set is
 * as large); queryEvery scores only every n-th of those tokens, still against all the candidates (faster tuning).
 */
export function rankTranslit(language: 'arabic' | 'russian', split: Split, limit?: number, queryEvery = 1): { queries: number; candidates: number; top1: number; top5: number } {
  let rows = loadTranslit(language, split);
  if (limit && rows.length > limit) {
    const step = rows.length / limit;
    rows = Array.from({ length: limit }, (_, k) => rows[Math.floor(k * step)]).filter((r) => r !== undefined);
  }
  const targets = [...new Set(rows.map((r) => r.target))];
  const prepared = targets.map((t) => nameTokenForms(t));
  const index = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    for (const g of grams(p)) {
      const list = index.get(g);
      if (list) list.push(i);
      else index.set(g, [i]);
    }
  });
  const position = new Map(targets.map((t, i) => [t, i]));
  const counts = new Uint16Array(targets.length);
  let top1 = 0;
  let top5 = 0;
  const queries = rows.filter((_, k) => k % queryEvery === 0);
  for (const row of queries) {
    const query = nameTokenForms(row.latin);
    const touched: number[] = [];
    for (const g of grams(query)) {
      for (const i of index.get(g) ?? []) {
        if (counts[i] === 0) touched.push(i);
        counts[i] = (counts[i] as number) + 1;
      }
    }
    touched.sort((x, y) => (counts[y] as number) - (counts[x] as number));
    const shortlist = touched.slice(0, SHORTLIST);
    for (const i of touched) counts[i] = 0;
    const ranked = shortlist.map((i) => ({ i, s: tokenSimilarity(query, prepared[i] as PreparedToken) })).sort((x, y) => y.s - x.s);
    const gold = position.get(row.target);
    const rank = ranked.findIndex((r) => r.i === gold);
    if (rank === 0) top1 += 1;
    if (rank >= 0 && rank < 5) top5 += 1;
  }
  return { queries: queries.length, candidates: targets.length, top1: Number((top1 / queries.length).toFixed(4)), top5: Number((top5 / queries.length).toFixed(4)) };
}
