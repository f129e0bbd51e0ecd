/**
 * Retention: applies the policies to every registered target (people now; SOS texts, cases and tracing
 * records register theirs in later modules), records the run, and audits it. A dry run counts only.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';

export interface RetentionTarget {
  /** Short name, e.g. "people". */
  name: string;
  /** Counts the records due at `now`, per policy code. */
  countDue(db: Kysely<Database> | Transaction<Database>, now: Date): Promise<Record<string, number>>;
  /** Applies the action to the records due; returns counts per policy code. */
  apply(trx: Transaction<Database>, now: Date): Promise<Record<string, number>>;
}

const today = (now: Date): string => now.toISOString().slice(0, 10);

/** People: identity fields are removed (anonymise) or the row deleted (purge), per the record's policy. */
export const peopleTarget: RetentionTarget = {
  name: 'people',
  async countDue(db, now) {
    const rows = await db
      .selectFrom('people')
      .select((eb) => ['retention_policy', eb.fn.countAll<string>().as('n')])
      .where('retention_until', '<', today(now))
      .where('anonymised_at', 'is', null)
      .groupBy('retention_policy')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.retention_policy, Number(r.n)]));
  },
  async apply(trx, now) {
    const policies = await trx.selectFrom('retention_policies').select(['code', 'action']).where('record_kind', '=', 'person').execute();
    const result: Record<string, number> = {};
    for (const policy of policies) {
      const due = trx.selectFrom('people').select('id').where('retention_policy', '=', policy.code).where('retention_until', '<', today(now)).where('anonymised_at', 'is', null);
      if (policy.action === 'purge') {
        const deleted = await trx.deleteFrom('people').where('id', 'in', due).executeTakeFirst();
        result[policy.code] = Number(deleted.numDeletedRows);
      } else {
        const updated = await trx
          .updateTable('people')
          .set({ given_name: null, family_name: null, other_names: [], phone_e164: null, nationality: null, preferred_language: null, anonymised_at: now, updated_at: now })
          .where('id', 'in', due)
          .executeTakeFirst();
        result[policy.code] = Number(updated.numUpdatedRows);
      }
    }
    return result;
  },
};


export interface RetentionReport {
  dryRun: boolean;
  results: Record<string, Record<string, number>>;
  total: number;
}

/** `targets` is the list every module contributes to, in src/features/retention-targets.ts. */
export async function runRetention(db: Kysely<Database>, targets: readonly RetentionTarget[], options: { dryRun: boolean; now?: Date; triggeredBy?: string }): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const startedAt = new Date();
  return db.transaction().execute(async (trx) => {
    const results: Record<string, Record<string, number>> = {};
    for (const target of targets) results[target.name] = options.dryRun ? await target.countDue(trx, now) : await target.apply(trx, now);
    const total = Object.values(results).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0);
    if (!options.dryRun) {
      await trx
        .insertInto('retention_runs')
        .values({ started_at: startedAt, finished_at: new Date(), is_dry_run: false, results: JSON.stringify(results), triggered_by: options.triggeredBy ?? 'system' })
        .execute();
      await recordAudit(trx, { action: 'retention_run', actor: 'system', subjectType: 'retention_run', metadata: { results, total } });
    }
    return { dryRun: options.dryRun, results, total };
  });
}

/** Runs retention once a day inside the server process (the CLI can run it too). */
export function scheduleRetention(db: Kysely<Database>, targets: readonly RetentionTarget[], onError: (error: unknown) => void, everyMs = 86_400_000): () => void {
  const timer = setInterval(() => {
    runRetention(db, targets, { dryRun: false, triggeredBy: 'schedule' }).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
