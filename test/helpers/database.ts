/**
 * A fresh, migrated database per test file, cloned from one template per run:
 * - PGlite: a migrated data directory dumped once to .cache/ (keyed on the migrations) and loaded per file;
 * - PostgreSQL (TEST_DATABASE_URL): a template database migrated once, copied with CREATE DATABASE ... TEMPLATE.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../src/db/client.ts';
import { migrate, migrationsFingerprint } from '../../src/db/migrate.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, '.cache', 'test-templates');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function pgliteTemplate(): Promise<Buffer> {
  const file = path.join(cacheDir, `pglite-${migrationsFingerprint()}.tar.gz`);
  const lock = `${file}.lock`;
  fs.mkdirSync(cacheDir, { recursive: true });
  for (let waited = 0; ; waited += 200) {
    if (fs.existsSync(file)) return fs.readFileSync(file);
    try {
      fs.mkdirSync(lock);
    } catch {
      // Someone else is building it; a lock older than two minutes is from a crashed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      const handle = await openDatabase({ dataDir: 'memory://' });
      await migrate(handle.db);
      const dump = await handle.pglite!.dumpDataDir('gzip');
      await handle.close();
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(tmp, file);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs fn on a one-off admin connection that is always closed, so a failed statement cannot keep a test file alive. */
async function withAdmin<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl, application_name: 'lifeline-test-admin' });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** The migrated template database, built once per set of migrations; test files starting together wait on one lock. */
async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `lifeline_tpl_${migrationsFingerprint()}`;
  await withAdmin(adminUrl, async (admin) => {
    // A session lock: released by the unlock below, or by the server when this connection ends (even on an error).
    await admin.query('select pg_advisory_lock(725002)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      // Built under another name and renamed when complete, so a crashed run never leaves a half-migrated template.
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const handle = await openDatabase({ databaseUrl: withDatabase(adminUrl, building), poolSize: 1 });
      try {
        await migrate(handle.db);
      } finally {
        await handle.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
    }
    await admin.query('select pg_advisory_unlock(725002)');
  });
  return name;
}

export interface ScratchDatabase {
  /** Connection string of the new database (for a child process's DATABASE_URL). */
  url: string;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

/**
 * A new PostgreSQL database on the TEST_DATABASE_URL server: a copy of the migrated template, or empty
 * (no migrations) with { empty: true }, for tests that run the CLI against it.
 */
export async function createPostgresTestDatabase(adminUrl: string, options: { empty?: boolean } = {}): Promise<ScratchDatabase> {
  const template = options.empty ? undefined : await postgresTemplate(adminUrl);
  const name = `lifeline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`));
  return {
    url: withDatabase(adminUrl, name),
    drop: () => withAdmin(adminUrl, async (admin) => void (await admin.query(`drop database if exists ${name} with (force)`))),
  };
}

export interface TestDatabase extends DatabaseHandle {
  /** Drops the per-file database (PostgreSQL) and closes connections. */
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env['TEST_DATABASE_URL'];
  if (!adminUrl) {
    const template = await pgliteTemplate();
    return openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([new Uint8Array(template)]) });
  }
  const scratch = await createPostgresTestDatabase(adminUrl);
  const handle = await openDatabase({ databaseUrl: scratch.url, poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        await scratch.drop();
      }
    },
  };
}
