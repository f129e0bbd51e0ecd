import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrate, migrationState, readMigrations } from '../../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database?.close());

describe('migrations', () => {
  test('the template is fully migrated and a second run applies nothing', async () => {
    const state = await migrationState(database.db);
    assert.deepEqual(state.pending, []);
    assert.equal(state.applied.length, readMigrations().length);
    assert.deepEqual(await migrate(database.db), []);
  });

  test('a migration edited after it was applied stops the run with a clear message', async () => {
    const edited = readMigrations().map((m, i) => (i === 1 ? { ...m, checksum: 'changed' } : m));
    await assert.rejects(() => migrate(database.db, edited), /was changed after it was applied/);
  });

  test('a failing migration is rolled back whole and not recorded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-mig-'));
    for (const m of readMigrations()) fs.writeFileSync(path.join(dir, m.name), m.sql);
    fs.writeFileSync(path.join(dir, '9999-create-broken-table.sql'), 'create table half_done (id int); select * from no_such_table;');
    await assert.rejects(() => migrate(database.db, readMigrations(dir)), /9999-create-broken-table.sql failed/);
    const table = await sql<{ present: boolean }>`select to_regclass('half_done') is not null as present`.execute(database.db);
    assert.equal(table.rows[0]?.present, false);
    assert.ok(!(await migrationState(database.db)).applied.includes('9999-create-broken-table.sql'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every table has a COMMENT ON', async () => {
    const rows = await sql<{ table_name: string }>`
      select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and obj_description(c.oid, 'pg_class') is null`.execute(database.db);
    assert.deepEqual(rows.rows.map((r) => r.table_name), []);
  });

  test('the extensions the modules use are present', async () => {
    const rows = await sql<{ extname: string }>`select extname from pg_extension`.execute(database.db);
    const names = rows.rows.map((r) => r.extname);
    for (const ext of ['pg_trgm', 'fuzzystrmatch', 'unaccent', 'btree_gin', 'pgcrypto']) assert.ok(names.includes(ext), ext);
    const sim = await sql<{ s: number }>`select similarity(unaccent('Mohammed Abdelrahmane'), 'Mohamed Abdelrahman') as s`.execute(database.db);
    assert.ok(Number(sim.rows[0]?.s) > 0.5);
  });
});

describe('transactions on the single PGlite connection', () => {
  test('overlapping transactions do not see each other and sum exactly', async () => {
    await database.db.schema.createTable('tx_counter').ifNotExists().addColumn('n', 'integer', (c) => c.notNull()).execute();
    await sql`comment on table tx_counter is 'test only'`.execute(database.db);
    await database.db.insertInto('tx_counter' as never).values({ n: 0 } as never).execute();
    const work = Array.from({ length: 50 }, (_, i) =>
      database.db.transaction().execute(async (trx) => {
        const row = await sql<{ n: number }>`select n from tx_counter for update`.execute(trx);
        await sql`update tx_counter set n = ${(row.rows[0]?.n ?? 0) + 1}`.execute(trx);
        if (i % 10 === 0) throw new Error('rolled back on purpose');
      }).catch((error: Error) => {
        if (error.message !== 'rolled back on purpose') throw error;
      }),
    );
    await Promise.all(work);
    const total = await sql<{ n: number }>`select n from tx_counter`.execute(database.db);
    assert.equal(total.rows[0]?.n, 45);
    await database.db.schema.dropTable('tx_counter').execute();
  });
});
