/**
 * Batch linkage: every pair of records that shares a blocking key, compared once, in worker threads. The one
 * code path for linking a whole crisis at once (bench/tracing-scale.ts measures it on 1,000,000 records).
 *
 *   const linker = new BatchLinker();
 *   for (const person of people) linker.add(person);      // prepared and keyed once per record
 *   await linker.link({ model, threshold, onPairs });       // pairs at or above the threshold, in chunks
 *
 * add() prepares a record once (name tokens are shared: each distinct token is romanised and given its phonetic
 * forms once, see similarity.ts) and keeps only compact arrays: the record's token numbers, its other fields as
 * numbers into a string table, and its blocking keys as numbers. link() splits the blocks larger than maxBlock of
 * keys of names alone (a common name pair) into overlapping two-year birth slices, drops slices still larger (counted) and single records, sorts
 * each record's remaining blocks, lays them out, and lets the workers take blocks, largest first, from a shared
 * counter. The arrays are SharedArrayBuffers: the workers read
 * them without a copy. A pair is compared only in the first key (in that order) the two records share, with the
 * same compareFields and model weights as comparePeople, without building the explanation.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { blockingKeys } from './blocking.ts';
import { prepare } from './compare.ts';
import type { PreparedToken } from './similarity.ts';
import type { MatchModel, PersonForMatching } from './types.ts';

/** A growable Int32 array, copied into shared memory at the end. */
class Ints {
  data = new Int32Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = value;
    this.length += 1;
  }

  shared(): Int32Array {
    const out = new Int32Array(new SharedArrayBuffer(Math.max(4, this.length * 4)));
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}

/** Numbers for strings (tokens, keys, field values), in order of first sight. */
class Interner<T> {
  readonly ids = new Map<string, number>();
  readonly values: T[] = [];

  id(key: string, value: () => T): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(value());
    }
    return id;
  }
}

/** The layout of one record in `fields`: a header, then the numbers it counts. */
export const HEADER = 9;
export const NONE = -1;
/** Two-year birth slices of an oversized block: bucket numbers are below this; the last one holds records without a year. */
const SLICES_PER_KEY = 1024;
const SLICE_NONE = SLICES_PER_KEY - 1;

export interface BatchOptions {
  model: MatchModel;
  /** Pairs with a match probability at or above this are reported. */
  threshold: number;
  /** Blocks with more records than this are split by birth year; slices still larger are not compared (counted). Default 200. */
  maxBlock?: number;
  /** Worker threads; default the machine's parallelism, at most 8. */
  workers?: number;
  /** Called with each chunk of pairs at or above the threshold (record numbers as add() returned them). */
  onPairs?: (chunk: PairChunk) => void;
}

export interface PairChunk {
  left: Int32Array;
  right: Int32Array;
  scores: Float64Array;
}

export interface BatchResult {
  records: number;
  /** Distinct blocking keys; blocks compared (2 to maxBlock records, whole keys or birth-year slices of larger ones). */
  keys: number;
  blocks: number;
  largestBlock: number;
  /** Keys of names alone with more than maxBlock records, split into birth-year slices. */
  splitBlocks: number;
  /** Slices still larger than maxBlock and larger blocks of the other keys: not compared; and the pairs in them. */
  skippedBlocks: number;
  skippedPairs: number;
  /** Distinct pairs compared, those of them ruled out by their other fields before comparing names, and those at or above the threshold. */
  comparisons: number;
  ruledOutBeforeNames: number;
  pairs: number;
  workers: number;
}

/** What a worker gets (all typed arrays shared). */
export interface WorkerInput {
  fieldOffsets: Int32Array;
  fields: Int32Array;
  tokens: PreparedToken[];
  strings: string[];
  keyOffsets: Int32Array;
  keys: Int32Array;
  blockOffsets: Int32Array;
  members: Int32Array;
  order: Int32Array;
  counter: Int32Array;
  model: MatchModel;
  threshold: number;
}

export class BatchLinker {
  private readonly tokens = new Interner<PreparedToken>();
  private readonly strings = new Interner<string>();
  /** Each key, and whether it may be split by birth year (keys of names alone: nn:, n:). */
  private readonly keyIds = new Interner<boolean>();
  private readonly fieldOffsets = new Ints();
  private readonly fields = new Ints();
  private readonly keyOffsets = new Ints();
  private readonly keys = new Ints();
  private count = 0;
  /** After link(): each record's compared blocks, sorted. */
  private kept?: { offsets: Int32Array; blocks: Int32Array };

  get size(): number {
    return this.count;
  }

