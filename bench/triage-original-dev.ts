/**
 * Tuning on DEV rows only: does the model read the original language (mostly Haitian Creole) on its own? Trains on
 * 80% of the disaster-response dev rows, either on the English message and the original together (as
 * bench/triage-eval.ts does) or also on each of them alone, and scores the other 20% on both texts together and on
 * the original alone (rows sent directly whose original differs from the message). Never reads held-out rows.
 *   node --import tsx bench/triage-original-dev.ts
 */
import { createHash } from 'node:crypto';
import { bestThreshold, featurize, predict, score, train, type TrainingExample } from '../src/features/triage/linear-model.ts';
import { disasterLabels, f1Scores, loadDisasterResponse, type DisasterRow } from './lib/disaster-response.ts';

const bucket = (key: string): number => createHash('sha256').update(key).digest().readUInt32BE(0) % 100;
const rows = loadDisasterResponse('dev');
const fitRows = rows.filter((r) => bucket(`tune:${r.id}`) >= 20);
const tuneRows = rows.filter((r) => bucket(`tune:${r.id}`) < 20);
const hasOriginal = (r: DisasterRow): boolean => r.genre === 'direct' && r.original.trim() !== '' && r.original.trim() !== r.message.trim();
const directRows = tuneRows.filter(hasOriginal);
const lifeSafety = ['search_and_rescue', 'medical_help', 'security', 'missing_people'];

const variants: Record<string, (r: DisasterRow) => TrainingExample[]> = {
  together: (r) => [{ text: `${r.message} ${r.original}`, labels: r.labels }],
  'together + each alone': (r) => [
    { text: `${r.message} ${r.original}`, labels: r.labels },
    ...(hasOriginal(r) ? [{ text: r.message, labels: r.labels }, { text: r.original, labels: r.labels }] : []),
  ],
  'together + original alone': (r) => [{ text: `${r.message} ${r.original}`, labels: r.labels }, ...(hasOriginal(r) ? [{ text: r.original, labels: r.labels }] : [])],
};

for (const [name, examplesOf] of Object.entries(variants)) {
  const start = performance.now();
  // Thresholds from whole rows kept out of training (every view of a row on one side), read on the text the
  // threshold is for: both texts together.
  const held = (r: DisasterRow): boolean => bucket(`val:${r.id}`) < 15;
  const model = process.env['GROUPED']
    ? train(fitRows.filter((r) => !held(r)).flatMap(examplesOf), disasterLabels, { validationShare: 0 })
    : train(fitRows.flatMap(examplesOf), disasterLabels, { recallFirst: lifeSafety });
  if (process.env['GROUPED']) {
    const validation = fitRows.filter(held).map((r) => ({ x: featurize(`${r.message} ${r.original}`, model.dimensions), labels: r.labels }));
    disasterLabels.forEach((label, l) => {
      const scored = validation.map((e) => ({ p: score(model.weights[l] as Float32Array, model.biases[l] as number, e.x), y: e.labels.has(label) }));
      if (scored.filter((e) => e.y).length >= 5) model.thresholds[l] = bestThreshold(scored, lifeSafety.includes(label) ? 4 : 1);
    });
  }
  const seconds = (performance.now() - start) / 1000;
  const scoreOn = (subset: DisasterRow[], text: (r: DisasterRow) => string) => {
    const predicted = subset.map((r) => {
      const labels = new Set(predict(model, text(r)).map((p) => p.label));
      if (labels.size > 0) labels.add('related');
      return labels;
    });
    return f1Scores(subset.map((r) => r.labels), predicted, disasterLabels);
  };
  const both = scoreOn(tuneRows, (r) => `${r.message} ${r.original}`);
  const original = scoreOn(directRows, (r) => r.original);
  console.log(`${name.padEnd(26)} both texts: micro ${both.microF1.toFixed(3)} macro ${both.macroF1.toFixed(3)}; original alone (${directRows.length} rows): micro ${original.microF1.toFixed(3)} macro ${original.macroF1.toFixed(3)} (trained in ${seconds.toFixed(0)} s)`);
}
