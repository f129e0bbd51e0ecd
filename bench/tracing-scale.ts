/**
 * Tracing at scale on PostgreSQL 15: 1,000,000 synthetic multilingual tracing records (seeded generator, Arabic,
 * Latin, Cyrillic and Ge'ez names with spelling variants; bench/lib/tracing-names.ts) with their blocking keys in
 * tracing_blocking_keys, then
 *   - batch linkage: read every record back, compute blocking keys, compare every pair that shares a key in two worker
 *     threads (each pair once; blocks larger than MAX_BLOCK are skipped and counted), count the pairs above the threshold;
 *   - incremental matching: a new record (a variant of a stored person) matched against all of them through the same
 *     matchRecord the job queue runs (key lookup in the index, candidate scoring, pairs stored), p50/p95/p99;
 * with the process's peak RSS.
 *   node --import tsx bench/tracing-scale.ts [records=1000000] [probes=200] [maxBlock=200] [yes|no|only]
 * Seeding writes rows straight into people/tracing_records (no audit entries or jobs): it sets the stage, it is
 * not measured against a target.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { MATCH_THRESHOLD, matchRecord } from '../src/features/tracing/match.jobs.ts';
import { blockingKeys, MATCHER_VERSION, type PersonForMatching } from '../src/features/tracing/matcher.ts';
import { makeGenerator, type SyntheticRecord } from './lib/tracing-names.ts';
import { startPostgres } from './lib/postgres.ts';
import { machine, percentile, writeResult } from './lib/report.ts';

const RECORDS = Number(process.argv[2] ?? 1_000_000);
const PROBES = Number(process.argv[3] ?? 200);
const MAX_BLOCK = Number(process.argv[4] ?? 200);
/**
 * yes: both figures; no: only the incremental matching (a 1,000,000 run within 10 minutes); only: only the batch
 * linkage. A figure not measured is kept from the last result file, marked with its own record count and date.
 */
const MODE = process.argv[5] ?? 'yes';
const WORKERS = 2;
const BATCH = 10_000;
const SEED = 20261201;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

const cluster = await startPostgres();
if (!cluster) {
  console.log('PostgreSQL 15 is not installed: nothing to measure');
  process.exit(0);
}
const handle = await openDatabase({ databaseUrl: cluster.url, poolSize: 2 });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cluster.stop();
    process.exit(130);
  });
}
const db = handle.db;

/** A section of the previous result file, for a figure this run does not measure. */
function previous(section: 'batchLinkage' | 'incremental'): Record<string, unknown> | null {
  try {
    const last = JSON.parse(fs.readFileSync(new URL('./results/tracing-scale.json', import.meta.url), 'utf8')) as Record<string, unknown> & { date?: string; data?: { records?: number } };
    const figures = last[section] as Record<string, unknown> | undefined;
    if (!figures) return null;
    return { ...figures, records: figures['records'] ?? last.data?.records, measured: figures['measured'] ?? last.date, note: 'from an earlier run (this run did not measure it)' };
  } catch {
    return null;
  }
}

const toPerson = (id: string, r: Pick<SyntheticRecord, 'names' | 'givenName' | 'familyName' | 'sex' | 'birthYear'>): PersonForMatching =>
  ({ id, names: [...new Set([...r.names, `${r.givenName} ${r.familyName}`])], givenName: r.givenName, familyName: r.familyName, sex: r.sex, birthYear: r.birthYear, places: [] });

async function insertRecords(rows: Array<{ id: string; personId: string; r: SyntheticRecord }>, crisisId: string, orgId: string): Promise<void> {
  const people = rows.map(({ personId, r }) => ({ id: personId, g: r.givenName, f: r.familyName, names: r.names }));
  await sql`insert into people (id, crisis_id, controller_organisation_id, purpose, legal_basis, sensitivity, channel, retention_policy, retention_until, given_name, family_name, other_names)
    select v.id, ${crisisId}, ${orgId}, 'family_tracing', 'consent', 'confidential', 'import', 'tracing_pfif_expiry', date '2027-12-01', v.g, v.f, v.names
    from jsonb_to_recordset(${JSON.stringify(people)}::jsonb) as v(id uuid, g text, f text, names text[])`.execute(db);
  const records = rows.map(({ id, personId, r }) => ({ id, p: personId, s: r.sex, y: String(r.birthYear) }));
  await sql`insert into tracing_records (id, crisis_id, organisation_id, record_id, kind, person_id, legal_basis, sensitivity, sex, date_of_birth, expiry_date)
    select v.id, ${crisisId}, ${orgId}, 'bench.local/' || v.id, 'looking_for', v.p, 'consent', 'confidential', v.s, v.y, timestamptz '2027-12-01'
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, p uuid, s text, y text)`.execute(db);
  const keyRecord: string[] = [];
  const keyValue: string[] = [];
  for (const { id, r } of rows) for (const key of new Set(blockingKeys(toPerson(id, r)))) {
    keyRecord.push(id);
    keyValue.push(key);
  }
  await sql`insert into tracing_blocking_keys (crisis_id, key, tracing_record_id) select ${crisisId}, k, r from unnest(${keyValue}::text[], ${keyRecord}::uuid[]) as t(k, r)`.execute(db);
}

