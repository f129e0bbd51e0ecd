/**
 * Group commit for intake: webhooks that arrive within a few milliseconds of each other are stored in
 * one transaction (store-batch.ts), and each gateway is answered only after that commit. A batch
 * closes at 200 messages or 4 ms after its first message; up to four batches commit at once (one on
 * PGlite, which has a single connection). A failed batch fails all its webhooks, which the gateways retry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newReference } from './pipeline.ts';
import { type BatchItem, storeBatch, type StoredMessage } from './store-batch.ts';

const MAX_BATCH = 200;
const MAX_WAIT_MS = 4;
const MAX_CONCURRENT = 4;

interface Pending {
  items: BatchItem[];
  resolve: (results: StoredMessage[]) => void;
  reject: (error: unknown) => void;
}

class Batcher {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: Buffer,
  ) {}

  submit(items: BatchItem[]): Promise<StoredMessage[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queued += items.length;
      if (this.queued >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || this.running >= MAX_CONCURRENT) return;
    const batch: Pending[] = [];
    let size = 0;
    while (this.queue.length > 0 && size < MAX_BATCH) {
      const next = this.queue.shift() as Pending;
      batch.push(next);
      size += next.items.length;
    }
    this.queued -= size;
    this.running += 1;
    const items = batch.flatMap((p) => p.items);
    void this.db
      .transaction()
      .execute((trx) => storeBatch(trx, items, this.key, newReference))
      .then(
        (results) => {
          let offset = 0;
          for (const p of batch) {
            p.resolve(results.slice(offset, offset + p.items.length));
            offset += p.items.length;
          }
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      )
      .finally(() => {
        this.running -= 1;
        if (this.queue.length > 0) this.flush();
      });
    if (this.queue.length > 0 && this.running < MAX_CONCURRENT) this.flush();
  }
}

const batchers = new WeakMap<Kysely<Database>, Batcher>();

export function batcherFor(db: Kysely<Database>, key: Buffer): Batcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new Batcher(db, key);
    batchers.set(db, batcher);
  }
  return batcher;
}
