/**
 * A multi-label text classifier: one logistic regression per label over hashed character n-grams
 * (2 to 4 characters, inside word boundaries) and word unigrams, trained with stochastic gradient
 * descent and L2 regularisation; per-label thresholds tuned on a validation slice. Small, fast, works in
 * any script, and needs no download: the strong cheap baseline the Triage issue asks to measure first.
 */
import { seededRandom } from '../../shared/random.ts';

export const DEFAULT_DIMENSIONS = 1 << 18;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface SparseVector {
  index: Uint32Array;
  value: Float32Array;
}

/** Sparse features: hashed indices with counts, scaled to unit length. */
export function featurize(text: string, dimensions = DEFAULT_DIMENSIONS): SparseVector {
  const folded = text.normalize('NFKC').toLowerCase();
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  const counts = new Map<number, number>();
  const add = (key: string): void => {
    const h = fnv1a(key) % dimensions;
    counts.set(h, (counts.get(h) ?? 0) + 1);
  };
  for (let w = 0; w < words.length; w += 1) {
    const word = words[w] as string;
    add(`w:${word}`);
    if (w > 0) add(`b:${words[w - 1]} ${word}`);
    const padded = ` ${word} `;
    for (let n = 2; n <= 4; n += 1) for (let i = 0; i + n <= padded.length; i += 1) add(padded.slice(i, i + n));
  }
  const index = new Uint32Array(counts.size);
  const value = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [h, c] of counts) {
    const v = Math.log1p(c);
    index[k] = h;
    value[k] = v;
    norm += v * v;
    k += 1;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < value.length; i += 1) value[i] = (value[i] as number) * scale;
  return { index, value };
}

export interface TrainingExample {
  text: string;
  labels: ReadonlySet<string>;
}

export interface LinearModel {
  dimensions: number;
  labels: string[];
  weights: Float32Array[];
  biases: Float64Array;
  thresholds: Float64Array;
}

export function score(weights: Float32Array, bias: number, x: SparseVector): number {
  let z = bias;
  for (let i = 0; i < x.index.length; i += 1) z += (weights[x.index[i] as number] as number) * (x.value[i] as number);
  return 1 / (1 + Math.exp(-z));
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Share of the examples kept aside to choose each label's threshold. */
  validationShare?: number;
  seed?: number;
  /** Size of the hashed feature space (smaller models for storing in the database). */
  dimensions?: number;
  /** Labels where a miss costs lives: their threshold maximises F2 (recall weighs double) instead of F1. */
  recallFirst?: readonly string[];
}

/** Deterministic shuffle (mulberry32), so training is reproducible. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

export function train(examples: TrainingExample[], labels: string[], options: TrainOptions = {}): LinearModel {
  const dimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
  return trainVectors(examples.map((e) => ({ x: featurize(e.text, dimensions), labels: e.labels })), labels, dimensions, options);
}

export interface VectorExample {
  x: SparseVector;
  labels: ReadonlySet<string>;
}

/** The training itself, on examples already turned into vectors of `width` features. */
export function trainVectors(examples: VectorExample[], labels: string[], width: number, options: TrainOptions = {}): LinearModel {
  const epochs = options.epochs ?? 15;
  const rate = options.learningRate ?? 1;
  const l2 = options.l2 ?? 1e-6;
  const dimensions = width;
  const data = shuffled(examples, options.seed ?? 42);
  const cut = Math.floor(data.length * (1 - (options.validationShare ?? 0.15)));
  const fit = data.slice(0, cut);
  const validation = data.slice(cut);
  const weights = labels.map(() => new Float32Array(dimensions));
  const biases = new Float64Array(labels.length);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const lr = rate / (1 + epoch);
    for (const example of fit) {
      for (let l = 0; l < labels.length; l += 1) {
        const w = weights[l] as Float32Array;
        const y = example.labels.has(labels[l] as string) ? 1 : 0;
        const gradient = score(w, biases[l] as number, example.x) - y;
        if (gradient === 0) continue;
        for (let i = 0; i < example.x.index.length; i += 1) {
          const h = example.x.index[i] as number;
          w[h] = (w[h] as number) * (1 - lr * l2) - lr * gradient * (example.x.value[i] as number);
        }
        biases[l] = (biases[l] as number) - lr * gradient;
      }
    }
  }
  // Each label's threshold: the one that maximises F1 on the validation slice.
  const thresholds = new Float64Array(labels.length).fill(0.5);
  for (let l = 0; l < labels.length; l += 1) {
    const scored = validation.map((e) => ({ p: score(weights[l] as Float32Array, biases[l] as number, e.x), y: e.labels.has(labels[l] as string) }));
    if (scored.filter((s) => s.y).length < 5) continue; // too few positives to tune on: keep 0.5
    thresholds[l] = bestThreshold(scored, options.recallFirst?.includes(labels[l] as string) ? 4 : 1);
  }
  return { dimensions, labels, weights, biases, thresholds };
}

/** The threshold on a 0.01 grid (0.02 to 0.94) that maximises F-beta on scored examples; beta2 = beta squared (1 for F1, 4 for F2). */
export function bestThreshold(scored: ReadonlyArray<{ p: number; y: boolean }>, beta2 = 1): number {
  let best = { f: -1, t: 0.5 };
  for (let step = 2; step < 95; step += 1) {
    const t = step / 100;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const s of scored) {
      if (s.p >= t && s.y) tp += 1;
      else if (s.p >= t) fp += 1;
      else if (s.y) fn += 1;
    }
    const f = tp === 0 ? 0 : ((1 + beta2) * tp) / ((1 + beta2) * tp + beta2 * fn + fp);
    if (f > best.f) best = { f, t };
  }
  return best.t;
}

export function predict(model: LinearModel, text: string): Array<{ label: string; probability: number }> {
  const x = featurize(text, model.dimensions);
  const out: Array<{ label: string; probability: number }> = [];
  model.labels.forEach((label, l) => {
    const p = score(model.weights[l] as Float32Array, model.biases[l] as number, x);
    if (p >= (model.thresholds[l] as number)) out.push({ label, probability: p });
  });
  return out.sort((a, b) => b.probability - a.probability);
}

/** A model as bytes, for the database: a JSON header, then the weights as float32. */
export function serializeModel(model: LinearModel): Buffer {
  const header = Buffer.from(JSON.stringify({ dimensions: model.dimensions, labels: model.labels, biases: [...model.biases], thresholds: [...model.thresholds] }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, ...model.weights.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength))]);
}

export function deserializeModel(bytes: Buffer): LinearModel {
  const headerLength = bytes.readUInt32BE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { dimensions: number; labels: string[]; biases: number[]; thresholds: number[] };
  let offset = 4 + headerLength;
  const weights = header.labels.map(() => {
    const copy = new Float32Array(header.dimensions);
    copy.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + header.dimensions * 4)));
    offset += header.dimensions * 4;
    return copy;
  });
  return { dimensions: header.dimensions, labels: header.labels, weights, biases: Float64Array.from(header.biases), thresholds: Float64Array.from(header.thresholds) };
}
