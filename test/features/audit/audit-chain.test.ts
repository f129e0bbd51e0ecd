/**
 * The audit chain beyond test/access/audit.test.ts: what is hashed is what the database hands back, `verify`
 * on a live log, every kind of tampering (changed, removed, added entries), crisis-scoped reading, and the
 * real `lifeline audit verify` binary on a tampered data directory. Each tampering test gets its own database.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { configVariables } from '../../../src/config.ts';
import { openDatabase } from '../../../src/db/client.ts';
import { migrate } from '../../../src/db/migrate.ts';
import type { Database } from '../../../src/db/schema.ts';
import { entryHash } from '../../../src/features/audit/audit-hash.ts';
import { listAudit, recordAudit, verifyAuditChain } from '../../../src/features/audit/audit.service.ts';
import { buildOrganisation, buildUser, signIn } from '../../factories/access.ts';
import { buildCrisis } from '../../factories/crises.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';

const actor = { userId: null, label: 'test' };

/** What an attacker with full database rights does: switch the append-only trigger off, act, switch it on. */
async function tamper(db: Kysely<Database>, statement: ReturnType<typeof sql>): Promise<void> {
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
  try {
    await statement.execute(db);
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
  }
}

async function withDatabase(fn: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const database: TestDatabase = await createTestDatabase();
  try {
    await fn(database.db);
  } finally {
    await database.close();
  }
}

async function appendSome(db: Kysely<Database>, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await recordAudit(db, { action: 'view', actor, subjectId: `entry-${i}` })).id);
  return ids;
}

describe('what is hashed is what is stored', () => {
  test('dates, undefined keys, key order, lone surrogates and NUL in an entry still verify', async () => {
    await withDatabase(async (db) => {
      const when = new Date('2026-05-01T10:20:30.456Z');
      const { id } = await recordAudit(db, {
        action: 'export',
        actor: { userId: null, label: 'Operator \ud800 with a broken name' },
        subjectId: 'case\u0000 7',
        fields: ['given\udc00Name'],
        purpose: 'referral',
        metadata: { z: 1, a: { when, skipped: undefined, list: [undefined, 2.5, -0] }, 'k\u0000': 'v\ud83d' },
      });
      assert.deepEqual(await verifyAuditChain(db), { ok: true, checked: 1 });
      const row = await db.selectFrom('audit_log').select(['metadata', 'subject_id', 'actor_label']).where('id', '=', id).executeTakeFirstOrThrow();
      assert.deepEqual(row.metadata, { z: 1, a: { when: when.toISOString(), list: [null, 2.5, 0] }, 'k\uFFFD': 'v\uFFFD' });
      assert.equal(row.subject_id, 'case\uFFFD 7');
      assert.equal(row.actor_label, 'Operator \uFFFD with a broken name');
    });
  });
});

describe('verify on a live log', () => {
  test('verification while other transactions append never reports a break', async () => {
    await withDatabase(async (db) => {
      await appendSome(db, 30);
      let writing = true;
      const writers = Array.from({ length: 2 }, async () => {
        let n = 0;
        while (writing) {
          await db.transaction().execute((trx) => recordAudit(trx, { action: 'view', actor, subjectId: `live-${n}` }));
          n += 1;
        }
        return n;
      });
      try {
        for (let i = 0; i < 6; i++) {
          const result = await verifyAuditChain(db, 10);
          assert.equal(result.ok, true, JSON.stringify(result));
        }
      } finally {
        writing = false;
      }
      assert.ok((await Promise.all(writers)).reduce((a, b) => a + b, 0) > 0, 'the writers ran');
      assert.equal((await verifyAuditChain(db)).ok, true);
    });
  });
});

