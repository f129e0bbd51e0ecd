/**
 * The crisis map at 1,000,000 reports, on PostgreSQL 15 and on PGlite in one run, through the real server:
 * - cluster response times (GET /api/crises/:id/map/clusters) at zooms 2, 6, 10 and 14, for a 1280 × 800 px viewport
 *   centred on a different hotspot each request, one request at a time, plus a category filter at zoom 6;
 * - the server's resident memory (VmRSS of the child process) before and after, and its peak during:
 * - a CSV export of every report of the crisis (GET /api/crises/:id/reports/export), streamed to this process, and the
 *   same export in this process (service call, as bench/cases.ts), whose RSS leaves out the server's baseline;
 * - and, in this process, supercluster (npm) on the same points: load time, index build time, memory, query times,
 *   so that docs/decisions/0010-map-clustering.md compares the two by measurement.
 * Data: N reports in one crisis of one organisation, 70 % in 25 hotspots (normal spread about 0.3 degrees), 30 %
 * spread evenly over North Africa and the Mediterranean (lon -18 to 40, lat 8 to 45); 1 to 2 needs each; 80 %
 * unverified; over 90 days. Seeded in SQL (generate_series, 100,000 rows a statement).
 *   node --import tsx bench/map.ts [--points 1000000] [--requests 100] [--only postgres|pglite] [--no-export] [--no-supercluster] [--export-only]
 * --export-only measures only the exports (on a freshly started server, so its RSS before is the server's own baseline)
 * and replaces the export figures of bench/results/map.json, keeping the cluster and supercluster figures of the last
 * full run. The server's RSS is sampled every 50 ms during the export (VmRSS of the process serving it).
 * Stops by itself after --deadline minutes (default 40), removing servers, cluster and temporary folders.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import Supercluster, { type PointFeature } from 'supercluster';
import { openDatabase, serverVersion, type DatabaseHandle } from '../src/db/client.ts';
import type { Principal } from '../src/features/access/principal.ts';
import { exportReports } from '../src/features/map/export.service.ts';
import { type Cluster, startPostgres } from './lib/postgres.ts';
import { percentile, writeResult } from './lib/report.ts';
import { type BenchTarget, prepareTarget, type RunningServer, seedBenchAdmin, signInOverHttp, startServer } from './lib/server.ts';

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '100' },
    only: { type: 'string' },
    'no-export': { type: 'boolean', default: false },
    'no-supercluster': { type: 'boolean', default: false },
    'export-only': { type: 'boolean', default: false },
    deadline: { type: 'string', default: '40' },
  },
});
const POINTS = Number(values.points);
const EXPORT_ONLY = values['export-only'];
const REQUESTS = Number(values.requests);
const ZOOMS = [2, 6, 10, 14];
const VIEW = { width: 1280, height: 800 };

const loadAtStart = os.loadavg().map((l) => +l.toFixed(1));
const cleanups: (() => Promise<void> | void)[] = [];
async function cleanupAll(): Promise<void> {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error('cleanup:', error instanceof Error ? error.message : error);
    }
  }
}
const deadline = setTimeout(() => {
  console.error(`deadline of ${values.deadline} minutes reached: stopping`);
  void cleanupAll().then(() => process.exit(2));
}, Number(values.deadline) * 60_000);
process.on('SIGINT', () => void cleanupAll().then(() => process.exit(130)));

interface Seeded {
  crisisId: string;
  orgId: string;
  email: string;
  totpSecret: string;
}

/** Deterministic hotspots (lon, lat) over the region. */
const HOTSPOTS: [number, number][] = Array.from({ length: 25 }, (_, i) => [-15 + ((i * 37) % 55), 10 + ((i * 23) % 33)]);