try {
  await migrate(db);
  const org = await sql<{ id: string }>`insert into organisations (name, type) values ('Bench tracing NGO', 'ngo') returning id`.execute(db);
  const crisis = await sql<{ id: string }>`insert into crises (slug, name, type, status, affected_countries, start_date) values ('bench-tracing', 'Bench tracing', 'conflict', 'current', array['SD'], '2026-01-01') returning id`.execute(db);
  const orgId = org.rows[0]?.id as string;
  const crisisId = crisis.rows[0]?.id as string;
  const generator = makeGenerator(SEED);

  // 1. Seed, with the key table's indexes built after the load (as a bulk import would).
  await sql`alter table tracing_blocking_keys drop constraint tracing_blocking_keys_pkey`.execute(db);
  await sql`drop index tracing_blocking_keys_record_idx`.execute(db);
  let t0 = performance.now();
  let batch: Array<{ id: string; personId: string; r: SyntheticRecord }> = [];
  const samples: SyntheticRecord[] = [];
  let n = 0;
  for (const r of generator.records(RECORDS)) {
    batch.push({ id: randomUUID(), personId: randomUUID(), r });
    if (n % Math.max(1, Math.floor(RECORDS / (PROBES * 2))) === 0) samples.push(r);
    n += 1;
    if (batch.length === BATCH) {
      await insertRecords(batch, crisisId, orgId);
      batch = [];
      if (n % 100_000 === 0) console.log(`  seeded ${n} records (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  if (batch.length > 0) await insertRecords(batch, crisisId, orgId);
  const indexStarted = performance.now();
  await sql`alter table tracing_blocking_keys add primary key (crisis_id, key, tracing_record_id)`.execute(db);
  await sql`create index tracing_blocking_keys_record_idx on tracing_blocking_keys (tracing_record_id)`.execute(db);
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  await sql`analyze`.execute(db);
  const seedSeconds = (performance.now() - t0) / 1000;
  const keyRows = Number((await sql<{ n: string }>`select count(*) as n from tracing_blocking_keys`.execute(db)).rows[0]?.n);
  console.log(`seeded ${RECORDS} records and ${keyRows} blocking keys in ${seedSeconds.toFixed(1)} s (key indexes built in ${indexSeconds.toFixed(1)} s)`);

  // 2. Batch linkage of everything.
  const batchLinkage = MODE !== 'no' ? await (async () => {
    const rssBeforeLinkage = process.memoryUsage().rss;
    t0 = performance.now();
    const people: PersonForMatching[] = [];
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await sql<{ id: string; other_names: string[]; given_name: string | null; family_name: string | null; sex: 'female' | 'male'; date_of_birth: string }>`
        select r.id, p.other_names, p.given_name, p.family_name, r.sex, r.date_of_birth from tracing_records r join people p on p.id = r.person_id
        where r.crisis_id = ${crisisId} and r.id > ${after}::uuid and r.expired_at is null order by r.id limit 50000`.execute(db);
      for (const row of page.rows) {
        people.push(toPerson(row.id, { names: row.other_names, givenName: row.given_name ?? '', familyName: row.family_name ?? '', sex: row.sex, birthYear: Number(row.date_of_birth) }));
      }
      if (page.rows.length < 50000) break;
      after = page.rows.at(-1)?.id as string;
    }
    const readSeconds = (performance.now() - t0) / 1000;
    console.log(`  read ${people.length} records back in ${readSeconds.toFixed(1)} s`);
    const allKeys: string[][] = people.map((p) => [...new Set(blockingKeys(p))]);
    const blockSize = new Map<string, number>();
    for (const keys of allKeys) for (const key of keys) blockSize.set(key, (blockSize.get(key) ?? 0) + 1);
    // Blocks larger than MAX_BLOCK are left out (counted below); each record keeps only its other keys, sorted.
    const keysOf = allKeys.map((keys) => keys.filter((k) => (blockSize.get(k) ?? 0) <= MAX_BLOCK).sort());
    allKeys.length = 0;
    const blocks = new Map<string, number[]>();
    keysOf.forEach((keys, i) => {
      for (const key of keys) {
        const list = blocks.get(key);
        if (list) list.push(i);
        else blocks.set(key, [i]);
      }
    });
    let skippedBlocks = 0;
    let skippedPairs = 0;
    let largestBlock = 0;
    for (const size of blockSize.values()) {
      largestBlock = Math.max(largestBlock, size);
      if (size > MAX_BLOCK) {
        skippedBlocks += 1;
        skippedPairs += (size * (size - 1)) / 2;
      }
    }
    const keysSeconds = (performance.now() - t0) / 1000 - readSeconds;
    console.log(`  blocking keys and ${blocks.size} blocks in ${keysSeconds.toFixed(1)} s; comparing in ${WORKERS} workers`);
    // Split the blocks over the cores by their pair counts, and compare in worker threads.
    const shares: Array<Array<[string, number[]]>> = Array.from({ length: WORKERS }, () => []);
    const load = new Array<number>(WORKERS).fill(0);
    for (const entry of [...blocks].sort((a, b) => b[1].length - a[1].length)) {
      if (entry[1].length < 2) continue;
      const w = load.indexOf(Math.min(...load));
      (shares[w] as Array<[string, number[]]>).push(entry);
      load[w] = (load[w] as number) + (entry[1].length * (entry[1].length - 1)) / 2;
    }
    const results = await Promise.all(shares.map((share) => new Promise<{ comparisons: number; pairs: number }>((resolve, reject) => {
      // A worker does not inherit tsx's loader: the small script registers it, then loads the TypeScript worker.
      const entry = new URL('./lib/tracing-batch-worker.ts', import.meta.url).href;
      const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { eval: true, workerData: { people, keysOf, blocks: share, threshold: MATCH_THRESHOLD } });
      worker.once('message', resolve);
      worker.once('error', reject);
    })));
    const comparisons = results.reduce((a, r) => a + r.comparisons, 0);
    const pairs = results.reduce((a, r) => a + r.pairs, 0);
    const linkageSeconds = (performance.now() - t0) / 1000;
    const batchFigures = {
      seconds: +linkageSeconds.toFixed(1), readSeconds: +readSeconds.toFixed(1), keysSeconds: +keysSeconds.toFixed(1), blocks: blocks.size, largestBlock, maxBlock: MAX_BLOCK, skippedBlocks, skippedPairs,
      workers: WORKERS, comparisons, pairsAboveThreshold: pairs, rssBeforeMb: mb(rssBeforeLinkage), peakRssMb: mb(peakRss), targetSeconds: 300,
    };
    console.log(`batch linkage: ${RECORDS} records, ${comparisons} comparisons in ${blocks.size} blocks (${skippedBlocks} blocks > ${MAX_BLOCK} skipped), ${pairs} pairs ≥ ${MATCH_THRESHOLD}, ${batchFigures.seconds} s (target ≤ 300), peak RSS ${batchFigures.peakRssMb} MB`);
    people.length = 0;
    keysOf.length = 0;
    blocks.clear();
    return { records: RECORDS, ...batchFigures };
  })() : previous('batchLinkage');

  // 3. Incremental: one new record against all of them, through the job's own code path.
  const incremental = MODE !== 'only' ? await (async () => {
    const times: number[] = [];
    const stored: number[] = [];
    const probeGenerator = makeGenerator(SEED + 1);
    for (let i = 0; i < PROBES + 20; i += 1) {
      const base = samples[i % samples.length] as SyntheticRecord;
      const e = probeGenerator.entity(base.entity);
      const variant = { ...probeGenerator.record(e, true), names: [base.names[0]?.split(' ').reverse().join(' ') as string], givenName: base.givenName, familyName: base.familyName, birthYear: base.birthYear + (i % 3) - 1, sex: base.sex };
      const id = randomUUID();
      await insertRecords([{ id, personId: randomUUID(), r: variant }], crisisId, orgId);
      await sql`delete from tracing_blocking_keys where tracing_record_id = ${id}`.execute(db);
      const started = performance.now();
      const found = await matchRecord(db, id);
      if (i >= 20) {
        times.push(performance.now() - started);
        stored.push(found);
      }
    }
    times.sort((a, b) => a - b);
    return {
      records: RECORDS, probes: PROBES, p50Ms: +percentile(times, 50).toFixed(1), p95Ms: +percentile(times, 95).toFixed(1), p99Ms: +percentile(times, 99).toFixed(1),
      meanPairsStored: +(stored.reduce((a, b) => a + b, 0) / Math.max(1, stored.length)).toFixed(2), targetP95Ms: 100, rssMb: mb(process.memoryUsage().rss),
    };
  })() : previous('incremental');
  if (MODE !== 'only' && incremental) console.log(`incremental: one new record against ${RECORDS}: p50 ${incremental['p50Ms']} ms, p95 ${incremental['p95Ms']} ms (target ≤ 100), p99 ${incremental['p99Ms']} ms, ${incremental['meanPairsStored']} pairs stored per record`);
  clearInterval(sampler);
  const file = writeResult('tracing-scale', {
    machine: machine(), database: 'postgres', matcher: MATCHER_VERSION,
    data: { records: RECORDS, seed: SEED, scripts: ['Latin', 'Arabic', 'Cyrillic', "Ge'ez"], duplicatesPerPerson: '70% one record, else 2 or 3 with spelling, script, order and birth-year variants', blockingKeyRows: keyRows },
    seedSeconds: +seedSeconds.toFixed(1), keyIndexSeconds: +indexSeconds.toFixed(1), batchLinkage, incremental, peakRssMb: mb(peakRss),
  });
  console.log(`written to ${file}`);
} finally {
  clearInterval(sampler);
  await handle.close();
  cluster.stop();
}
