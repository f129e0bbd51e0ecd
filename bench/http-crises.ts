/**
 * GET and POST /api/crises through the real server, on PGlite and on PostgreSQL 15 in the same run.
 *
 * - The server is `bin/lifeline.mjs serve`, started as a child process on 127.0.0.1 (so the load generator
 *   does not share its event loop), on a fresh PGlite data directory in a temporary folder, then on a fresh
 *   database in a throw-away PostgreSQL 15 cluster (initdb + pg_ctl as the `postgres` user, on a free port
 *   in /tmp), or in BENCH_DATABASE_URL when that is set (it must be on this machine).
 * - Before the server starts, --crises crises (default 1,000) are created through the crises service.
 * - Each case is warmed up, then measured with autocannon: no pipelining, --connections connections
 *   (default 10) for --seconds seconds (default 10).
 * - Writes bench/results/http-crises.json and prints one line per case; exit code 1 when any request failed.
 * - Stops by itself: the servers, the cluster and the temporary directories it created are removed at the end,
 *   on Ctrl+C, and when the whole run exceeds its deadline.
 *
 *   node --import tsx bench/http-crises.ts [--seconds 10] [--warmup 2] [--connections 10] [--crises 1000]
 *       [--only pglite|postgres]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { serverVersion } from '../src/db/client.ts';
import { createCrisis } from '../src/features/crises/crises.service.ts';
import { type Cluster, startPostgres } from './lib/postgres.ts';
import { percentile, writeResult } from './lib/report.ts';
import { type BenchTarget, prepareTarget, type RunningServer, seedBenchAdmin, signInOverHttp, startServer } from './lib/server.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    crises: { type: 'string', default: '1000' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const connections = Number(values.connections);
const crisisCount = Number(values.crises);
for (const [name, value, min] of [['seconds', seconds, 1], ['warmup', warmupSeconds, 0], ['connections', connections, 1], ['crises', crisisCount, 1]] as const) {
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
}
if (values.only !== undefined && values.only !== 'pglite' && values.only !== 'postgres') throw new Error('--only must be pglite or postgres');
const kinds = (['pglite', 'postgres'] as const).filter((k) => values.only === undefined || values.only === k);
/** PostgreSQL connections in the server's pool: the configuration default, not a tuned value. */
const POOL_SIZE = 10;

// ---------------------------------------------------------------------------------------------------
// Clean-up: whatever this run starts is registered here and undone at the end, on a signal or at the deadline.
const cleanups: Array<() => Promise<void> | void> = [];
/** Undoes the steps registered since `mark` (all of them by default), newest first. */
async function cleanUp(mark = 0): Promise<void> {
  while (cleanups.length > mark) {
    const step = cleanups.pop() as () => Promise<void> | void;
    try {
      await step();
    } catch (error) {
      console.error(`clean-up step failed: ${(error as Error).message}`);
    }
  }
}
function abort(reason: string, code: number): void {
  console.error(reason);
  void cleanUp().finally(() => process.exit(code));
}
process.once('SIGINT', () => abort('interrupted: cleaning up', 130));
process.once('SIGTERM', () => abort('terminated: cleaning up', 143));
const deadlineMs = (kinds.length * 3 * (seconds + warmupSeconds) + 300) * 1000;
setTimeout(() => abort(`the run took longer than ${deadlineMs / 1000} s: stopping`, 1), deadlineMs).unref();

// ---------------------------------------------------------------------------------------------------
// Authentication: the one place that decides which headers every request carries.
interface Credentials {
  email: string;
  totpSecret: string;
}
/** Signs a platform administrator in (password, then TOTP) and returns the session cookie and CSRF token headers. */
async function authHeaders(serverUrl: string, who: Credentials): Promise<Record<string, string>> {
  return signInOverHttp(serverUrl, who.email, who.totpSecret);
}

// ---------------------------------------------------------------------------------------------------
// One case: warm-up, then a measured run; latencies of every response, from autocannon's own timer.
interface CaseResult {
  database: string;
  case: string;
  rate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
  requests: number;
  bytesPerResponse: number;
}

async function measure(name: string, url: string, headers: Record<string, string>, options: Partial<autocannon.Options>): Promise<Omit<CaseResult, 'database'>> {
  const run = async (duration: number) => {
    const latencies: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url, connections, pipelining: 1, duration, headers, ...options } as autocannon.Options, (error, r) => (error ? reject(error as Error) : resolve(r)));
      instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
    });
    return { result, latencies: latencies.sort((x, y) => x - y) };
  };
  if (warmupSeconds > 0) await run(warmupSeconds);
  const { result: r, latencies } = await run(seconds);
  const ms = (p: number) => Number(percentile(latencies, p).toFixed(1));
  return {
    case: name,
    rate: Math.round(r.requests.average),
    p50Ms: ms(50),
    p95Ms: ms(95),
    p99Ms: ms(99),
    maxMs: Number((latencies.at(-1) ?? 0).toFixed(1)),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
    bytesPerResponse: r.requests.total > 0 ? Math.round(r.throughput.total / r.requests.total) : 0,
  };
}

