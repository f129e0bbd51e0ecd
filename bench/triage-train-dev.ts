/**
 * Tuning on DEV rows only: trains the linear model on 80% of the disaster-response dev rows and scores
 * it on the other 20% (split by id hash), for a few settings. Never reads held-out rows.
 *   node --import tsx bench/triage-train-dev.ts
 */
import { createHash } from 'node:crypto';
import { predict, train } from '../src/features/triage/linear-model.ts';
import { disasterLabels, f1Scores, loadDisasterResponse } from './lib/disaster-response.ts';

const rows = loadDisasterResponse('dev');
const inner = (id: string): boolean => createHash('sha256').update(`tune:${id}`).digest().readUInt32BE(0) % 100 < 20;
const fitRows = rows.filter((r) => !inner(r.id));
const tuneRows = rows.filter((r) => inner(r.id));
console.log(`dev: ${fitRows.length} to fit, ${tuneRows.length} to score`);
for (const settings of [{}, { recallFirst: ['search_and_rescue', 'medical_help', 'security', 'missing_people'] }]) {
  const start = performance.now();
  const model = train(fitRows.map((r) => ({ text: `${r.message} ${r.original}`, labels: r.labels })), disasterLabels, settings);
  const trainedMs = performance.now() - start;
  const predicted = tuneRows.map((r) => {
    const labels = new Set(predict(model, `${r.message} ${r.original}`).map((p) => p.label));
    if (labels.size > 0) labels.add('related'); // every other label implies related (true in the data)
    return labels;
  });
  const scores = f1Scores(tuneRows.map((r) => r.labels), predicted, disasterLabels);
  const recall = ['search_and_rescue', 'medical_help', 'security', 'missing_people'].map((l) => `${l} ${(scores.perLabel[l]?.recall ?? 0).toFixed(2)}`).join(', ');
  console.log(`${JSON.stringify(settings)} micro-F1 ${scores.microF1.toFixed(3)} macro-F1 ${scores.macroF1.toFixed(3)}; recall ${recall} (trained in ${(trainedMs / 1000).toFixed(1)} s)`);
}