describe('tampering is found at the first broken entry', () => {
  test('a changed field', async () => {
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 5);
      await tamper(db, sql`update audit_log set fields = array['phone'] where id = ${ids[2]}`);
      assert.deepEqual(await verifyAuditChain(db, 2), { ok: false, checked: 2, firstBrokenId: ids[2], reason: 'its content does not match its hash (the entry was changed)' });
    });
  });

  test('a changed time or metadata (jsonb) is found too', async () => {
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 3);
      await tamper(db, sql`update audit_log set occurred_at = occurred_at + interval '1 microsecond' where id = ${ids[1]}`);
      assert.equal((await verifyAuditChain(db)).firstBrokenId, ids[1]);
    });
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 3);
      await tamper(db, sql`update audit_log set metadata = '{"reason":"none"}' where id = ${ids[0]}`);
      assert.equal((await verifyAuditChain(db)).firstBrokenId, ids[0]);
    });
  });

  test('an entry removed from the middle', async () => {
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 5);
      await tamper(db, sql`delete from audit_log where id = ${ids[1]}`);
      const result = await verifyAuditChain(db);
      assert.equal(result.ok, false);
      assert.equal(result.firstBrokenId, ids[2]);
      assert.match(result.reason!, /does not point to the entry before it/);
    });
  });

  test('the newest entries removed', async () => {
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 5);
      await tamper(db, sql`delete from audit_log where id >= ${ids[3]}`);
      assert.deepEqual(await verifyAuditChain(db), { ok: false, checked: 3, firstBrokenId: ids[4], reason: 'the newest entries are missing (the chain head points past the last entry)' });
    });
  });

  test('an entry added behind the log\'s back, even with a hash that chains', async () => {
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 3);
      const last = await db.selectFrom('audit_log').select('hash').where('id', '=', ids[2]!).executeTakeFirstOrThrow();
      const occurredAt = new Date();
      const content = { occurredAt, actorUserId: null, actorTokenId: null, actorLabel: 'nobody', action: 'view', organisationId: null, crisisId: null, subjectType: null, subjectId: null, personId: null, fields: [], recipient: null, purpose: null, requestId: null, metadata: {} };
      const forged = await sql<{ id: string }>`insert into audit_log (occurred_at, actor_label, action, prev_hash, hash)
        values (${occurredAt}, 'nobody', 'view', ${last.hash}, ${entryHash(content, last.hash)}) returning id`.execute(db);
      const result = await verifyAuditChain(db);
      assert.equal(result.ok, false);
      assert.equal(result.firstBrokenId, String(forged.rows[0]!.id));
    });
  });

  test('a chain head that no longer matches the newest entry', async () => {
    await withDatabase(async (db) => {
      const ids = await appendSome(db, 3);
      const head = await db.selectFrom('audit_chain_head').selectAll().executeTakeFirstOrThrow();
      await db.updateTable('audit_chain_head').set({ last_hash: 'something else' }).execute();
      const result = await verifyAuditChain(db);
      assert.deepEqual(result, { ok: false, checked: 3, firstBrokenId: ids[2], reason: 'the chain head does not match the newest entry (the chain was rewritten)' });
      await db.updateTable('audit_chain_head').set({ last_hash: head.last_hash }).execute();
      assert.equal((await verifyAuditChain(db)).ok, true);
    });
  });
});

describe('reading the log is scoped to organisation and crisis', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t?.close());

  test('a data protection officer of one crisis sees that crisis only; a bad action filter is a 400 naming the field', async () => {
    const org = await buildOrganisation(t);
    const [mine, theirs] = [await buildCrisis(t.db), await buildCrisis(t.db)];
    await recordAudit(t.db, { action: 'view', actor, organisationId: org.id, crisisId: mine.id, subjectId: 'mine' });
    await recordAudit(t.db, { action: 'view', actor, organisationId: org.id, crisisId: theirs.id, subjectId: 'theirs' });
    await recordAudit(t.db, { action: 'view', actor, organisationId: org.id, crisisId: null, subjectId: 'organisation-wide' });

    const scoped = await listAudit(t.db, { organisationIds: [org.id], crisesByOrganisation: new Map([[org.id, new Set([mine.id])]]), limit: 50 });
    assert.deepEqual(scoped.map((e) => e.subjectId), ['mine']);
    const whole = await listAudit(t.db, { organisationIds: [org.id], limit: 50 });
    assert.deepEqual(whole.map((e) => e.subjectId).sort(), ['mine', 'organisation-wide', 'theirs']);

    const dpo = await buildUser(t, { memberships: [{ organisationId: org.id, crisisId: mine.id, role: 'data_protection_officer' }] });
    const session = await signIn(t, dpo);
    const log = await t.request({ method: 'GET', url: '/api/audit?action=view', headers: session.headers });
    assert.equal(log.statusCode, 200, log.body);
    assert.deepEqual(log.json().items.map((e: { subjectId: string }) => e.subjectId), ['mine']);

    const bad = await t.request({ method: 'GET', url: '/api/audit?action=shred', headers: session.headers });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /query\.action/);
    const huge = await t.request({ method: 'GET', url: `/api/audit?before=${'9'.repeat(30)}`, headers: session.headers });
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /query\.before/);
  });
});

describe('`node bin/lifeline.mjs audit verify` (spawned, on a PGlite data directory)', () => {
  test('exits 0 on an intact log and 1, naming the entry, once an entry is changed', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-audit-cli-'));
    try {
      const handle = await openDatabase({ dataDir });
      await migrate(handle.db);
      const ids = await appendSome(handle.db, 3);
      await handle.close();

      const bin = fileURLToPath(new URL('../../../bin/lifeline.mjs', import.meta.url));
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const v of configVariables) delete env[v.name];
      const verify = () => spawnSync(process.execPath, [bin, 'audit', 'verify'], { env: { ...env, LOG_LEVEL: 'silent', DATA_DIR: dataDir }, encoding: 'utf8', timeout: 120_000 });

      const clean = verify();
      assert.equal(clean.status, 0, clean.stderr);
      assert.match(clean.stdout, /^Audit chain intact: 3 entries/);

      const again = await openDatabase({ dataDir });
      await tamper(again.db, sql`update audit_log set subject_id = 'someone else' where id = ${ids[1]}`);
      await again.close();
      const broken = verify();
      assert.equal(broken.status, 1, broken.stdout);
      assert.match(broken.stderr, new RegExp(`^Audit chain broken at entry ${ids[1]}: its content does not match its hash`));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
