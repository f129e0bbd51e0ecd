/**
 * Retention: applies the retention policies to every registered target, records the run (counts per
 * target and policy, no personal data) and audits it. A dry run counts what is due and changes nothing.
 *
 * Targets: each module with personal records contributes one `RetentionTarget` to the list in
 * src/features/retention-targets.ts (people here; SOS message texts from intake; cases and PFIF tracing
 * records later). A target counts and applies per policy code of the registry (retention_policies).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as people from './people.repo.ts';
import { listRetentionPolicies } from './registry.repo.ts';
import { insertRetentionRun, lockRetention } from './retention.repo.ts';

export interface RetentionTarget {
  /** Short name, e.g. "people". */
  name: string;
  /** Counts the records due at `now`, per policy code. */
  countDue(db: Kysely<Database> | Transaction<Database>, now: Date): Promise<Record<string, number>>;
  /** Applies the action to the records due; returns counts per policy code. */
  apply(trx: Transaction<Database>, now: Date): Promise<Record<string, number>>;
}

const today = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * People whose retention date has passed: the action of the policy each record names (a record's policy
 * comes from its purpose, so it may be a tracing or case policy): 'anonymise' removes every identity
 * field (names, phone, nationality, feared states, language) and keeps the pseudonymous row for
 * aggregates; 'purge' deletes the row (its consent records go with it).
 */
export const peopleTarget: RetentionTarget = {
  name: 'people',
  async countDue(db, now) {
    return Object.fromEntries((await people.countPeopleDue(db, today(now))).map((r) => [r.policy, r.n]));
  },
  async apply(trx, now) {
    const due = await people.countPeopleDue(trx, today(now));
    const policies = await listRetentionPolicies(trx, due.map((d) => d.policy));
    const result: Record<string, number> = {};
    for (const policy of policies) {
      result[policy.code] =
        policy.action === 'purge' ? await people.purgePeopleDue(trx, policy.code, today(now)) : await people.anonymisePeopleDue(trx, policy.code, today(now), now);
    }
    return result;
  },
};

export interface RetentionReport {
  dryRun: boolean;
  /** Per target, per policy code: records that were (or, in a dry run, would be) purged or anonymised. */
  results: Record<string, Record<string, number>>;
  /** What each policy in the results does: 'purge' or 'anonymise'. */
  actions: Record<string, string>;
  total: number;
  /** The retention_runs row (not for a dry run). */
  runId: string | null;
}

/** Runs every target in one transaction (one run at a time), then records and audits the run. */
export async function runRetention(db: Kysely<Database>, targets: readonly RetentionTarget[], options: { dryRun: boolean; now?: Date; triggeredBy?: string }): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const startedAt = new Date();
  return db.transaction().execute(async (trx) => {
    await lockRetention(trx);
    const results: Record<string, Record<string, number>> = {};
    for (const target of targets) results[target.name] = options.dryRun ? await target.countDue(trx, now) : await target.apply(trx, now);
    const codes = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))];
    const actions = Object.fromEntries((await listRetentionPolicies(trx, codes)).map((p) => [p.code, p.action]));
    const total = Object.values(results).flatMap((r) => Object.values(r)).reduce((a, b) => a + b, 0);
    let runId: string | null = null;
    if (!options.dryRun) {
      const triggeredBy = options.triggeredBy ?? 'system';
      runId = await insertRetentionRun(trx, { startedAt, finishedAt: new Date(), isDryRun: false, results, triggeredBy });
      await recordAudit(trx, { action: 'retention_run', actor: 'system', subjectType: 'retention_run', subjectId: runId, metadata: { results, total, triggeredBy, asOf: now.toISOString() } });
    }
    return { dryRun: options.dryRun, results, actions, total, runId };
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
