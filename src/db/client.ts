/**
 * Opens the database: embedded PGlite (default) or PostgreSQL 15+ (DATABASE_URL).
 * Both go through Kysely's PostgresDialect over a node-postgres Pool, so the SQL is byte-identical.
 */
import type { PGlite } from '@electric-sql/pglite';
import fs from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { guardPglite } from './pglite-guard.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The embedded instance, when kind is 'pglite' (used by tests to dump a template). */
  readonly pglite: PGlite | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory, or 'memory://' for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number | undefined;
  /** PGlite only: start from a dumped data directory (tar.gz) instead of running initdb. */
  loadDataDir?: Blob | undefined;
  /** PGlite only: called once if the embedded backend crashes (see pglite-guard.ts); every later query fails. */
  onEmbeddedStop?: ((error: Error) => void) | undefined;
}

// Dates stay 'YYYY-MM-DD' strings (no time-zone shifts); int8 and numeric are parsed by callers that need them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * PGlite and its extensions are imported only when the embedded database is opened: a server on PostgreSQL does not
 * carry PGlite's code (about 25 MB of resident memory at start).
 */
async function loadPglite() {
  const [{ PGlite }, { createPgConfig }, { btree_gin }, { fuzzystrmatch }, { pg_trgm }, { pgcrypto }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/node-postgres'),
    import('@electric-sql/pglite/contrib/btree_gin'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ]);
  return { PGlite, createPgConfig, extensions: { btree_gin, fuzzystrmatch, pg_trgm, pgcrypto, unaccent } };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      application_name: 'lifeline',
    });
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', pglite: undefined, close: () => db.destroy() };
  }

  const { PGlite, createPgConfig, extensions } = await loadPglite();
  const dataDir = options.dataDir ?? './data';
  let unlock = (): void => undefined;
  if (!dataDir.startsWith('memory://')) {
    fs.mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir,
      extensions,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    unlock();
    throw error;
  }
  guardPglite(pglite, options.onEmbeddedStop);
  // PGlite is a single backend: more than one client makes overlapping transactions crash the adapter.
  // With max 1, code must use the transaction handle it was given; the timeout turns a mistake into an error, not a hang.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, connectionTimeoutMillis: 60_000 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}

export async function serverVersion(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db);
  return result.rows[0]?.version ?? 'unknown';
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
