/**
 * Tuning on DEV rows only: trains once per feature variant on 80% of the disaster-response dev rows (minus a 15%
 * validation slice for thresholds) and caches the probabilities, then scores post-processing strategies (thresholds,
 * gating, neighbours) on the other 20%. Never reads held-out rows.
 *   node --import tsx bench/triage-explore-dev.ts <variant> [--fresh]
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { matchNeeds } from '../src/features/triage/lexicon.ts';
import { seededRandom } from '../src/shared/random.ts';
import { bestThreshold, featurize, score, type SparseVector, trainVectors } from '../src/features/triage/linear-model.ts';
import { disasterLabels, f1Scores, loadDisasterResponse, needToLabels, type DisasterRow } from './lib/disaster-response.ts';

const variant = process.argv[2] ?? 'base';
const bucket = (key: string): number => createHash('sha256').update(key).digest().readUInt32BE(0) % 100;
const rows = loadDisasterResponse('dev');
const tuneRows = rows.filter((r) => bucket(`tune:${r.id}`) < 20);
const fitAll = rows.filter((r) => bucket(`tune:${r.id}`) >= 20);
const valRows = fitAll.filter((r) => bucket(`val:${r.id}`) < 15);
const trainRows = fitAll.filter((r) => bucket(`val:${r.id}`) >= 15);
const lifeSafety = ['search_and_rescue', 'medical_help', 'security', 'missing_people'];
const D = 1 << 18;

function withExtra(x: SparseVector, extra: Array<[string, number]>): SparseVector {
  const index = [...x.index];
  const value = [...x.value];
  for (const [key, v] of extra) {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    index.push((h >>> 0) % D);
    value.push(v);
  }
  return { index: Uint32Array.from(index), value: Float32Array.from(value) };
}

function features(r: DisasterRow): SparseVector {
  const base = featurize(`${r.message} ${r.original}`, D);
  if (variant === 'genre') return withExtra(base, [[`genre:${r.genre}`, 0.5], [`orig:${r.original ? 1 : 0}`, 0.5]]);
  if (variant === 'genre1') return withExtra(base, [[`genre:${r.genre}`, 1], [`orig:${r.original ? 1 : 0}`, 1]]);
  return base;
}

const cacheFile = `/tmp/triage-explore-${variant}.json`;
type Probs = number[][]; // [label][row]
let cached: { val: Probs; tune: Probs } | undefined;
if (fs.existsSync(cacheFile) && !process.argv.includes('--fresh')) cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
// `avg:base+nb` averages the probabilities of variants already run.
if (variant.startsWith('avg:')) {
  const parts = variant.slice(4).split('+').map((v) => JSON.parse(fs.readFileSync(`/tmp/triage-explore-${v}.json`, 'utf8')) as { val: Probs; tune: Probs });
  const mean = (key: 'val' | 'tune'): Probs => (parts[0] as { val: Probs; tune: Probs })[key].map((row, l) => row.map((_, i) => parts.reduce((a, c) => a + ((c[key][l] as number[])[i] as number), 0) / parts.length));
  cached = { val: mean('val'), tune: mean('tune') };
}
const valX = valRows.map(features);
const tuneX = tuneRows.map(features);
const trainX = trainRows.map(features);
if (!cached && variant.startsWith('nb')) {
  const start = performance.now();
  const alpha = 1;
  const scored = (w: Float32Array, r: Float32Array, b: number, x: SparseVector): number => {
    let z = b;
    for (let i = 0; i < x.index.length; i += 1) {
      const h = x.index[i] as number;
      z += (w[h] as number) * (r[h] as number) * (x.value[i] as number);
    }
    return 1 / (1 + Math.exp(-z));
  };
  const power = variant === 'nb05' ? 0.5 : 1;
  const val: Probs = [];
  const tune: Probs = [];
  for (const label of disasterLabels) {
    const pos = new Float64Array(D).fill(alpha);
    const neg = new Float64Array(D).fill(alpha);
    trainRows.forEach((row, k) => {
      const x = trainX[k] as SparseVector;
      const target = row.labels.has(label) ? pos : neg;
      for (let i = 0; i < x.index.length; i += 1) {
        const h = x.index[i] as number;
        target[h] = (target[h] as number) + 1;
      }
    });
    let sp = 0;
    let sn = 0;
    for (let j = 0; j < D; j += 1) {
      sp += pos[j] as number;
      sn += neg[j] as number;
    }
    const r = new Float32Array(D);
    for (let j = 0; j < D; j += 1) {
      const v = Math.log((pos[j] as number) / sp) - Math.log((neg[j] as number) / sn);
      r[j] = Math.sign(v) * Math.abs(v) ** power;
    }
    const w = new Float32Array(D);
    let b = 0;
    const order = trainRows.map((_, k) => k);
    const random = seededRandom(42);
    for (let k = order.length - 1; k > 0; k -= 1) {
      const j = Math.floor(random() * (k + 1));
      [order[k], order[j]] = [order[j] as number, order[k] as number];
    }
    for (let epoch = 0; epoch < 15; epoch += 1) {
      const lr = (Number(process.env['NB_RATE'] ?? 0.3)) / (1 + epoch);
      for (const k of order) {
        const x = trainX[k] as SparseVector;
        const g = scored(w, r, b, x) - (trainRows[k]?.labels.has(label) ? 1 : 0);
        if (g === 0) continue;
        for (let i = 0; i < x.index.length; i += 1) {
          const h = x.index[i] as number;
          w[h] = (w[h] as number) * (1 - lr * 1e-6) - lr * g * (r[h] as number) * (x.value[i] as number);
        }
        b -= lr * g;
      }
    }
    val.push(valX.map((x) => scored(w, r, b, x)));
    tune.push(tuneX.map((x) => scored(w, r, b, x)));
  }
  console.log(`trained ${variant} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  cached = { val, tune };
  fs.writeFileSync(cacheFile, JSON.stringify(cached));
}
if (!cached) {
  const start = performance.now();
  const model = trainVectors(trainRows.map((r, i) => ({ x: trainX[i] as SparseVector, labels: r.labels })), disasterLabels, D, { validationShare: 0 });
  console.log(`trained ${variant} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  const probs = (xs: SparseVector[]): Probs => disasterLabels.map((_, l) => xs.map((x) => score(model.weights[l] as Float32Array, model.biases[l] as number, x)));
  cached = { val: probs(valX), tune: probs(tuneX) };
  fs.writeFileSync(cacheFile, JSON.stringify(cached));
}
const { val, tune } = cached;

const bestThresholdOf = (p: number[], y: boolean[], beta2: number): number => bestThreshold(p.map((v, i) => ({ p: v, y: y[i] as boolean })), beta2);

function report(name: string, predict: (probs: Probs, i: number) => Set<string>): void {
  const predicted = tuneRows.map((_, i) => {
    const labels = predict(tune, i);
    if (labels.size > 0) labels.add('related');
    return labels;
  });
  const s = f1Scores(tuneRows.map((r) => r.labels), predicted, disasterLabels);
  const recall = lifeSafety.map((l) => (s.perLabel[l]?.recall ?? 0).toFixed(2)).join('/');
  console.log(`${variant.padEnd(8)} ${name.padEnd(28)} micro ${s.microF1.toFixed(3)} macro ${s.macroF1.toFixed(3)} life-safety recall ${recall}`);
}

const valY = disasterLabels.map((label) => valRows.map((r) => r.labels.has(label)));
const thresholds = (beta2ForLife: number): number[] =>
  disasterLabels.map((label, l) => ((valY[l] as boolean[]).filter(Boolean).length < 5 ? 0.5 : bestThresholdOf(val[l] as number[], valY[l] as boolean[], lifeSafety.includes(label) ? beta2ForLife : 1)));
const byThresholds = (t: number[]) => (probs: Probs, i: number) => new Set(disasterLabels.filter((_, l) => ((probs[l] as number[])[i] as number) >= (t[l] as number)));

const tF1 = thresholds(1);
const tF2 = thresholds(4);
report('per-label F1', byThresholds(tF1));
report('per-label F1, life F2', byThresholds(tF2));
for (const g of [0.25, 0.3, 0.35]) report(`global ${g}`, byThresholds(disasterLabels.map(() => g)));

// Micro-F1 coordinate ascent on the validation slice: each label's threshold moved to raise the micro figure.
function microAscent(start: number[]): number[] {
  const t = [...start];
  const counts = (l: number, th: number) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    (val[l] as number[]).forEach((v, i) => {
      const y = (valY[l] as boolean[])[i];
      if (v >= th && y) tp += 1;
      else if (v >= th) fp += 1;
      else if (y) fn += 1;
    });
    return { tp, fp, fn };
  };
  for (let round = 0; round < 3; round += 1) {
    const per = disasterLabels.map((_, l) => counts(l, t[l] as number));
    for (let l = 0; l < disasterLabels.length; l += 1) {
      const others = per.reduce((a, c, k) => (k === l ? a : { tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
      let best = { f: -1, t: t[l] as number };
      for (let step = 2; step < 95; step += 1) {
        const c = counts(l, step / 100);
        const tp = others.tp + c.tp;
        const f = (2 * tp) / (2 * tp + others.fp + c.fp + others.fn + c.fn);
        if (f > best.f) best = { f, t: step / 100 };
      }
      t[l] = best.t;
      per[l] = counts(l, best.t);
    }
  }
  return t;
}
report('micro ascent', byThresholds(microAscent(tF1)));
// Blend: halfway between the per-label F1 threshold and the micro one.
const tMicro = microAscent(tF1);
report('mean(per-label, micro)', byThresholds(tF1.map((v, l) => (v + (tMicro[l] as number)) / 2)));

// The product's first pass: the shipped lexicon's needs (mapped to the dataset's labels) added to the model's.
const withLexicon = (t: number[]) => (probs: Probs, i: number) => {
  const labels = byThresholds(t)(probs, i);
  const row = tuneRows[i] as DisasterRow;
  for (const m of matchNeeds(`${row.message} ${row.original}`)) for (const label of needToLabels[m.need] ?? []) labels.add(label);
  return labels;
};
report('lexicon + per-label F1', withLexicon(tF1));
report('lexicon + life F2', withLexicon(tF2));

// Gating: nothing but `related` unless related is likely.
const relatedIndex = disasterLabels.indexOf('related');
for (const gate of [0.2, 0.3, 0.4]) {
  report(`gate related<${gate}`, (probs, i) => (((probs[relatedIndex] as number[])[i] as number) < gate ? new Set() : byThresholds(tF1)(probs, i)));
}

// Neighbours: the k most similar training messages (cosine on the same features), their labels weighted by
// similarity, blended with the model's probability; thresholds chosen again on the validation slice.
if (process.env['KNN']) {
  const start = performance.now();
  const postings = new Map<number, { docs: number[]; values: number[] }>();
  trainX.forEach((x, d) => {
    for (let i = 0; i < x.index.length; i += 1) {
      const h = x.index[i] as number;
      let p = postings.get(h);
      if (!p) postings.set(h, (p = { docs: [], values: [] }));
      p.docs.push(d);
      p.values.push(x.value[i] as number);
    }
  });
  const packed = new Map([...postings].map(([h, p]) => [h, { docs: Int32Array.from(p.docs), values: Float32Array.from(p.values) }]));
  const k = Number(process.env['KNN']);
  const sims = new Float32Array(trainX.length);
  const neighbourProbs = (xs: SparseVector[]): Probs => {
    const out: Probs = disasterLabels.map(() => []);
    for (const x of xs) {
      sims.fill(0);
      for (let i = 0; i < x.index.length; i += 1) {
        const p = packed.get(x.index[i] as number);
        if (!p) continue;
        const v = x.value[i] as number;
        for (let j = 0; j < p.docs.length; j += 1) {
          const d = p.docs[j] as number;
          sims[d] = (sims[d] as number) + v * (p.values[j] as number);
        }
      }
      const top: Array<[number, number]> = [];
      for (let d = 0; d < sims.length; d += 1) {
        const s = sims[d] as number;
        if (top.length < k) {
          top.push([d, s]);
          top.sort((a, b) => a[1] - b[1]);
        } else if (s > (top[0] as [number, number])[1]) {
          top[0] = [d, s];
          top.sort((a, b) => a[1] - b[1]);
        }
      }
      const weight = top.reduce((a, [, s]) => a + s ** 4, 0) || 1;
      disasterLabels.forEach((label, l) => {
        (out[l] as number[]).push(top.reduce((a, [d, s]) => a + (trainRows[d]?.labels.has(label) ? s ** 4 : 0), 0) / weight);
      });
    }
    return out;
  };
  const nVal = neighbourProbs(valX);
  const nTune = neighbourProbs(tuneX);
  console.log(`neighbours in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  for (const w of [0.2, 0.35, 0.5]) {
    const mix = (a: Probs, b: Probs): Probs => a.map((row, l) => row.map((v, i) => (1 - w) * v + w * ((b[l] as number[])[i] as number)));
    const mv = mix(val, nVal);
    const mt = mix(tune, nTune);
    const t = disasterLabels.map((label, l) => ((valY[l] as boolean[]).filter(Boolean).length < 5 ? 0.5 : bestThresholdOf(mv[l] as number[], valY[l] as boolean[], 1)));
    const predicted = tuneRows.map((_, i) => {
      const labels = new Set(disasterLabels.filter((_, l) => ((mt[l] as number[])[i] as number) >= (t[l] as number)));
      if (labels.size > 0) labels.add('related');
      return labels;
    });
    const s = f1Scores(tuneRows.map((r) => r.labels), predicted, disasterLabels);
    console.log(`${variant.padEnd(8)} ${`knn ${k} blend ${w}`.padEnd(28)} micro ${s.microF1.toFixed(3)} macro ${s.macroF1.toFixed(3)}`);
  }
}