async function seed(handle: DatabaseHandle, key: Buffer): Promise<Seeded> {
  const db = handle.db;
  const admin = await seedBenchAdmin(handle, key);
  const org = await sql<{ id: string }>`insert into organisations (name, type) values ('Bench NGO', 'ngo') returning id`.execute(db);
  const crisis = await sql<{ id: string }>`insert into crises (slug, name, type, status, affected_countries, start_date) values ('bench-map', 'Bench map', 'conflict', 'current', array['LY'], '2026-01-01') returning id`.execute(db);
  const orgId = org.rows[0]!.id;
  const crisisId = crisis.rows[0]!.id;
  await sql`insert into memberships (user_id, organisation_id, crisis_id, role) select id, ${orgId}, ${crisisId}, 'coordinator' from users where email = ${admin.email}`.execute(db);
  const hx = HOTSPOTS.map((h) => h[0]);
  const hy = HOTSPOTS.map((h) => h[1]);
  const started = performance.now();
  const CHUNK = 100_000;
  for (let from = 1; from <= POINTS; from += CHUNK) {
    const to = Math.min(POINTS, from + CHUNK - 1);
    // Box-Muller from two hashed uniforms per row: deterministic, no random() state to share between databases.
    await sql`
      insert into reports (crisis_id, organisation_id, source, categories, latitude, longitude, occurred_at, verification, country, admin1_name)
      select ${crisisId}::uuid, ${orgId}::uuid, 'responder',
        case when g % 3 = 0 then array[(array['water','food','shelter','medical','search_and_rescue','security','evacuation'])[1 + g % 7], 'medical'] else array[(array['water','food','shelter','medical','search_and_rescue','security','evacuation'])[1 + g % 7]] end,
        least(45, greatest(8, case when g % 10 < 7 then (${sql.val(hy)}::float8[])[1 + g % 25] + 0.3 * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2) else 8 + 37 * u1 end)),
        least(40, greatest(-18, case when g % 10 < 7 then (${sql.val(hx)}::float8[])[1 + g % 25] + 0.3 * sqrt(-2 * ln(u1)) * sin(2 * pi() * u2) else -18 + 58 * u2 end)),
        timestamptz '2026-09-01' + (g % 7776000) * interval '1 second',
        case when g % 5 = 0 then 'verified' else 'unverified' end, 'LY', 'Area ' || (g % 40)
      from (select g, (1 + (g::bigint * 2654435761) % 999983) / 999984.0 as u1, (1 + (g::bigint * 40503) % 999979) / 999980.0 as u2 from generate_series(${from}::int, ${to}::int) g) s`.execute(db);
  }
  // As autovacuum would soon after a bulk load: the visibility map lets clustering use index-only scans.
  await sql`vacuum analyze reports`.execute(db);
  await sql`vacuum analyze report_cells`.execute(db);
  console.log(`  seeded ${POINTS} reports in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { crisisId, orgId, ...admin };
}

/** A viewport of VIEW pixels at a zoom around a centre, as west,south,east,north (clamped to the world). */
function viewport(lon: number, lat: number, zoom: number): string {
  const world = 256 * 2 ** zoom;
  const x = ((lon + 180) / 360) * world;
  const s = Math.sin((lat * Math.PI) / 180);
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world;
  const lonOf = (px: number): number => Math.max(-180, Math.min(180, (px / world) * 360 - 180));
  const latOf = (py: number): number => Math.max(-85, Math.min(85, (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / world))) * 180) / Math.PI));
  return [lonOf(x - VIEW.width / 2), latOf(y + VIEW.height / 2), lonOf(x + VIEW.width / 2), latOf(y - VIEW.height / 2)].map((v) => v.toFixed(5)).join(',');
}

function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Samples a process's RSS every 50 ms until stop(): the peak, and ten points spread over the run (to see growth). */
function rssSampler(read: () => number) {
  const samples: number[] = [read()];
  const timer = setInterval(() => samples.push(read()), 50);
  return {
    stop() {
      clearInterval(timer);
      samples.push(read());
      const step = (samples.length - 1) / 10;
      return { peakRssMb: Math.max(...samples), rssAfterMb: samples.at(-1) as number, rssTimelineMb: Array.from({ length: 11 }, (_, i) => samples[Math.round(i * step)] as number) };
    },
  };
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50Ms: +percentile(sorted, 50).toFixed(1), p95Ms: +percentile(sorted, 95).toFixed(1), p99Ms: +percentile(sorted, 99).toFixed(1) };
}

async function measure(kind: 'postgres' | 'pglite', cluster: Cluster | undefined) {
  console.log(`${kind}:`);
  let seeded: Seeded | undefined;
  const target: BenchTarget = await prepareTarget(kind, cluster?.url, async (handle, key) => {
    seeded = await seed(handle, key);
  });
  cleanups.push(() => target.cleanup());
  const { crisisId, email, totpSecret } = seeded!;
  const server: RunningServer = await startServer(target);
  cleanups.push(() => server.stop());
  const headers = await signInOverHttp(server.url, email, totpSecret);
  const rssStart = rssMb(server.child.pid);
  const clusters: Record<string, unknown> = {};
  const get = async (query: string): Promise<{ ms: number; features: number; bytes: number }> => {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/crises/${crisisId}/map/clusters?${query}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${res.status} ${text.slice(0, 300)}`);
    return { ms: performance.now() - started, features: (JSON.parse(text) as { features: unknown[] }).features.length, bytes: text.length };
  };
  const cases: [string, number, string][] = [...ZOOMS.map((z) => [`zoom ${z}`, z, ''] as [string, number, string]), ['zoom 6, category=medical', 6, '&category=medical']];
  for (const [name, zoom, extra] of EXPORT_ONLY ? [] : cases) {
    const times: number[] = [];
    let features = 0;
    let bytes = 0;
    for (let i = 0; i < REQUESTS + 10; i += 1) {
      const [lon, lat] = HOTSPOTS[i % HOTSPOTS.length]!;
      const r = await get(`bbox=${viewport(lon + ((i * 0.37) % 1), lat + ((i * 0.21) % 1), zoom)}&zoom=${zoom}${extra}`);
      if (i >= 10) {
        times.push(r.ms);
        features += r.features;
        bytes += r.bytes;
      }
    }
    clusters[name] = { ...stats(times), rate: +(1000 / (times.reduce((a, b) => a + b, 0) / times.length)).toFixed(1), meanFeatures: Math.round(features / REQUESTS), meanKb: +(bytes / REQUESTS / 1024).toFixed(1) };
    console.log(`  clusters ${name.padEnd(26)} ${JSON.stringify(clusters[name])}`);
  }
  const rssAfterClusters = rssMb(server.child.pid);

  let exportFigures: Record<string, number | number[]> | undefined;
  if (!values['no-export']) {
    const rssBefore = rssMb(server.child.pid);
    const sampler = rssSampler(() => rssMb(server.child.pid));
    const load = os.loadavg()[0] as number;
    const started = performance.now();
    const res = await fetch(`${server.url}/api/crises/${crisisId}/reports/export?format=csv&verification=unverified,verified`, { headers });
    let lines = 0;
    let bytes = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const rss = sampler.stop();
    exportFigures = {
      rows: lines - 1, megabytes: +(bytes / 1024 / 1024).toFixed(1), seconds: +seconds.toFixed(1), rate: Math.round((lines - 1) / seconds),
      rssBeforeMb: rssBefore, peakRssMb: rss.peakRssMb, growthMb: rss.peakRssMb - rssBefore, rssAfterMb: rss.rssAfterMb, rssTimelineMb: rss.rssTimelineMb,
      loadAverage: [load, +os.loadavg()[0]!.toFixed(1)].map((l) => +l.toFixed(1)),
    };
    console.log(`  export ${JSON.stringify(exportFigures)}`);
  }
  const version = await (async () => {
    const handle = kind === 'postgres' ? await openDatabase({ databaseUrl: target.env['DATABASE_URL'] as string, poolSize: 1 }) : undefined;
    try {
      return handle ? await serverVersion(handle.db) : 'PGlite (PostgreSQL 18, WebAssembly)';
    } finally {
      await handle?.close();
    }
  })();
  await server.stop();
  return { database: kind, version, rssMb: { serverStart: rssStart, afterClusters: rssAfterClusters }, clusters, export: exportFigures, target, seeded: seeded! };
}

