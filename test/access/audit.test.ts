import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { auditCommand } from '../../src/cli/commands/audit.ts';
import { listDisclosuresForPerson, recordAudit, verifyAuditChain } from '../../src/features/audit/audit.service.ts';
import { buildOrganisation, buildUser, signIn } from '../factories/access.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

const actor = { userId: null, label: 'test' };

async function auditCount(): Promise<number> {
  const row = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the audit log', () => {
  test('entries chain to each other and verify', async () => {
    const first = await recordAudit(t.db, { action: 'view', actor, subjectType: 'case', subjectId: 'c1', fields: ['givenName'], metadata: { b: 2, a: [1, { z: 1, y: 2 }] } });
    const second = await recordAudit(t.db, { action: 'export', actor, metadata: {} });
    const rows = await t.db.selectFrom('audit_log').select(['id', 'prev_hash', 'hash']).where('id', 'in', [first.id, second.id]).orderBy('id').execute();
    assert.equal(rows[1]!.prev_hash, rows[0]!.hash);
    assert.deepEqual(await verifyAuditChain(t.db), { ok: true, checked: await auditCount() });
  });

  test('50 concurrent transactions append without forking the chain', async () => {
    const before = await auditCount();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.db.transaction().execute(async (trx) => {
          await recordAudit(trx, { action: 'view', actor, subjectId: `parallel-${i}` });
        }),
      ),
    );
    assert.equal(await auditCount(), before + 50);
    const prevs = await t.db.selectFrom('audit_log').select('prev_hash').execute();
    assert.equal(new Set(prevs.map((p) => p.prev_hash)).size, prevs.length, 'no two entries share a predecessor');
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });

  test('a rolled-back action leaves no audit entry', async () => {
    const before = await auditCount();
    await assert.rejects(
      t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { action: 'share', actor, subjectId: 'never' });
        throw new Error('the share failed');
      }),
      /the share failed/,
    );
    assert.equal(await auditCount(), before);
    assert.equal((await verifyAuditChain(t.db)).ok, true);
  });

  test('UPDATE, DELETE and TRUNCATE are refused and change nothing', async () => {
    const before = await auditCount();
    await assert.rejects(sql`update audit_log set actor_label = 'someone else'`.execute(t.db), /append-only/);
    await assert.rejects(sql`delete from audit_log`.execute(t.db), /append-only/);
    await assert.rejects(sql`truncate audit_log`.execute(t.db), /append-only/);
    assert.equal(await auditCount(), before);
    const changed = await t.db.selectFrom('audit_log').select('id').where('actor_label', '=', 'someone else').execute();
    assert.equal(changed.length, 0);
  });

  test('the chain and `lifeline audit verify` find the first tampered entry', async () => {
    const target = await recordAudit(t.db, { action: 'view', actor, subjectId: 'to-tamper' });
    await recordAudit(t.db, { action: 'view', actor, subjectId: 'after' });
    // What an attacker with full database rights would do: switch the trigger off and edit a row.
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.db);
    await sql`update audit_log set actor_label = 'nobody' where id = ${target.id}`.execute(t.db);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.db);
    const result = await verifyAuditChain(t.db);
    assert.equal(result.ok, false);
    assert.equal(result.firstBrokenId, target.id);
    assert.match(result.reason ?? '', /content does not match/);

  });

  test('`lifeline audit verify` exits 0 on an intact log and 1, naming the entry, on a tampered one', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { openDatabase } = await import('../../src/db/client.ts');
    const { migrate } = await import('../../src/db/migrate.ts');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-audit-'));
    const handle = await openDatabase({ dataDir });
    await migrate(handle.db);
    const target = await recordAudit(handle.db, { action: 'view', actor, subjectId: 'x' });
    await recordAudit(handle.db, { action: 'view', actor, subjectId: 'y' });
    await handle.close();

    const run = async (): Promise<{ code: number; out: string }> => {
      const lines: string[] = [];
      const saved = { DATA_DIR: process.env['DATA_DIR'], DATABASE_URL: process.env['DATABASE_URL'] };
      process.env['DATA_DIR'] = dataDir;
      delete process.env['DATABASE_URL'];
      try {
        const code = await auditCommand.run({ values: {}, positionals: ['verify'] }, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
        return { code, out: lines.join('\n') };
      } finally {
        if (saved.DATA_DIR === undefined) delete process.env['DATA_DIR'];
        else process.env['DATA_DIR'] = saved.DATA_DIR;
        if (saved.DATABASE_URL !== undefined) process.env['DATABASE_URL'] = saved.DATABASE_URL;
      }
    };
    const clean = await run();
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /intact: 2 entries/);

    const again = await openDatabase({ dataDir });
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(again.db);
    await sql`update audit_log set subject_id = 'z' where id = ${target.id}`.execute(again.db);
    await again.close();
    const broken = await run();
    assert.equal(broken.code, 1);
    assert.match(broken.out, new RegExp(`broken at entry ${target.id}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('audited actions through the API', () => {
  test('sign-in, failed sign-in and permission changes are recorded; a data protection officer reads only their organisation', async () => {
    const org = await buildOrganisation(t);
    const other = await buildOrganisation(t);
    const admin = await buildUser(t, { memberships: [{ organisationId: org.id, role: 'administrator' }] });
    const adminSession = await signIn(t, admin);
    await t.request({ method: 'POST', url: '/api/auth/sign-in', payload: { email: admin.email, password: 'wrong password' }, remoteAddress: '10.7.7.7' });
    const target = await buildUser(t);
    const grant = await t.request({ method: 'POST', url: `/api/organisations/${org.id}/memberships`, headers: adminSession.headers, payload: { userId: target.id, crisisId: null, role: 'translator' } });
    assert.equal(grant.statusCode, 201);

    const actions = await t.db.selectFrom('audit_log').select(['action', 'organisation_id']).where('actor_user_id', '=', admin.id).execute();
    const names = actions.map((a) => a.action);
    assert.ok(names.includes('sign_in'));
    assert.ok(names.includes('sign_in_failed'));
    assert.ok(actions.some((a) => a.action === 'permission_change' && a.organisation_id === org.id));

    await recordAudit(t.db, { action: 'view', actor, organisationId: other.id, subjectId: 'other-org-record' });
    const dpo = await buildUser(t, { memberships: [{ organisationId: org.id, role: 'data_protection_officer' }] });
    const dpoSession = await signIn(t, dpo);
    const log = await t.request({ method: 'GET', url: '/api/audit?limit=500', headers: dpoSession.headers });
    assert.equal(log.statusCode, 200, log.body);
    const orgs = new Set(log.json().items.map((e: { organisationId: string }) => e.organisationId));
    assert.deepEqual([...orgs], [org.id]);
    assert.equal((await t.request({ method: 'GET', url: '/api/audit', headers: adminSession.headers })).statusCode, 403);
  });

  test("a person's disclosure history lists who saw or shared their data, and nothing else", async () => {
    const personId = '5b7c1a52-8a36-4c4e-9f44-2f1f9a0b8c11';
    await recordAudit(t.db, { action: 'view', actor: { userId: null, label: 'Caseworker A' }, personId, fields: ['givenName', 'phone'] });
    await recordAudit(t.db, { action: 'share', actor: { userId: null, label: 'Caseworker A' }, personId, recipient: 'org-x', purpose: 'referral' });
    await recordAudit(t.db, { action: 'sign_in', actor: { userId: null, label: 'Caseworker A' }, personId });
    const history = await listDisclosuresForPerson(t.db, personId);
    assert.deepEqual(history.map((h) => h.action), ['view', 'share']);
    assert.deepEqual(history[0]!.fields, ['givenName', 'phone']);
  });
});
