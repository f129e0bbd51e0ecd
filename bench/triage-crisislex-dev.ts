/**
 * Tuning on DEV events only: informativeness on crisislex-t26 scored event-out (each dev event scored by a model
 * trained on the other dev events, in 4 folds of whole events), for a few text normalisations and ways of choosing
 * the threshold. Never reads held-out events.
 *   node --import tsx bench/triage-crisislex-dev.ts
 */
import { createHash } from 'node:crypto';
import { featurize, score, type SparseVector, trainVectors } from '../src/features/triage/linear-model.ts';
import { loadCrisisLex, macroF1 } from './lib/crisislex.ts';

const rows = loadCrisisLex('dev');
const events = [...new Set(rows.map((r) => r.event))];
const fold = (event: string): number => createHash('sha256').update(`fold:${event}`).digest().readUInt32BE(0) % 4;

const normalisers: Record<string, (text: string) => string> = {
  raw: (t) => t,
  tweet: (t) =>
    t
      .replace(/https?:\/\/\S+/g, ' httpurl ')
      .replace(/@\w+/g, ' @user ')
      .replace(/^RT\b/, ' rt ')
      .replace(/#(\w+)/g, ' #$1 $1 '),
  tweetdigits: (t) =>
    t
      .replace(/https?:\/\/\S+/g, ' httpurl ')
      .replace(/@\w+/g, ' @user ')
      .replace(/#(\w+)/g, ' #$1 $1 ')
      .replace(/\d/g, '0'),
};

const settings = (process.env['SETTINGS'] ?? '{}').split(';').map((j) => JSON.parse(j) as Record<string, number>);
for (const setting of settings) for (const [name, normalise] of Object.entries(normalisers).filter(([n]) => (process.env['NORM'] ?? 'raw,tweet,tweetdigits').split(',').includes(n))) {
  const xs = rows.map((r) => featurize(normalise(r.text)));
  const gold: string[] = [];
  const byRandom: string[] = [];
  const byEventOut: string[] = [];
  for (let f = 0; f < 4; f += 1) {
    const trainIdx = rows.flatMap((r, i) => (fold(r.event) !== f ? [i] : []));
    const testIdx = rows.flatMap((r, i) => (fold(r.event) === f ? [i] : []));
    const examples = trainIdx.map((i) => ({ x: xs[i] as SparseVector, labels: new Set(rows[i]?.informative ? ['informative'] : []) }));
    const model = trainVectors(examples, ['informative'], 1 << 18, setting);
    // A threshold from an event-out slice: one more model trained without one of the training folds' events.
    const inner = [...new Set(trainIdx.map((i) => rows[i]?.event as string))];
    const heldEvents = new Set(inner.filter((_, k) => k % 4 === 0));
    const innerModel = trainVectors(examples.filter((_, k) => !heldEvents.has(rows[trainIdx[k] as number]?.event as string)), ['informative'], 1 << 18, { ...setting, validationShare: 0 });
    const innerScored = trainIdx.filter((i) => heldEvents.has(rows[i]?.event as string)).map((i) => ({ p: score(innerModel.weights[0] as Float32Array, innerModel.biases[0] as number, xs[i] as SparseVector), y: rows[i]?.informative as boolean }));
    let best = { f: -1, t: 0.5 };
    for (let step = 2; step < 95; step += 1) {
      const t = step / 100;
      const m = macroF1(innerScored.map((s) => (s.y ? 'i' : 'o')), innerScored.map((s) => (s.p >= t ? 'i' : 'o')));
      if (m.macroF1 > best.f) best = { f: m.macroF1, t };
    }
    for (const i of testIdx) {
      const p = score(model.weights[0] as Float32Array, model.biases[0] as number, xs[i] as SparseVector);
      gold.push(rows[i]?.informative ? 'i' : 'o');
      byRandom.push(p >= (model.thresholds[0] as number) ? 'i' : 'o');
      byEventOut.push(p >= best.t ? 'i' : 'o');
    }
  }
  const a = macroF1(gold, byRandom);
  const b = macroF1(gold, byEventOut);
  console.log(`${JSON.stringify(setting)} ${name.padEnd(12)} threshold from a random slice: macro-F1 ${a.macroF1.toFixed(3)}; from held-out events: ${b.macroF1.toFixed(3)} (${events.length} events, ${rows.length} tweets)`);
}