  /** Prepares one record and keeps its compact form; returns its number (0, 1, 2, ...). */
  add(person: PersonForMatching): number {
    const p = prepare(person);
    const f = this.fields;
    this.fieldOffsets.push(f.length);
    const extra = [...p.extra];
    const str = (s: string | undefined): number => (s === undefined ? NONE : this.strings.id(s, () => s));
    for (const n of [p.name.length, p.given.length, p.family.length, p.places.length, extra.length]) f.push(n);
    f.push(p.birthYear ?? NONE);
    f.push(str(p.birthDate));
    f.push(str(p.sex));
    f.push(str(p.country));
    for (const list of [p.name, p.given, p.family]) for (const t of list) f.push(this.tokens.id(t.token, () => t));
    for (const place of p.places) f.push(str(place));
    for (const [k, v] of extra) {
      f.push(str(k));
      f.push(str(v));
    }
    this.keyOffsets.push(this.keys.length);
    for (const key of new Set(blockingKeys(person))) this.keys.push(this.keyIds.id(key, () => key.startsWith('nn:') || key.startsWith('n:')));
    this.count += 1;
    return this.count - 1;
  }

  /** After link(): were records i and j in a block that was compared (to measure blocking recall)? */
  blockedTogether(i: number, j: number): boolean {
    if (!this.kept) return false;
    const { offsets, blocks } = this.kept;
    let x = offsets[i] as number;
    let y = offsets[j] as number;
    while (x < (offsets[i + 1] as number) && y < (offsets[j + 1] as number)) {
      const a = blocks[x] as number;
      const b = blocks[y] as number;
      if (a === b) return true;
      if (a < b) x += 1;
      else y += 1;
    }
    return false;
  }

