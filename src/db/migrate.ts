/**
 * Applies the plain-SQL migrations in src/db/migrations in name order, each in its own transaction,
 * recorded in schema_migrations with a checksum. An applied migration is never re-applied; one that
 * was edited after it was applied stops the run with a clear message.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const NAME = /^\d{4}-[a-z0-9-]+\.sql$/;

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!NAME.test(file)) throw new MigrationError(`Migration file name "${file}" must look like 0001-verb-noun.sql`);
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return { name: file, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/** A fingerprint of all migrations: test templates are keyed on it. */
export function migrationsFingerprint(migrations = readMigrations()): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(m.name).update(m.checksum);
  return hash.digest('hex').slice(0, 16);
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

async function ensureTable(db: Kysely<Database>): Promise<void> {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
  await sql`comment on table schema_migrations is 'Plain-SQL migrations applied to this database, one row each; never edited by hand.'`.execute(db);
}

export async function migrationState(db: Kysely<Database>, migrations = readMigrations()): Promise<MigrationState> {
  const exists = await sql<{ present: boolean }>`select to_regclass('schema_migrations') is not null as present`.execute(db);
  if (!exists.rows[0]?.present) return { applied: [], pending: migrations.map((m) => m.name) };
  const rows = await db.selectFrom('schema_migrations').select(['name', 'checksum']).orderBy('name').execute();
  const applied = new Map(rows.map((r) => [r.name, r.checksum]));
  for (const m of migrations) {
    const sum = applied.get(m.name);
    if (sum !== undefined && sum !== m.checksum) {
      throw new MigrationError(
        `Migration ${m.name} was changed after it was applied; write a new migration instead of editing an old one`,
      );
    }
  }
  return { applied: rows.map((r) => r.name), pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name) };
}

/** Applies pending migrations; returns the names applied. Safe to call from several processes at once. */
export async function migrate(db: Kysely<Database>, migrations = readMigrations()): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(725001)`.execute(conn);
    try {
      await ensureTable(conn);
      const state = await migrationState(conn, migrations);
      const pending = migrations.filter((m) => state.pending.includes(m.name));
      for (const m of pending) {
        await conn.transaction().execute(async (trx) => {
          try {
            await sql.raw(m.sql).execute(trx);
          } catch (error) {
            throw new MigrationError(`Migration ${m.name} failed: ${(error as Error).message}`);
          }
          await trx.insertInto('schema_migrations').values({ name: m.name, checksum: m.checksum }).execute();
        });
      }
      return pending.map((m) => m.name);
    } finally {
      await sql`select pg_advisory_unlock(725001)`.execute(conn);
    }
  });
}
