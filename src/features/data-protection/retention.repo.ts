/** SQL for retention runs and nothing else. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** One retention run at a time (schedule and CLI): held until the transaction ends. */
export async function lockRetention(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(725010)`.execute(trx);
}

export async function insertRetentionRun(db: Db, values: { startedAt: Date; finishedAt: Date; isDryRun: boolean; results: unknown; triggeredBy: string }): Promise<string> {
  const row = await db
    .insertInto('retention_runs')
    .values({ started_at: values.startedAt, finished_at: values.finishedAt, is_dry_run: values.isDryRun, results: JSON.stringify(values.results), triggered_by: values.triggeredBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
