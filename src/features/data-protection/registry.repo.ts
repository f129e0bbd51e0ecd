/** SQL for the personal data registry (purposes, legal bases, sensitivity levels, retention policies) and nothing else. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A purpose with its default sensitivity (and that level's rank) and its retention policy. */
export async function findPurpose(db: Db, code: string) {
  return db
    .selectFrom('processing_purposes')
    .innerJoin('retention_policies', 'retention_policies.code', 'processing_purposes.retention_policy')
    .innerJoin('sensitivity_levels', 'sensitivity_levels.code', 'processing_purposes.default_sensitivity')
    .select([
      'processing_purposes.code',
      'processing_purposes.default_sensitivity',
      'sensitivity_levels.rank as default_rank',
      'retention_policies.code as policy',
      'retention_policies.keep_days',
      'retention_policies.after_event',
    ])
    .where('processing_purposes.code', '=', code)
    .executeTakeFirst();
}

export async function findLegalBasis(db: Db, code: string) {
  return db.selectFrom('legal_bases').select('code').where('code', '=', code).executeTakeFirst();
}

export async function findSensitivityLevel(db: Db, code: string) {
  return db.selectFrom('sensitivity_levels').select(['code', 'rank']).where('code', '=', code).executeTakeFirst();
}

/** The codes among `codes` that are registered purposes. */
export async function listKnownPurposes(db: Db, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.selectFrom('processing_purposes').select('code').where('code', 'in', codes).execute();
  return rows.map((r) => r.code);
}

export async function findRetentionPolicy(db: Db, code: string) {
  return db.selectFrom('retention_policies').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listRetentionPolicies(db: Db, codes?: readonly string[]) {
  let query = db.selectFrom('retention_policies').selectAll();
  if (codes) {
    if (codes.length === 0) return [];
    query = query.where('code', 'in', codes);
  }
  return query.orderBy('code').execute();
}

export async function listRegistryTables(db: Db) {
  const [purposes, legalBases, sensitivityLevels, retentionPolicies] = await Promise.all([
    db.selectFrom('processing_purposes').selectAll().orderBy('code').execute(),
    db.selectFrom('legal_bases').selectAll().orderBy('code').execute(),
    db.selectFrom('sensitivity_levels').selectAll().orderBy('rank').execute(),
    db.selectFrom('retention_policies').selectAll().orderBy('code').execute(),
  ]);
  return { purposes, legalBases, sensitivityLevels, retentionPolicies };
}