let posted = 0;
/** A unique, valid crisis for every POST (the name decides the slug, so it must differ each time). */
function crisisBody(): string {
  posted += 1;
  return JSON.stringify({ name: `Bench flood ${process.pid}-${posted}`, type: 'flood', status: 'current', affectedCountries: ['BD', 'IN'], startDate: '2026-07-01' });
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const changed = ['src', 'bin', 'bench'].filter(
      (dir) => execFileSync('git', ['status', '--porcelain', '--', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '',
    );
    return changed.length > 0 ? `${head} with uncommitted changes in ${changed.join(', ')}/` : head;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------------------
const loadAverageAtStart = os.loadavg().map((n) => Number(n.toFixed(2)));
const results: CaseResult[] = [];
const databases: Record<string, Record<string, string>> = {};
let cluster: Cluster | undefined;
try {
  if (kinds.includes('postgres')) {
    cluster = await startPostgres();
    if (cluster) cleanups.push(() => cluster?.stop());
    else console.log('PostgreSQL 15 not found (no BENCH_DATABASE_URL, no /usr/lib/postgresql/15): measuring PGlite only');
  }
  for (const kind of kinds) {
    if (kind === 'postgres' && !cluster) continue;
    const mark = cleanups.length;
    let admin: Credentials = { email: '', totpSecret: '' };
    const ids: string[] = [];
    const target: BenchTarget = await prepareTarget(kind, cluster?.url, async (handle, key) => {
      admin = await seedBenchAdmin(handle, key);
      for (let i = 0; i < crisisCount; i += 1) {
        const crisis = await createCrisis(handle.db, {
          name: `Seeded crisis ${i}`,
          type: i % 4 === 0 ? 'flood' : 'conflict',
          status: i % 3 === 0 ? 'past' : 'current',
          affectedCountries: i % 2 === 0 ? ['SD'] : ['SD', 'TD', 'SS'],
          startDate: `20${10 + (i % 16)}-0${1 + (i % 9)}-1${i % 10}`,
        });
        ids.push(crisis.id);
      }
      const settings = await sql<{ name: string; setting: string }>`
        select name, current_setting(name) as setting from pg_settings where name in ('shared_buffers', 'synchronous_commit', 'fsync')`.execute(handle.db);
      databases[kind] = { serverVersion: await serverVersion(handle.db), ...Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])) };
    });
    cleanups.push(() => target.cleanup());
    const server: RunningServer = await startServer(target, kind === 'postgres' ? { DATABASE_POOL_SIZE: String(POOL_SIZE) } : {});
    cleanups.push(() => server.stop());
    const base = new URL(server.url);
    if (base.hostname !== '127.0.0.1') throw new Error(`refusing to load ${server.url}: only 127.0.0.1`);

    const headers = await authHeaders(server.url, admin);
    let next = 0;
    const cases = [
      await measure('GET /api/crises?limit=50', `${server.url}/api/crises?limit=50`, headers, {}),
      await measure('GET /api/crises/:id', `${server.url}/api/crises/${ids[0]}`, headers, {
        // A different seeded crisis each time, round-robin over all of them.
        requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/crises/${ids[(next += 1) % ids.length]}` }) }],
      }),
      await measure('POST /api/crises', `${server.url}/api/crises`, { ...headers, 'content-type': 'application/json' }, {
        method: 'POST',
        requests: [{ method: 'POST', setupRequest: (req: autocannon.Request) => ({ ...req, body: crisisBody() }) }],
      }),
    ];
    for (const c of cases) {
      results.push({ database: kind, ...c });
      console.log(
        `${kind.padEnd(8)} ${c.case.padEnd(26)} ${String(c.rate).padStart(6)} req/s  p50 ${c.p50Ms} ms  p95 ${c.p95Ms} ms  p99 ${c.p99Ms} ms  errors ${c.errors}  non-2xx ${c.non2xx}`,
      );
    }
    await cleanUp(mark); // this database's server and data, before the next database
  }
} finally {
  await cleanUp();
}

const ratios = results
  .filter((r) => r.database === 'postgres')
  .map((pgCase) => {
    const lite = results.find((r) => r.database === 'pglite' && r.case === pgCase.case);
    return {
      case: pgCase.case,
      rate: lite ? Number((pgCase.rate / lite.rate).toFixed(2)) : null,
      p99: lite ? Number((pgCase.p99Ms / lite.p99Ms).toFixed(2)) : null,
    };
  });
for (const r of ratios) console.log(`PostgreSQL/PGlite ${r.case.padEnd(26)} req/s x${r.rate}  p99 x${r.p99}`);

const file = writeResult('http-crises', {
  versions: {
    lifeline: (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version,
    commit: gitCommit(),
    node: process.version,
    fastify: packageVersion('fastify'),
    kysely: packageVersion('kysely'),
    pg: packageVersion('pg'),
    pglite: packageVersion('@electric-sql/pglite'),
    autocannon: packageVersion('autocannon'),
    databases,
  },
  dataShape: {
    crisesSeeded: crisisCount,
    seededWith: 'crises.service createCrisis, before the server starts; 1 in 3 past, 1 in 4 floods, one or three affected countries, start dates 2010-2025, no description',
    list: 'GET /api/crises?limit=50: the first page (50 crises, newest start date first)',
    getOne: `GET /api/crises/:id: round-robin over the ${crisisCount} seeded crises`,
    post: 'POST /api/crises: a unique valid crisis per request (slug derived from the name); the table grows during the case',
    principal: 'a platform administrator signed in with password and TOTP: session cookie on every request, X-CSRF-Token on POST',
  },
  load: {
    tool: `autocannon ${packageVersion('autocannon')}, in the benchmark process`,
    connections,
    pipelining: 1,
    seconds,
    warmupSeconds,
    latency: 'every response of the measured run, autocannon timer (request written to response read), nearest rank',
    rate: 'mean of the per-second request counts of the measured run',
    bytesPerResponse: 'bytes read per response, status line and headers included',
    server: 'child process: bin/lifeline.mjs serve on 127.0.0.1, LOG_LEVEL warn, job worker and retention schedule running as in production',
    postgresPoolSize: POOL_SIZE,
    pglitePoolSize: 1,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg().map((n) => Number(n.toFixed(2))),
  },
  cases: results,
  ratios,
});
console.log(`written ${file}`);
process.exitCode = results.some((r) => r.errors > 0 || r.non2xx > 0) ? 1 : 0;
