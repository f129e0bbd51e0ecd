/**
 * A small durable job queue in PostgreSQL. `enqueue` writes the job with the caller's transaction
 * handle, so a job exists exactly when the record that caused it does. Workers poll and claim jobs with
 * FOR UPDATE SKIP LOCKED (works on PostgreSQL and on PGlite, which has no second connection to LISTEN
 * on); a claimed job is leased and returns to the queue if its worker dies. Failures retry with
 * exponential backoff; after max_attempts a job keeps failed_at for an operator.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewJob {
  queue: string;
  payload?: Record<string, unknown>;
  crisisId?: string | null;
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

export async function enqueue(db: Db, job: NewJob): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      queue: job.queue,
      payload: JSON.stringify(job.payload ?? {}),
      crisis_id: job.crisisId ?? null,
      dedupe_key: job.dedupeKey ?? null,
      ...(job.runAt ? { run_at: job.runAt } : {}),
      ...(job.maxAttempts ? { max_attempts: job.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface ClaimedJob {
  id: string;
  queue: string;
  payload: Record<string, unknown>;
  crisisId: string | null;
  attempts: number;
  maxAttempts: number;
}

/** Thrown by a handler to retry later without counting as a failure of the code (e.g. provider rate limit). */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
  constructor(readonly afterMs: number, message = 'retry later') {
    super(message);
  }
}

export type JobHandler = (job: ClaimedJob) => Promise<void>;

export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export async function claimJobs(db: Kysely<Database>, queues: readonly string[], limit: number, workerId: string, leaseMs = 300_000): Promise<ClaimedJob[]> {
  const result = await sql<{ id: string; queue: string; payload: Record<string, unknown>; crisis_id: string | null; attempts: number; max_attempts: number }>`
    update jobs set locked_until = now() + ${`${leaseMs} milliseconds`}::interval, locked_by = ${workerId}, attempts = attempts + 1
    where id in (
      select id from jobs
      where queue = any(${sql.val([...queues])}::text[]) and run_at <= now() and failed_at is null
        and (locked_until is null or locked_until < now())
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, queue, payload, crisis_id, attempts, max_attempts`.execute(db);
  return result.rows.map((r) => ({ id: String(r.id), queue: r.queue, payload: r.payload, crisisId: r.crisis_id, attempts: r.attempts, maxAttempts: r.max_attempts }));
}

export async function completeJob(db: Db, id: string): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', id).execute();
}

export async function completeJobs(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('jobs').where('id', 'in', [...ids]).execute();
}

export async function failJob(db: Db, job: ClaimedJob, error: unknown): Promise<void> {
  const message = error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown error';
  if (error instanceof RetryLater) {
    await db.updateTable('jobs').set({ locked_until: null, locked_by: null, run_at: new Date(Date.now() + error.afterMs), attempts: sql`attempts - 1`, last_error: message }).where('id', '=', job.id).execute();
    return;
  }
  const exhausted = job.attempts >= job.maxAttempts;
  await db
    .updateTable('jobs')
    .set({ locked_until: null, locked_by: null, last_error: message, ...(exhausted ? { failed_at: new Date() } : { run_at: new Date(Date.now() + backoffMs(job.attempts)) }) })
    .where('id', '=', job.id)
    .execute();
}

/**
 * Handles many jobs of one queue at once (a few statements for the whole batch instead of a few per job). If the
 * batch fails, each job is retried on its own through the queue's single handler, so one bad job cannot hold back
 * the others.
 */
export interface BatchHandler {
  size: number;
  handle(jobs: ClaimedJob[]): Promise<void>;
}

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  /** Queues whose jobs are better handled many at a time; each must also have a single handler. */
  batchHandlers?: Record<string, BatchHandler>;
  /** Jobs handled at the same time. */
  concurrency?: number;
  /** Wait between polls when the queue is empty. */
  idleMs?: number;
  onError?: (error: unknown, job?: ClaimedJob) => void;
}

export interface Worker {
  /** Handles whatever is due now, until the queue is empty (for tests and the CLI). */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export function startWorker(db: Kysely<Database>, options: WorkerOptions & { poll?: boolean }): Worker {
  const workerId = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  const queues = Object.keys(options.handlers);
  const concurrency = options.concurrency ?? 4;
  let running = options.poll !== false;
  let loop: Promise<void> = Promise.resolve();

  async function handle(job: ClaimedJob): Promise<void> {
    const handler = options.handlers[job.queue];
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      await handler(job);
      await completeJob(db, job.id);
    } catch (error) {
      if (!(error instanceof RetryLater)) options.onError?.(error, job);
      await failJob(db, job, error).catch((e: unknown) => options.onError?.(e, job));
    }
  }

  const batchQueues = Object.keys(options.batchHandlers ?? {});
  const singleQueues = queues.filter((q) => !batchQueues.includes(q));

  async function handleBatch(queue: string, batch: BatchHandler): Promise<number> {
    const jobs = await claimJobs(db, [queue], batch.size, workerId);
    if (jobs.length === 0) return 0;
    try {
      await batch.handle(jobs);
      await completeJobs(db, jobs.map((j) => j.id));
    } catch (error) {
      options.onError?.(error);
      for (const job of jobs) await handle(job);
    }
    return jobs.length;
  }

  async function once(): Promise<number> {
    const jobs = singleQueues.length > 0 ? await claimJobs(db, singleQueues, concurrency, workerId) : [];
    const batches = batchQueues.map((q) => handleBatch(q, options.batchHandlers?.[q] as BatchHandler));
    const [counts] = await Promise.all([Promise.all(batches), Promise.all(jobs.map(handle))]);
    return jobs.length + counts.reduce((a, b) => a + b, 0);
  }

  if (running) {
    loop = (async () => {
      while (running) {
        let n = 0;
        try {
          n = await once();
        } catch (error) {
          options.onError?.(error);
        }
        if (n === 0 && running) await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 250));
      }
    })();
  }

  return {
    async drain() {
      let total = 0;
      for (;;) {
        const n = await once();
        total += n;
        if (n === 0) return total;
      }
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