/** The same export in this process (as bench/cases.ts does), without the server's own baseline. */
async function exportInProcess(target: BenchTarget, seeded: Seeded) {
  const handle = target.env['DATABASE_URL'] ? await openDatabase({ databaseUrl: target.env['DATABASE_URL'], poolSize: 2 }) : await openDatabase({ dataDir: target.env['DATA_DIR'] as string });
  try {
    const principal: Principal = { kind: 'user', userId: null, tokenId: null, displayName: 'bench', isPlatformAdmin: false, grants: [{ organisationId: seeded.orgId, crisisId: seeded.crisisId, role: 'coordinator' }], scopes: undefined, sessionId: null };
    const rssBefore = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const sampler = rssSampler(() => Math.round(process.memoryUsage().rss / 1024 / 1024));
    const started = performance.now();
    const stream = await exportReports(handle.db, principal, seeded.crisisId, { format: 'csv', layer: 'reports', verification: ['unverified', 'verified'] }, Buffer.from(target.env['SECRET_KEY'] as string, 'base64'), 'bench');
    let lines = 0;
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const rss = sampler.stop();
    const figures = { rows: lines - 1, megabytes: +(bytes / 1024 / 1024).toFixed(1), seconds: +seconds.toFixed(1), rate: Math.round((lines - 1) / seconds), rssBeforeMb: rssBefore, peakRssMb: rss.peakRssMb, growthMb: rss.peakRssMb - rssBefore, rssTimelineMb: rss.rssTimelineMb };
    console.log(`  export in process ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await handle.close();
  }
}

/** supercluster in this process on the same points: what the in-memory alternative costs. */
async function superclusterFigures(target: BenchTarget) {
  const handle = target.env['DATABASE_URL'] ? await openDatabase({ databaseUrl: target.env['DATABASE_URL'], poolSize: 1 }) : await openDatabase({ dataDir: target.env['DATA_DIR'] as string });
  try {
    global.gc?.();
    const heapBefore = process.memoryUsage();
    let started = performance.now();
    const features: PointFeature<{ id: number }>[] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await sql<{ id: string; latitude: number; longitude: number }>`select id, latitude, longitude from reports where id > ${after}::uuid order by id limit 100000`.execute(handle.db);
      for (const r of rows.rows) features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.longitude, r.latitude] }, properties: { id: features.length } });
      if (rows.rows.length < 100_000) break;
      after = rows.rows.at(-1)!.id;
    }
    const loadSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const index = new Supercluster<{ id: number }>({ radius: 64, maxZoom: 16 }).load(features);
    const buildSeconds = (performance.now() - started) / 1000;
    const heapAfter = process.memoryUsage();
    const queries: Record<string, unknown> = {};
    for (const zoom of ZOOMS) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS + 10; i += 1) {
        const [lon, lat] = HOTSPOTS[i % HOTSPOTS.length]!;
        const box = viewport(lon + ((i * 0.37) % 1), lat + ((i * 0.21) % 1), zoom).split(',').map(Number) as [number, number, number, number];
        const t0 = performance.now();
        JSON.stringify(index.getClusters(box, zoom));
        if (i >= 10) times.push(performance.now() - t0);
      }
      queries[`zoom ${zoom}`] = stats(times);
    }
    const figures = { points: features.length, loadSeconds: +loadSeconds.toFixed(1), buildSeconds: +buildSeconds.toFixed(1), rssGrowthMb: Math.round((heapAfter.rss - heapBefore.rss) / 1024 / 1024), heapGrowthMb: Math.round((heapAfter.heapUsed - heapBefore.heapUsed) / 1024 / 1024), queries, note: 'one index per crisis and filter combination; a new report means a rebuild (supercluster has no incremental insert)' };
    console.log(`  supercluster ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await handle.close();
  }
}

/** --export-only: the new export figures replace those of the last full run in bench/results/map.json. */
function writeExportFigures(results: Record<string, unknown>[], exportMethod: string): string {
  const file = new URL('results/map.json', import.meta.url).pathname;
  const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as { results: Record<string, unknown>[]; method: string; [key: string]: unknown };
  const measuredAt = new Date().toISOString();
  for (const r of results) {
    const old = previous.results.find((p) => p['database'] === r['database']);
    const figures = { export: r['export'], exportInProcess: r['exportInProcess'], exportServerRssAtStartMb: (r['rssMb'] as { serverStart: number }).serverStart, exportPoints: POINTS, exportMeasuredAt: measuredAt };
    if (old) Object.assign(old, figures);
    else previous.results.push({ database: r['database'], version: r['version'], ...figures });
  }
  previous.method = `${previous.method.replace(/; export streamed.*$/, '')}; ${exportMethod}`;
  previous['exportLoadAverage'] = { start: loadAtStart, end: os.loadavg().map((l) => +l.toFixed(1)) };
  fs.writeFileSync(file, `${JSON.stringify(previous, null, 2)}\n`);
  return file;
}

try {
  const results: Record<string, unknown>[] = [];
  let supercluster: unknown;
  let cluster: Cluster | undefined;
  if (values.only !== 'pglite') {
    cluster = await startPostgres();
    if (cluster) cleanups.push(() => cluster!.stop());
    else console.log('PostgreSQL 15 is not installed: PGlite only');
  }
  for (const kind of ['postgres', 'pglite'] as const) {
    if (values.only && values.only !== kind) continue;
    if (kind === 'postgres' && !cluster) continue;
    const { target, seeded, ...figures } = await measure(kind, cluster);
    const inProcess = values['no-export'] ? undefined : await exportInProcess(target, seeded);
    if (kind === 'postgres' && !values['no-supercluster'] && !EXPORT_ONLY) supercluster = await superclusterFigures(target);
    results.push({ ...figures, exportInProcess: inProcess });
    await target.cleanup();
    cleanups.splice(cleanups.indexOf(() => target.cleanup()), 0);
  }
  const exportMethod = 'export streamed in keyset batches of 1,000 (jittered points, the level responders get) through a 64 KB byte stream, measured through a freshly started server (VmRSS of the server process, sampled every 50 ms) and in process';
  const file = EXPORT_ONLY
    ? writeExportFigures(results, exportMethod)
    : writeResult('map', {
        data: { points: POINTS, crises: 1, shape: '70 % in 25 hotspots (normal, sigma 0.3 degree), 30 % uniform over lon -18..40, lat 8..45; 1-2 needs; 20 % verified; 90 days', viewport: `${VIEW.width}x${VIEW.height} px`, requestsPerCase: REQUESTS, concurrency: 1 },
        method: `SQL grid: zooms 0-7 sum report_cells (levels 4 and 7), zooms 8+ GROUP BY the generated zoom-24 Web Mercator cell columns shifted to 64 px cells, index-only scans of (crisis_id, cell_x >> 14, cell_y); through the real server over loopback HTTP; ${exportMethod}`,
        targets: { clusterP95Ms: 150, exportSeconds: 60, exportRssMb: 200 },
        loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => +l.toFixed(1)) },
        results,
        supercluster,
      });
  console.log(`written to ${file}`);
} finally {
  clearTimeout(deadline);
  await cleanupAll();
}
