/**
 * Sign-in cost and throughput, and what scoping and audit add to a personal-data read.
 *
 * 1. argon2id: the time to hash and to verify one password (a deliberate cost).
 * 2. Sign-in throughput: POST /api/auth/sign-in against the real server (child process) with autocannon.
 * 3. A read of one person: the real GET /api/people/:id (session, grants, SQL scoping, field mask, audit
 *    entry in the same transaction) against the same row read with a bare SELECT, and against a scoped
 *    read without the audit entry, in one in-process server, in the same run.
 *
 *   node --import tsx bench/auth.ts [--seconds 8]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { hashPassword, verifyPassword } from '../src/features/auth/passwords.ts';
import { findPersonInScope, presentPerson } from '../src/features/data-protection/people.service.ts';
import { buildApp } from '../src/server.ts';
import { startPostgres } from './lib/postgres.ts';
import { percentile, writeResult } from './lib/report.ts';
import { BENCH_PASSWORD, prepareTarget, seedBenchAdmin, signInOverHttp, startServer } from './lib/server.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '10' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function measure(url: string, headers: Record<string, string>, options: Partial<autocannon.Options> = {}) {
  const run = (duration: number) => autocannon({ url, connections, pipelining: 1, duration, headers: { ...headers, 'content-type': 'application/json' }, ...options } as autocannon.Options);
  await run(2);
  const r = await run(seconds);
  return { rate: Math.round(r.requests.average), p50Ms: r.latency.p50, p97_5Ms: r.latency.p97_5, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

// 1. argon2id cost
const hashes: number[] = [];
const verifies: number[] = [];
let stored = '';
for (let i = 0; i < 20; i += 1) {
  let start = performance.now();
  stored = await hashPassword(`password number ${i}`);
  hashes.push(performance.now() - start);
  start = performance.now();
  await verifyPassword(stored, `password number ${i}`);
  verifies.push(performance.now() - start);
}
hashes.sort((a, b) => a - b);
verifies.sort((a, b) => a - b);
const argon2 = { params: 'argon2id m=19456 KiB, t=2, p=1', hashP50Ms: Number(percentile(hashes, 50).toFixed(1)), verifyP50Ms: Number(percentile(verifies, 50).toFixed(1)) };
console.log(`argon2id: hash p50 ${argon2.hashP50Ms} ms, verify p50 ${argon2.verifyP50Ms} ms`);

const cluster = await startPostgres();
const signIn: Array<Record<string, unknown>> = [];
const reads: Array<Record<string, unknown>> = [];
try {
  for (const kind of ['pglite', 'postgres'] as const) {
    if (kind === 'postgres' && !cluster) continue;
    let admin = { email: '', totpSecret: '' };
    let personId = '';
    const target = await prepareTarget(kind, cluster?.url, async (handle, key) => {
      admin = await seedBenchAdmin(handle, key);
      const { hashPassword: hp } = await import('../src/features/auth/passwords.ts');
      const org = await handle.db.insertInto('organisations').values({ name: 'Bench NGO', type: 'ngo', country: null, represents_country: null }).returning('id').executeTakeFirstOrThrow();
      const crisis = await handle.db.insertInto('crises').values({ slug: 'bench', name: 'Bench crisis', type: 'conflict', status: 'current', affected_countries: ['SD'], start_date: '2026-01-01', end_date: null }).returning('id').executeTakeFirstOrThrow();
      const analyst = await handle.db.insertInto('users').values({ email: 'analyst@example.org', display_name: 'Analyst', password_hash: await hp(BENCH_PASSWORD) }).returning('id').executeTakeFirstOrThrow();
      await handle.db.insertInto('memberships').values({ user_id: analyst.id, organisation_id: org.id, crisis_id: crisis.id, role: 'analyst' }).execute();
      const admins = await handle.db.selectFrom('users').select('id').where('email', '=', admin.email).executeTakeFirstOrThrow();
      await handle.db.insertInto('memberships').values({ user_id: admins.id, organisation_id: org.id, crisis_id: crisis.id, role: 'caseworker' }).execute();
      for (let i = 0; i < 2000; i += 1) {
        const row = await handle.db
          .insertInto('people')
          .values({ crisis_id: crisis.id, controller_organisation_id: org.id, purpose: 'case_management', legal_basis: 'vital_interest', sensitivity: 'confidential', channel: 'hotline', retention_policy: 'person_emergency_365d', retention_until: '2027-12-31', given_name: `Given ${i}`, family_name: `Family ${i}`, phone_e164: `+2499${String(10000000 + i)}` })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (i === 1000) personId = row.id;
      }
    });

    // 2. sign-in throughput through the child-process server
    const server = await startServer(target, { AUTH_RATE_LIMIT_PER_MINUTE: '100000' });
    try {
      const body = JSON.stringify({ email: 'analyst@example.org', password: BENCH_PASSWORD });
      const r = await measure(`${server.url}/api/auth/sign-in`, {}, { method: 'POST', body });
      signIn.push({ database: kind, case: 'POST /api/auth/sign-in (password step, new session, audit entry)', ...r });
      console.log(`${kind.padEnd(8)} sign-in ${r.rate} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}`);
    } finally {
      await server.stop();
    }

    // 3. read overhead, in one in-process server with two extra bench-only routes
    const config = loadConfig({ ...target.env, LOG_LEVEL: 'silent', PORT: '0' });
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 20 });
    const app = await buildApp({ config, database, logger: false });
    app.get('/bench/people/:id/bare', async (request) => {
      const row = await database.db.selectFrom('people').selectAll().where('id', '=', (request.params as { id: string }).id).executeTakeFirstOrThrow();
      return presentPerson(row, true);
    });
    app.get('/bench/people/:id/scoped', async (request) => {
      if (!request.principal) throw new Error('sign in');
      const row = await findPersonInScope(database.db, request.principal, (request.params as { id: string }).id);
      if (!row) throw new Error('not found');
      return presentPerson(row, true);
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const headers = await signInOverHttp(url, admin.email, admin.totpSecret);
      const bare = await measure(`${url}/bench/people/${personId}/bare`, {});
      const scoped = await measure(`${url}/bench/people/${personId}/scoped`, headers);
      const full = await measure(`${url}/api/people/${personId}`, headers);
      const row = {
        database: kind,
        bare,
        scopedWithoutAudit: scoped,
        scopedMaskedAudited: full,
        scopedOverBareLatencyRatio: Number((scoped.p50Ms / Math.max(bare.p50Ms, 0.01)).toFixed(2)),
        fullOverBareThroughputRatio: Number((full.rate / bare.rate).toFixed(2)),
        scopedOverBareThroughputRatio: Number((scoped.rate / bare.rate).toFixed(2)),
      };
      reads.push(row);
      console.log(`${kind.padEnd(8)} read one person: bare ${bare.rate} req/s (p50 ${bare.p50Ms} ms) | scoped ${scoped.rate} req/s (p50 ${scoped.p50Ms} ms) | scoped+masked+audited ${full.rate} req/s (p50 ${full.p50Ms} ms, p99 ${full.p99Ms} ms)`);
      console.log(`${kind.padEnd(8)} throughput ratio vs bare: scoped ${row.scopedOverBareThroughputRatio}, scoped+audited ${row.fullOverBareThroughputRatio}`);
    } finally {
      await app.close();
      await database.close();
      await target.cleanup();
    }
  }
} finally {
  cluster?.stop();
}

const file = writeResult('auth', {
  dataShape: '2,000 people in one crisis; one caseworker session reading one person; an analyst signing in without two-factor',
  load: { tool: 'autocannon', connections, pipelining: 1, seconds, warmupSeconds: 2 },
  argon2,
  signIn,
  reads,
});
console.log(`written ${file}`);