  async link(options: BatchOptions): Promise<BatchResult> {
    const maxBlock = options.maxBlock ?? 200;
    const workers = Math.max(1, options.workers ?? Math.min(8, os.availableParallelism()));
    const n = this.count;
    this.fieldOffsets.push(this.fields.length);
    this.keyOffsets.push(this.keys.length);
    const allKeys = this.keys.data;
    const allOffsets = this.keyOffsets.data;
    const keyCount = this.keyIds.values.length;
    const splittable = this.keyIds.values;
    this.keyIds.ids.clear();

    // Block sizes. A block of 2 to maxBlock records is compared as it is. A larger block of a key of names alone (a
    // common name pair) is split by birth year into overlapping two-year slices, so that years one apart always share
    // a slice; a slice is compared if it has 2 to maxBlock records (records without a birth year make one slice).
    // Larger slices, and larger blocks of the other keys (a name with an initial, a year or a place), are skipped.
    const size = new Int32Array(keyCount);
    for (let k = 0; k < this.keys.length; k += 1) size[allKeys[k] as number] = (size[allKeys[k] as number] as number) + 1;
    const slices = new Map<number, number>();
    const sliceSize: number[] = [];
    const yearOf = (i: number): number => this.fields.data[(this.fieldOffsets.data[i] as number) + 5] as number;
    const sliceIds = (key: number, year: number, out: number[]): void => {
      out.length = 0;
      const bucket = (y: number): number => Math.min(SLICE_NONE - 1, Math.max(0, Math.floor(y / 2)));
      const buckets = year === NONE ? [SLICE_NONE] : [bucket(year), bucket(year + 1)];
      for (const bucket of buckets) {
        const composite = key * SLICES_PER_KEY + bucket;
        if (out.length > 0 && slices.get(composite) === out[0]) continue;
        let id = slices.get(composite);
        if (id === undefined) {
          id = sliceSize.length;
          slices.set(composite, id);
          sliceSize.push(0);
        }
        out.push(id);
      }
    };
    const ids: number[] = [];
    for (let i = 0; i < n; i += 1) {
      for (let k = allOffsets[i] as number; k < (allOffsets[i + 1] as number); k += 1) {
        const key = allKeys[k] as number;
        if ((size[key] as number) <= maxBlock || !splittable[key]) continue;
        sliceIds(key, yearOf(i), ids);
        for (const id of ids) sliceSize[id] = (sliceSize[id] as number) + 1;
      }
    }
    // Compared blocks are numbered: whole keys first, then slices.
    const kept = new Int32Array(keyCount).fill(NONE);
    const keptSlice = new Int32Array(sliceSize.length).fill(NONE);
    let blocks = 0;
    let largestBlock = 0;
    let splitBlocks = 0;
    let skippedBlocks = 0;
    let skippedPairs = 0;
    for (let k = 0; k < keyCount; k += 1) {
      const s = size[k] as number;
      largestBlock = Math.max(largestBlock, s);
      if (s > maxBlock && splittable[k]) splitBlocks += 1;
      else if (s > maxBlock) {
        skippedBlocks += 1;
        skippedPairs += (s * (s - 1)) / 2;
      } else if (s >= 2) {
        kept[k] = blocks;
        blocks += 1;
      }
    }
    for (let id = 0; id < sliceSize.length; id += 1) {
      const s = sliceSize[id] as number;
      if (s > maxBlock) {
        skippedBlocks += 1;
        skippedPairs += (s * (s - 1)) / 2;
      } else if (s >= 2) {
        keptSlice[id] = blocks;
        blocks += 1;
      }
    }
    // Each record's compared blocks, sorted; and each block's members, in record order.
    const keyOffsets = new Ints();
    const keys = new Ints();
    const blockSize = new Int32Array(blocks);
    const mine: number[] = [];
    for (let i = 0; i < n; i += 1) {
      keyOffsets.push(keys.length);
      mine.length = 0;
      for (let k = allOffsets[i] as number; k < (allOffsets[i + 1] as number); k += 1) {
        const key = allKeys[k] as number;
        if ((size[key] as number) <= maxBlock || !splittable[key]) {
          if (kept[key] !== NONE) mine.push(kept[key] as number);
          continue;
        }
        sliceIds(key, yearOf(i), ids);
        for (const id of ids) if (keptSlice[id] !== NONE) mine.push(keptSlice[id] as number);
      }
      mine.sort((x, y) => x - y);
      for (const b of mine) {
        keys.push(b);
        blockSize[b] = (blockSize[b] as number) + 1;
      }
    }
    keyOffsets.push(keys.length);
    this.kept = { offsets: keyOffsets.data, blocks: keys.data };
    this.keys.data = new Int32Array(0);
    this.keys.length = 0;
    const blockOffsets = new Int32Array(new SharedArrayBuffer((blocks + 1) * 4));
    for (let b = 0; b < blocks; b += 1) blockOffsets[b + 1] = (blockOffsets[b] as number) + (blockSize[b] as number);
    const members = new Int32Array(new SharedArrayBuffer(Math.max(4, keys.length * 4)));
    const fill = blockOffsets.slice(0, blocks);
    for (let i = 0; i < n; i += 1) {
      for (let k = keyOffsets.data[i] as number; k < (keyOffsets.data[i + 1] as number); k += 1) {
        const b = keys.data[k] as number;
        members[fill[b] as number] = i;
        fill[b] = (fill[b] as number) + 1;
      }
    }
    // Largest blocks first, so that the last blocks taken are small and the workers finish together.
    const order = new Int32Array(new SharedArrayBuffer(Math.max(4, blocks * 4)));
    const byPairs = Array.from({ length: blocks }, (_, b) => b).sort((x, y) => (blockSize[y] as number) - (blockSize[x] as number));
    order.set(byPairs);
    const input: WorkerInput = {
      fieldOffsets: this.fieldOffsets.shared(), fields: this.fields.shared(), tokens: this.tokens.values, strings: this.strings.values,
      keyOffsets: keyOffsets.shared(), keys: keys.shared(), blockOffsets, members, order, counter: new Int32Array(new SharedArrayBuffer(4)),
      model: options.model, threshold: options.threshold,
    };
    const totals = await Promise.all(Array.from({ length: workers }, () => runWorker(input, options.onPairs)));
    return {
      records: n, keys: keyCount, blocks, largestBlock, splitBlocks, skippedBlocks, skippedPairs,
      comparisons: totals.reduce((a, t) => a + t.comparisons, 0), ruledOutBeforeNames: totals.reduce((a, t) => a + t.skipped, 0), pairs: totals.reduce((a, t) => a + t.pairs, 0), workers,
    };
  }
}

interface WorkerMessage {
  chunk?: PairChunk;
  done?: WorkerTotals;
}

interface WorkerTotals {
  comparisons: number;
  pairs: number;
  skipped: number;
}

function runWorker(input: WorkerInput, onPairs: BatchOptions['onPairs']): Promise<WorkerTotals> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: the small script registers it, then loads the TypeScript worker.
    const entry = new URL('./batch.worker.ts', import.meta.url).href;
    const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: input });
    worker.on('message', (message: WorkerMessage) => {
      if (message.chunk) onPairs?.(message.chunk);
      if (message.done) resolve(message.done);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`batch linkage worker stopped with code ${code}`));
    });
  });
}
