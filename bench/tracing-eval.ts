/**
 * Tracing quality on the HELD-OUT part of ../shared/eval-data (aggregates only, never rows):
 *  - FEBRL4 4a↔4b linkage, held-out entities: precision, recall, F1, blocking recall;
 *  - Splink historical_50k dedup, held-out clusters: pairwise precision, recall, F1, blocking recall;
 *  - name-transliteration held-out slices: Latin → Arabic and Latin → Cyrillic top-1 and top-5.
 * The models are estimated by EM on the DEV records (no labels used), the thresholds were chosen on dev by
 * bench/tracing-tune-dev.ts; nothing is tuned here.
 *   node --import tsx bench/tracing-eval.ts
 */
import fs from 'node:fs';
import { estimateModel } from '../src/features/tracing/matching/index.ts';
import { writeResult } from './lib/report.ts';
import { loadFebrl4, loadSplinkHistorical } from './lib/tracing-data.ts';
import { evaluate, oneToOne, scoreCandidates } from './lib/tracing-linkage.ts';
import { rankTranslit } from './lib/tracing-translit.ts';

/** log2 score thresholds chosen on dev (docs/decisions/0009-name-matching-engine.md). */
const FEBRL_THRESHOLD = 5;
const SPLINK_THRESHOLD = 3;

const started = performance.now();
const seconds = (since: number): number => Number(((performance.now() - since) / 1000).toFixed(1));

// FEBRL4: model from dev records, link held-out 4a to held-out 4b, one-to-one (each person is once in each file).
let t = performance.now();
const febrlDev = loadFebrl4('dev');
const febrlModel = estimateModel([...febrlDev.a, ...febrlDev.b], { maxPairs: 100_000, seed: 7 });
const febrl = loadFebrl4('heldout');
const febrlScored = scoreCandidates(febrlModel, febrl.a, febrl.b);
const febrlAll = evaluate(febrlScored.pairs, febrlScored.truePairs, FEBRL_THRESHOLD);
const febrlOne = evaluate(oneToOne(febrlScored.pairs), febrlScored.truePairs, FEBRL_THRESHOLD);
const febrl4 = { precision: febrlOne.precision, recall: febrlOne.recall, f1: febrlOne.f1, blockingRecall: febrlScored.blockingRecall, candidates: febrlScored.pairs.length, truePairs: febrlScored.truePairs, threshold: FEBRL_THRESHOLD, withoutOneToOne: { precision: febrlAll.precision, recall: febrlAll.recall, f1: febrlAll.f1 }, seconds: seconds(t) };
// The same without the social-security number: tracing records rarely share an identifier.
const strip = (p: (typeof febrl.a)[number]) => ({ ...p, extra: { ...p.extra, socSecId: undefined } });
const noIdDev = [...febrlDev.a, ...febrlDev.b].map(strip);
const noIdScored = scoreCandidates(estimateModel(noIdDev, { maxPairs: 100_000, seed: 7 }), febrl.a.map(strip), febrl.b.map(strip));
const noId = evaluate(oneToOne(noIdScored.pairs), noIdScored.truePairs, FEBRL_THRESHOLD);
Object.assign(febrl4, { withoutSocSecId: { precision: noId.precision, recall: noId.recall, f1: noId.f1, blockingRecall: noIdScored.blockingRecall } });
console.log(`febrl4 held-out (${febrl.a.length} + ${febrl.b.length} records) without soc_sec_id: P ${noId.precision} R ${noId.recall} F1 ${noId.f1}, blocking recall ${noIdScored.blockingRecall}`);
console.log(`febrl4 held-out (${febrl.a.length} + ${febrl.b.length} records): P ${febrl4.precision} R ${febrl4.recall} F1 ${febrl4.f1}, blocking recall ${febrl4.blockingRecall} (${febrl4.candidates} candidates), ${febrl4.seconds} s`);

// Splink historical_50k: model from dev records, dedup the held-out records, pairwise.
t = performance.now();
const splinkModel = estimateModel(loadSplinkHistorical('dev'), { maxPairs: 100_000, seed: 7 });
const splinkModelSeconds = seconds(t);
t = performance.now();
const historical = loadSplinkHistorical('heldout');
const splinkScored = scoreCandidates(splinkModel, historical);
const splinkEval = evaluate(splinkScored.pairs, splinkScored.truePairs, SPLINK_THRESHOLD);
const splinkHistorical = { precision: splinkEval.precision, recall: splinkEval.recall, f1: splinkEval.f1, blockingRecall: splinkScored.blockingRecall, candidates: splinkScored.pairs.length, truePairs: splinkScored.truePairs, threshold: SPLINK_THRESHOLD, modelSeconds: splinkModelSeconds, seconds: seconds(t) };
console.log(`splink historical_50k held-out (${historical.length} records): P ${splinkHistorical.precision} R ${splinkHistorical.recall} F1 ${splinkHistorical.f1}, blocking recall ${splinkHistorical.blockingRecall} (${splinkHistorical.candidates} candidates), ${splinkHistorical.seconds} s`);

// Cross-script: every held-out Latin token against every held-out target name.
t = performance.now();
const ar = rankTranslit('arabic', 'heldout');
const ru = rankTranslit('russian', 'heldout');
const translitSeconds = seconds(t);
console.log(`translit held-out: Arabic top-1 ${ar.top1} top-5 ${ar.top5} (${ar.queries} tokens, ${ar.candidates} names); Cyrillic top-1 ${ru.top1} top-5 ${ru.top5} (${ru.queries} tokens, ${ru.candidates} names), ${translitSeconds} s`);

const pkg = (name: string): string => (JSON.parse(fs.readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
const out = writeResult('tracing-eval', {
  dataShape: `held-out only: febrl4 ${febrl.a.length} 4a + ${febrl.b.length} 4b records (${febrlScored.truePairs} true pairs); historical_50k ${historical.length} records (${splinkScored.truePairs} true pairs); name-transliteration wd_arabic_20 ${ar.queries} tokens, wd_russian_20 ${ru.queries} tokens. Models by EM on dev records (${febrlDev.a.length + febrlDev.b.length} febrl4, historical dev), thresholds chosen on dev`,
  febrl4,
  splinkHistorical,
  translitArabic: { top1: ar.top1, top5: ar.top5, queries: ar.queries, candidates: ar.candidates },
  translitCyrillic: { top1: ru.top1, top5: ru.top5, queries: ru.queries, candidates: ru.candidates },
  translitSeconds,
  models: { febrl4: febrlModel.source, splinkHistorical: splinkModel.source },
  versions: { talisman: pkg('talisman'), 'any-ascii': pkg('any-ascii'), transliteration: pkg('transliteration') },
  totalSeconds: seconds(started),
});
console.log(`tracing-eval: febrl4 F1 ${febrl4.f1} (P ${febrl4.precision}), historical F1 ${splinkHistorical.f1}, Arabic top-1/5 ${ar.top1}/${ar.top5}, Cyrillic ${ru.top1}/${ru.top5}, ${seconds(started)} s -> ${out}`);
