/**
 * Directory benchmark: import a 50,000-service HSDS tabular package (target ≤ 30 s) and search it (target p95 ≤ 50 ms
 * for "nearest open shelters with free beds that speak Amharic, within 20 km"), on PGlite and on PostgreSQL 15.
 *   node --import tsx bench/directory.ts [services=50000] [queries=300]
 * The import and the searches call the same service functions the API calls, in process, on a fresh database.
 */
import { performance } from 'node:perf_hooks';
import type { DatabaseHandle } from '../src/db/client.ts';
import { importFiles, search } from '../src/features/directory/directory.service.ts';
import { SearchQuery } from '../src/features/directory/directory.schemas.ts';
import { exportTabular } from '../src/features/directory/hsds/export.ts';
import { hsdsPackage } from '../test/factories/directory.ts';
import { startPostgres } from './lib/postgres.ts';
import { machine, percentile, writeResult } from './lib/report.ts';
import { prepareTarget } from './lib/server.ts';

const SERVICES = Number(process.argv[2] ?? 50_000);
const QUERIES = Number(process.argv[3] ?? 300);
const centre = { lat: 32.8872, lon: 13.1913 };

const fixture = hsdsPackage(SERVICES, { centre, spread: 1.5 });
const bytes = [...fixture.files.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
console.log(`HSDS package: ${SERVICES} services, ${[...fixture.files.keys()].length} CSV files, ${(bytes / 1024 / 1024).toFixed(1)} MB`);

function point(i: number): { lat: string; lon: string } {
  const a = (i * 2654435761) % 1000 / 1000;
  const b = (i * 40503) % 1000 / 1000;
  return { lat: (centre.lat + (a * 2 - 1) * 1.2).toFixed(4), lon: (centre.lon + (b * 2 - 1) * 1.2).toFixed(4) };
}

const cases: Record<string, (i: number) => Record<string, string>> = {
  'shelters, Amharic, free beds, open now, 20 km': (i) => ({ kind: 'shelter', language: 'am', hasBeds: 'true', openNow: 'true', radiusKm: '20', ...point(i) }),
  'medical within 10 km': (i) => ({ need: 'medical', radiusKm: '10', ...point(i) }),
  'fuzzy name "legal aid servce 12"': (i) => ({ q: `legal aid servce ${i % 1000}` }),
  'admin area + need, referrals': (i) => ({ admin1: `District ${(i % 9) + 1}`, need: 'food', acceptsReferrals: 'true' }),
};

async function measure(handle: DatabaseHandle) {
  const started = performance.now();
  const result = await importFiles(handle.db, fixture.files, 'system');
  const importSeconds = (performance.now() - started) / 1000;
  console.error(`  imported in ${importSeconds.toFixed(2)} s`);
  const reStarted = performance.now();
  await importFiles(handle.db, fixture.files, 'system');
  const reimportSeconds = (performance.now() - reStarted) / 1000;
  const searches: Record<string, { p50: number; p95: number; p99: number; meanResults: number }> = {};
  for (const [name, build] of Object.entries(cases)) {
    console.error(`  searching: ${name}`);
    for (let i = 0; i < 20; i += 1) await search(handle.db, SearchQuery.parse(build(i)), undefined);
    const times: number[] = [];
    let results = 0;
    for (let i = 0; i < QUERIES; i += 1) {
      const query = SearchQuery.parse(build(i + 1000));
      const t0 = performance.now();
      results += (await search(handle.db, query, undefined)).length;
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    searches[name] = { p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2), p99: +percentile(times, 99).toFixed(2), meanResults: +(results / QUERIES).toFixed(1) };
  }
  const exportStarted = performance.now();
  await exportTabular(handle.db);
  const exportSeconds = (performance.now() - exportStarted) / 1000;
  return { rows: result.counts, importSeconds: +importSeconds.toFixed(2), reimportSeconds: +reimportSeconds.toFixed(2), exportSeconds: +exportSeconds.toFixed(2), searchMs: searches };
}

const results: Record<string, unknown> = {};
const cluster = await startPostgres();
try {
  for (const kind of ['pglite', 'postgres'] as const) {
    if (kind === 'postgres' && !cluster) {
      console.log('PostgreSQL 15 is not installed: skipped');
      continue;
    }
    let figures: Awaited<ReturnType<typeof measure>> | undefined;
    const target = await prepareTarget(kind, cluster?.url, async (handle) => {
      figures = await measure(handle);
    });
    await target.cleanup();
    results[kind] = figures;
    console.log(`\n${kind}: import ${figures?.importSeconds} s (target ≤ 30), re-import ${figures?.reimportSeconds} s, export ${figures?.exportSeconds} s`);
    for (const [name, s] of Object.entries(figures?.searchMs ?? {})) console.log(`  ${name.padEnd(48)} p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  (${s.meanResults} results)`);
  }
} finally {
  cluster?.stop();
}
const file = writeResult('directory', { machine: machine(), services: SERVICES, queriesPerCase: QUERIES, packageMegabytes: +(bytes / 1024 / 1024).toFixed(1), results });
console.log(`\nwritten to ${file}`);
