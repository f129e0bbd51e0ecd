/**
 * The personal data registry, read from the database: purposes, legal bases, sensitivity levels,
 * retention policies. `assertProcessingBasis` is the gate that every personal-record write passes.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProcessingBasis {
  purpose: string | undefined | null;
  legalBasis: string | undefined | null;
  sensitivity?: string | undefined | null;
}

export interface ResolvedBasis {
  purpose: string;
  legalBasis: string;
  sensitivity: string;
  retentionPolicy: string;
  /** YYYY-MM-DD: when the record falls due for its retention action, counted from now. */
  retentionUntil: string;
}

export function addDays(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Refuses a personal record without a registered purpose and legal basis; fills sensitivity and retention. */
export async function assertProcessingBasis(db: Db, basis: ProcessingBasis, now = new Date()): Promise<ResolvedBasis> {
  if (!basis.purpose) throw AppError.validation('purpose', 'required', 'A personal record needs a processing purpose');
  if (!basis.legalBasis) throw AppError.validation('legalBasis', 'required', 'A personal record needs a legal basis');
  const purpose = await db
    .selectFrom('processing_purposes')
    .innerJoin('retention_policies', 'retention_policies.code', 'processing_purposes.retention_policy')
    .select(['processing_purposes.code', 'processing_purposes.default_sensitivity', 'retention_policies.code as policy', 'retention_policies.keep_days'])
    .where('processing_purposes.code', '=', basis.purpose)
    .executeTakeFirst();
  if (!purpose) throw AppError.validation('purpose', 'registered', `"${basis.purpose}" is not a registered processing purpose`);
  const legal = await db.selectFrom('legal_bases').select('code').where('code', '=', basis.legalBasis).executeTakeFirst();
  if (!legal) throw AppError.validation('legalBasis', 'registered', `"${basis.legalBasis}" is not a legal basis`);
  const sensitivity = basis.sensitivity ?? purpose.default_sensitivity;
  const level = await db.selectFrom('sensitivity_levels').select('code').where('code', '=', sensitivity).executeTakeFirst();
  if (!level) throw AppError.validation('sensitivity', 'registered', `"${sensitivity}" is not a sensitivity level`);
  return {
    purpose: purpose.code,
    legalBasis: legal.code,
    sensitivity,
    retentionPolicy: purpose.policy,
    retentionUntil: addDays(now, purpose.keep_days),
  };
}

export async function readRegistry(db: Db) {
  const [purposes, legalBases, sensitivityLevels, retentionPolicies] = await Promise.all([
    db.selectFrom('processing_purposes').selectAll().orderBy('code').execute(),
    db.selectFrom('legal_bases').selectAll().orderBy('code').execute(),
    db.selectFrom('sensitivity_levels').selectAll().orderBy('rank').execute(),
    db.selectFrom('retention_policies').selectAll().orderBy('code').execute(),
  ]);
  return {
    purposes: purposes.map((p) => ({ code: p.code, labels: p.labels, description: p.description, defaultSensitivity: p.default_sensitivity, retentionPolicy: p.retention_policy })),
    legalBases: legalBases.map((b) => ({ code: b.code, labels: b.labels, description: b.description })),
    sensitivityLevels: sensitivityLevels.map((l) => ({ code: l.code, rank: l.rank, labels: l.labels })),
    retentionPolicies: retentionPolicies.map((r) => ({ code: r.code, recordKind: r.record_kind, keepDays: r.keep_days, afterEvent: r.after_event, action: r.action, description: r.description })),
  };
}
