/**
 * GET and POST /api/crises through the real server (child process), on PGlite and on PostgreSQL 15
 * in the same run. autocannon, loopback only, bounded by duration; no pipelining.
 *
 *   node --import tsx bench/http-crises.ts [--seconds 10] [--connections 10]
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createCrisis } from '../src/features/crises/crises.service.ts';
import { startPostgres } from './lib/postgres.ts';
import { writeResult } from './lib/report.ts';
import { prepareTarget, seedBenchAdmin, signInOverHttp, startServer } from './lib/server.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, crises: { type: 'string', default: '1000' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const crisisCount = Number(values.crises);

interface CaseResult { database: string; case: string; rate: number; p50Ms: number; p90Ms: number; p97_5Ms: number; p99Ms: number; errors: number; non2xx: number; requests: number }

async function load(url: string, headers: Record<string, string>, name: string, options: Partial<autocannon.Options>): Promise<Omit<CaseResult, 'database'>> {
  const run = (duration: number) =>
    autocannon({ url, connections, pipelining: 1, duration, headers: { ...headers, 'content-type': 'application/json' }, ...options } as autocannon.Options);
  await run(2); // warm-up
  const r = await run(seconds);
  return { case: name, rate: Math.round(r.requests.average), p50Ms: r.latency.p50, p90Ms: r.latency.p90, p97_5Ms: r.latency.p97_5, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, requests: r.requests.total };
}

let counter = 0;
function crisisBody(): string {
  counter += 1;
  return JSON.stringify({ name: `Bench crisis ${counter} ${process.pid}`, type: 'flood', status: 'current', affectedCountries: ['BD', 'IN'], startDate: '2026-07-01' });
}

const cluster = await startPostgres();
const results: CaseResult[] = [];
try {
  for (const kind of ['pglite', 'postgres'] as const) {
    if (kind === 'postgres' && !cluster) {
      console.log('PostgreSQL 15 not found: skipping it');
      continue;
    }
    let admin = { email: '', totpSecret: '' };
    let anyId = '';
    const target = await prepareTarget(kind, cluster?.url, async (handle, key) => {
      admin = await seedBenchAdmin(handle, key);
      for (let i = 0; i < crisisCount; i += 1) {
        const c = await createCrisis(handle.db, { name: `Seeded crisis ${i}`, slug: `seeded-${i}`, type: 'conflict', status: i % 3 === 0 ? 'past' : 'current', affectedCountries: ['SD'], startDate: `20${10 + (i % 16)}-0${1 + (i % 9)}-1${i % 10}` });
        anyId = c.id;
      }
    });
    const server = await startServer(target);
    try {
      const headers = await signInOverHttp(server.url, admin.email, admin.totpSecret);
      const cases = [
        await load(`${server.url}/api/crises?limit=50`, headers, 'GET /api/crises?limit=50', {}),
        await load(`${server.url}/api/crises/${anyId}`, headers, 'GET /api/crises/:id', {}),
        await load(`${server.url}/api/crises`, headers, 'POST /api/crises', { method: 'POST', requests: [{ method: 'POST', setupRequest: (req: object) => ({ ...req, body: crisisBody() }) }] } as Partial<autocannon.Options>),
      ];
      for (const c of cases) {
        results.push({ database: kind, ...c });
        console.log(`${kind.padEnd(8)} ${c.case.padEnd(28)} ${String(c.rate).padStart(6)} req/s  p50 ${c.p50Ms} ms  p99 ${c.p99Ms} ms  errors ${c.errors}  non-2xx ${c.non2xx}`);
      }
    } finally {
      await server.stop();
      await target.cleanup();
    }
  }
} finally {
  cluster?.stop();
}

const ratios = results
  .filter((r) => r.database === 'postgres')
  .map((pgCase) => {
    const lite = results.find((r) => r.database === 'pglite' && r.case === pgCase.case);
    return { case: pgCase.case, postgresOverPglite: lite ? Number((pgCase.rate / lite.rate).toFixed(2)) : null };
  });
for (const r of ratios) console.log(`ratio PostgreSQL/PGlite ${r.case}: ${r.postgresOverPglite}`);
const file = writeResult('http-crises', {
  dataShape: `${crisisCount} crises seeded; GET list pages of 50, GET one by id, POST unique valid crises; signed-in platform administrator (session cookie + CSRF)`,
  load: { tool: 'autocannon', connections, pipelining: 1, seconds, warmupSeconds: 2, server: 'child process, same machine' },
  cases: results,
  ratios,
});
console.log(`written ${file}`);
