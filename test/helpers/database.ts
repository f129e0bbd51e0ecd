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

async function postgresTemplate(adminUrl: string): Promise<string> {
  const name = `lifeline_tpl_${migrationsFingerprint()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(725002)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await admin.query(`drop database if exists ${building}`);
      await admin.query(`create database ${building}`);
      const handle = await openDatabase({ databaseUrl: withDatabase(adminUrl, building), poolSize: 1 });
      await migrate(handle.db);
      await handle.close();
      await admin.query(`alter database ${building} rename to ${name}`);
    }
    await admin.query('select pg_advisory_unlock(725002)');
  } finally {
    await admin.end();
  }
  return name;
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
  const template = await postgresTemplate(adminUrl);
  const name = `lifeline_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const handle = await openDatabase({ databaseUrl: withDatabase(adminUrl, name), poolSize: 5 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
