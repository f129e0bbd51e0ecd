/**
 * The personal data registry, read from the database: purposes, legal bases, sensitivity levels,
 * retention policies. `assertProcessingBasis` is the gate that every personal-record write passes
 * (people here; later modules with personal records call it too).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import * as repo from './registry.repo.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface ProcessingBasis {
  purpose: string | undefined | null;
  legalBasis: string | undefined | null;
  /** Optional: defaults to the purpose's level; may be raised above it, never lowered. */
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

/**
 * Refuses (VALIDATION, naming the field) a personal record without a purpose or a legal basis, or with
 * one that is not registered, or with a sensitivity below the purpose's; fills sensitivity, the retention
 * policy of the purpose and the retention date (now + the policy's days: the clock of 'created' and
 * 'last_activity' policies starts at collection; 'case_closed' and 'triage_completed' are reset by the
 * modules that own those events).
 */
export async function assertProcessingBasis(db: Db, basis: ProcessingBasis, now = new Date()): Promise<ResolvedBasis> {
  if (!basis.purpose) throw AppError.validation('purpose', 'required', 'A personal record needs a processing purpose');
  if (!basis.legalBasis) throw AppError.validation('legalBasis', 'required', 'A personal record needs a legal basis');
  const purpose = await repo.findPurpose(db, basis.purpose);
  if (!purpose) throw AppError.validation('purpose', 'registered', 'This is not a registered processing purpose');
  const legal = await repo.findLegalBasis(db, basis.legalBasis);
  if (!legal) throw AppError.validation('legalBasis', 'registered', 'This is not a registered legal basis');
  let sensitivity = purpose.default_sensitivity;
  if (basis.sensitivity) {
    const level = await repo.findSensitivityLevel(db, basis.sensitivity);
    if (!level) throw AppError.validation('sensitivity', 'registered', 'This is not a registered sensitivity level');
    if (level.rank < purpose.default_rank) {
      throw AppError.validation('sensitivity', 'minimum', `Records for this purpose are at least ${purpose.default_sensitivity}`);
    }
    sensitivity = level.code;
  }
  return {
    purpose: purpose.code,
    legalBasis: legal.code,
    sensitivity,
    retentionPolicy: purpose.policy,
    retentionUntil: addDays(now, purpose.keep_days),
  };
}

/** The purposes among `codes` that are not registered (empty when all are). */
export async function unknownPurposes(db: Db, codes: readonly string[]): Promise<string[]> {
  const known = new Set(await repo.listKnownPurposes(db, [...new Set(codes)]));
  return [...new Set(codes)].filter((code) => !known.has(code));
}

export async function readRegistry(db: Db) {
  const { purposes, legalBases, sensitivityLevels, retentionPolicies } = await repo.listRegistryTables(db);
  return {
    purposes: purposes.map((p) => ({ code: p.code, labels: p.labels, description: p.description, defaultSensitivity: p.default_sensitivity, retentionPolicy: p.retention_policy })),
    legalBases: legalBases.map((b) => ({ code: b.code, labels: b.labels, description: b.description })),
    sensitivityLevels: sensitivityLevels.map((l) => ({ code: l.code, rank: l.rank, labels: l.labels })),
    retentionPolicies: retentionPolicies.map((r) => ({ code: r.code, recordKind: r.record_kind, keepDays: r.keep_days, afterEvent: r.after_event, action: r.action, description: r.description })),
  };
}
