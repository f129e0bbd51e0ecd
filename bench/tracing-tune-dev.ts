/**
 * Tuning on DEV rows only (never held out): FEBRL4 4a↔4b and Splink historical_50k with the EM-estimated
 * model, the threshold sweep, and the cross-script ranking on the dev transliteration slices.
 *   node --import tsx bench/tracing-tune-dev.ts [febrl|splink|translit]...
 */
import { estimateModel } from '../src/features/tracing/matching/index.ts';
import { loadFebrl4, loadSplinkHistorical, splitOf } from './lib/tracing-data.ts';
import { bestThreshold, evaluate, oneToOne, scoreCandidates } from './lib/tracing-linkage.ts';
import { rankTranslit } from './lib/tracing-translit.ts';

const which = new Set(process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['febrl', 'splink', 'translit']);
console.log(`split check: febrl4:4 ${splitOf('febrl:febrl4:4')}, febrl4:1070 ${splitOf('febrl:febrl4:1070')}, Q2296770 ${splitOf('historical-50k:Q2296770')}`);

if (which.has('febrl')) {
  const { a, b } = loadFebrl4('dev');
  const t0 = performance.now();
  const model = estimateModel([...a, ...b], { maxPairs: 100_000, seed: 7 });
  console.log(`febrl4 dev ${a.length}+${b.length}: EM ${((performance.now() - t0) / 1000).toFixed(1)} s, ${model.source}, prior ${model.prior}`);
  for (const [field, f] of Object.entries(model.fields)) console.log(`  ${field}: ${['exact', 'close', 'disagree'].map((l) => `${l} ${Math.log2(f.m[l as 'exact'] / f.u[l as 'exact']).toFixed(1)}`).join(', ')}`);
  const scored = scoreCandidates(model, a, b);
  console.log(`  ${scored.pairs.length} candidates, blocking recall ${scored.blockingRecall}, ${scored.seconds.toFixed(1)} s`);
  console.log('  all pairs, best at P>=0.98:', bestThreshold(scored.pairs, scored.truePairs, 0.98));
  const one = oneToOne(scored.pairs);
  console.log('  one-to-one, best at P>=0.98:', bestThreshold(one, scored.truePairs, 0.98));
  const table = (pairs: typeof one, truePairs: number) => [-5, 0, 5, 10, 15, 20].map((t) => { const e = evaluate(pairs, truePairs, t); return `${t}: P ${e.precision} R ${e.recall}`; }).join(' | ');
  console.log(`  all pairs   ${table(scored.pairs, scored.truePairs)}`);
  console.log(`  one-to-one  ${table(one, scored.truePairs)}`);
  // Harder variant: without the social-security number (migrants rarely carry one identifier across records).
  const strip = (p: (typeof a)[number]) => ({ ...p, extra: { ...p.extra, socSecId: undefined } });
  const [na, nb] = [a.map(strip), b.map(strip)];
  const noIdModel = estimateModel([...na, ...nb], { maxPairs: 100_000, seed: 7 });
  const noId = scoreCandidates(noIdModel, na, nb);
  console.log(`  without soc_sec_id: ${noId.pairs.length} candidates, blocking recall ${noId.blockingRecall}`);
  console.log(`  without soc_sec_id, one-to-one  ${table(oneToOne(noId.pairs), noId.truePairs)}`);
  console.log('  without soc_sec_id, one-to-one best at P>=0.98:', bestThreshold(oneToOne(noId.pairs), noId.truePairs, 0.98));
  const missed = scored.pairs.filter((p) => p.truth).sort((x, y) => x.score - y.score).slice(0, 3);
  for (const p of missed) console.log(`  lowest true pair ${p.score.toFixed(1)}: ${JSON.stringify(a[p.i]?.names)} ${JSON.stringify(b[p.j]?.names)}`);
}

if (which.has('splink')) {
  const people = loadSplinkHistorical('dev');
  const t0 = performance.now();
  const model = estimateModel(people, { maxPairs: 100_000, seed: 7 });
  console.log(`splink historical dev ${people.length}: EM ${((performance.now() - t0) / 1000).toFixed(1)} s, ${model.source}, prior ${model.prior}`);
  for (const [field, f] of Object.entries(model.fields)) console.log(`  ${field}: ${['exact', 'close', 'disagree'].map((l) => `${l} ${Math.log2(f.m[l as 'exact'] / f.u[l as 'exact']).toFixed(1)}`).join(', ')}`);
  const scored = scoreCandidates(model, people);
  console.log(`  ${scored.pairs.length} candidates, ${scored.truePairs} true pairs, blocking recall ${scored.blockingRecall}, ${scored.seconds.toFixed(1)} s`);
  console.log('  best F1 (any precision):', bestThreshold(scored.pairs, scored.truePairs, 0));
  console.log('  best F1 at P>=0.9:', bestThreshold(scored.pairs, scored.truePairs, 0.9));
}

if (which.has('translit')) {
  // As many candidates as the held-out slices have (12,994 Arabic, 32,927 Russian tokens); every 4th token scored.
  for (const [language, size] of [['arabic', 13_000], ['russian', 33_000]] as const) {
    const t0 = performance.now();
    const r = rankTranslit(language, 'dev', size, 4);
    console.log(`translit ${language} dev (${r.queries} Latin tokens vs ${r.candidates} candidates): top1 ${r.top1}, top5 ${r.top5}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
