/**
 * Cases at scale on PostgreSQL 15: 1,000,000 cases across 50 crises for the caseworker queue (open cases of the
 * caseworker's organisation, highest priority first, keyset pages), and a crisis of 1,000,000 cases exported as CSV
 * through the streamed export, with the process's peak RSS sampled every 50 ms.
 *   node --import tsx bench/cases.ts [cases=1000000] [queries=300]
 * The queue and the export call the same service functions as the API, in process.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Principal } from '../src/features/access/principal.ts';
import { listCases } from '../src/features/cases/cases.service.ts';
import { exportCases } from '../src/features/cases/export.service.ts';
import { startPostgres } from './lib/postgres.ts';
import { machine, percentile, writeResult } from './lib/report.ts';

const CASES = Number(process.argv[2] ?? 1_000_000);
const QUERIES = Number(process.argv[3] ?? 300);
const CRISES = 50;

const cluster = await startPostgres();
if (!cluster) {
  console.log('PostgreSQL 15 is not installed: nothing to measure');
  process.exit(0);
}
const url = new URL(cluster.url);
url.pathname = '/postgres';
const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
try {
  await migrate(handle.db);
  const db = handle.db;
  const orgs = await sql<{ id: string }>`insert into organisations (name, type) select 'Bench NGO ' || g, 'ngo' from generate_series(1, 5) g returning id`.execute(db);
  const orgIds = orgs.rows.map((r) => r.id);
  const crises = await sql<{ id: string }>`insert into crises (slug, name, type, status, affected_countries, start_date)
    select 'bench-' || g, 'Bench crisis ' || g, 'conflict', 'current', array['SD'], '2026-01-01' from generate_series(1, ${CRISES + 1}) g returning id`.execute(db);
  const crisisIds = crises.rows.map((r) => r.id);
  const exportCrisis = crisisIds.pop() as string;
  const user = await sql<{ id: string }>`insert into users (email, display_name) values ('bench@example.org', 'Bench caseworker') returning id`.execute(db);
  const userId = user.rows[0]?.id as string;
  const seed = async (crisisList: string[], n: number, prefix: string) => sql`
    insert into cases (crisis_id, organisation_id, reference, opened_from, status, needs, vulnerabilities, risk_level, priority, priority_reasons, assigned_to, legal_basis, next_follow_up, created_at, closed_at)
    select (${crisisList}::uuid[])[1 + g % ${crisisList.length}], (${orgIds}::uuid[])[1 + (g / 7) % 5], ${prefix} || g,
      'sos', (array['open', 'active', 'referred', 'on_hold', 'closed'])[1 + g % 5], array['medical', 'shelter'], '[{"code":"injury","severity":3}]', 'medium',
      ((g::bigint * 7919) % 101)::int, array['medical need: +12'], case when g % 10 = 0 then ${userId}::uuid else null end, 'consent',
      case when g % 3 = 0 then date '2026-11-01' + (g % 60) else null end, now() - (g % 100000) * interval '1 minute',
      case when g % 5 = 4 then now() else null end
    from generate_series(1, ${n}) g`.execute(db);
  let t0 = performance.now();
  await seed(crisisIds, CASES, 'BQ-');
  await seed([exportCrisis], CASES, 'BX-');
  await sql`analyze cases`.execute(db);
  const seedSeconds = (performance.now() - t0) / 1000;
  console.log(`seeded ${CASES} cases across ${CRISES} crises and ${CASES} in one export crisis in ${seedSeconds.toFixed(1)} s`);

  const principal = (orgId: string): Principal => ({ kind: 'user', userId, tokenId: null, displayName: 'bench', isPlatformAdmin: false, grants: [{ organisationId: orgId, crisisId: null, role: 'caseworker' }], scopes: undefined, sessionId: null });
  const cases: Record<string, (i: number) => Record<string, string>> = {
    'open cases, first page of 50': () => ({}),
    'open cases, next page (cursor)': () => ({ page: '2' }),
    'assigned to me': () => ({ mine: 'true' }),
    'overdue follow-ups': () => ({ overdue: 'true' }),
  };
  const queue: Record<string, { p50: number; p95: number; p99: number }> = {};
  for (const [name, build] of Object.entries(cases)) {
    const times: number[] = [];
    for (let i = 0; i < QUERIES + 20; i += 1) {
      const crisisId = crisisIds[i % CRISES] as string;
      const who = principal(orgIds[i % 5] as string);
      const { page, mine, overdue } = build(i);
      const query = { limit: 50, ...(mine ? { mine: 'true' as const } : {}), ...(overdue ? { overdue: 'true' as const } : {}) };
      const started = performance.now();
      let result = await listCases(db, who, crisisId, query);
      if (page && result.nextCursor) result = await listCases(db, who, crisisId, { ...query, cursor: result.nextCursor });
      if (i >= 20) times.push(performance.now() - started);
    }
    times.sort((x, y) => x - y);
    queue[name] = { p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2), p99: +percentile(times, 99).toFixed(2) };
    console.log(`  queue, ${name.padEnd(32)} p50 ${queue[name]?.p50} ms  p95 ${queue[name]?.p95} ms  p99 ${queue[name]?.p99} ms`);
  }

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  const rssBefore = process.memoryUsage().rss;
  t0 = performance.now();
  const stream = await exportCases(db, { ...principal(orgIds[0] as string), grants: orgIds.map((o) => ({ organisationId: o, crisisId: null, role: 'caseworker' as const })) }, exportCrisis, false, 'bench');
  let bytes = 0;
  let lines = 0;
  for await (const chunk of stream) {
    const text = String(chunk);
    bytes += Buffer.byteLength(text);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
  }
  const exportSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const exportFigures = { rows: lines - 1, megabytes: +(bytes / 1024 / 1024).toFixed(1), seconds: +exportSeconds.toFixed(1), rssBeforeMb: Math.round(rssBefore / 1024 / 1024), peakRssMb: Math.round(peakRss / 1024 / 1024) };
  console.log(`  export: ${exportFigures.rows} rows, ${exportFigures.megabytes} MB in ${exportFigures.seconds} s (target ≤ 60), peak RSS ${exportFigures.peakRssMb} MB (before: ${exportFigures.rssBeforeMb} MB)`);
  const file = writeResult('cases', { machine: machine(), database: 'postgres', cases: CASES, crises: CRISES, queriesPerCase: QUERIES, seedSeconds: +seedSeconds.toFixed(1), queueMs: queue, export: exportFigures });
  console.log(`written to ${file}`);
} finally {
  await handle.close();
  cluster.stop();
}
