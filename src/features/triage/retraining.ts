/**
 * Keeping the needs model current: imported labelled texts are stored (so later trainings keep them), a scheduled
 * retraining runs when enough new triage decisions or imported texts have come in since the newest model, and the
 * stored texts have their own retention target (purged a year after import).
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { RetentionTarget } from '../data-protection/retention.service.ts';
import type { TrainingExample } from './linear-model.ts';
import { trainNeedsModel } from './training.ts';

/** New triage decisions (or imported texts) since the newest model that make a scheduled retraining worth it. */
export const RETRAIN_AFTER_NEW_LABELS = 25;
const EXAMPLE_RETENTION_DAYS = 365;
const POLICY = 'triage_examples_365d';

const hashOf = (text: string): string => createHash('sha256').update(text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ')).digest('hex');

/** Stores imported examples (the same text again: its newer labels win). Returns how many rows were written. */
export async function storeExamples(db: Kysely<Database>, examples: readonly (TrainingExample & { urgency?: string | undefined })[], source: string): Promise<number> {
  if (examples.length === 0) return 0;
  const until = new Date(Date.now() + EXAMPLE_RETENTION_DAYS * 86_400_000).toISOString().slice(0, 10);
  const byHash = new Map(examples.map((e) => [hashOf(e.text), e]));
  const rows = [...byHash].map(([text_hash, e]) => ({ text_hash, text: e.text, needs: [...e.labels], urgency: e.urgency ?? null, source, retention_until: until }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('triage_examples')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.column('text_hash').doUpdateSet((eb) => ({ needs: eb.ref('excluded.needs'), urgency: eb.ref('excluded.urgency'), source: eb.ref('excluded.source'), imported_at: new Date(), retention_until: eb.ref('excluded.retention_until') })))
      .execute();
  }
  return rows.length;
}

export interface RetrainOutcome {
  trained: boolean;
  reason: string;
  modelId?: string;
}

/** Trains a new model when RETRAIN_AFTER_NEW_LABELS decisions or imported texts arrived since the newest one. */
export async function retrainIfDue(db: Kysely<Database>, trainedBy = 'schedule'): Promise<RetrainOutcome> {
  const newest = await db.selectFrom('triage_models').select('trained_at').orderBy('trained_at', 'desc').limit(1).executeTakeFirst();
  const since = newest?.trained_at ?? new Date(0);
  const labels = await db.selectFrom('triage_labels').select((eb) => eb.fn.countAll<string>().as('n')).where('labelled_at', '>', since).executeTakeFirstOrThrow();
  const imported = await db.selectFrom('triage_examples').select((eb) => eb.fn.countAll<string>().as('n')).where('imported_at', '>', since).executeTakeFirstOrThrow();
  const fresh = Number(labels.n) + Number(imported.n);
  if (fresh < RETRAIN_AFTER_NEW_LABELS) return { trained: false, reason: `${fresh} new labelled message(s) since the last model; retraining waits for ${RETRAIN_AFTER_NEW_LABELS}` };
  const result = await trainNeedsModel(db, { trainedBy });
  return { trained: true, reason: `${fresh} new labelled message(s)`, modelId: result.id };
}

/** Runs retrainIfDue every `everyMs` (6 hours by default) in the server process. */
export function scheduleRetraining(db: Kysely<Database>, onError: (error: unknown) => void, everyMs = 6 * 3_600_000): () => void {
  const timer = setInterval(() => {
    retrainIfDue(db).catch(onError);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function due(db: Kysely<Database> | Transaction<Database>, now: Date) {
  return db.selectFrom('triage_examples').where('retention_until', '<', now.toISOString().slice(0, 10));
}

/** Imported training texts are purged at their retention date. */
export const triageExamplesRetention: RetentionTarget = {
  name: 'triage_examples',
  async countDue(db, now) {
    const row = await due(db, now).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { [POLICY]: Number(row.n) };
  },
  async apply(trx, now) {
    const result = await trx.deleteFrom('triage_examples').where('id', 'in', due(trx, now).select('id')).executeTakeFirst();
    return { [POLICY]: Number(result.numDeletedRows) };
  },
};
