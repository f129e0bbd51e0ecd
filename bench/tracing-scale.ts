/**
 * Tracing at scale on PostgreSQL 15: 1,000,000 synthetic multilingual tracing records (seeded generator, Arabic,
 * Latin, Cyrillic and Ge'ez names with spelling variants; bench/lib/tracing-names.ts) with their blocking keys in
 * tracing_blocking_keys, then
 *   - batch linkage: read every record back and link them all with the engine's BatchLinker
 *     (src/features/tracing/matching/batch.ts, the one batch code path): each record prepared and keyed once, every
 *     pair sharing a key compared once in two worker threads (a block larger than MAX_BLOCK is split into two-year
 *     birth slices; slices still larger are skipped and counted),
 *     the pairs above the threshold counted, and measured against the generator's truth (which records are one
 *     person, kept in record_id): blocking recall, and precision and recall of the pairs above the threshold;
 *   - incremental matching: a new record (a variant of a stored person) matched against all of them through the same
 *     matchRecord the job queue runs (key lookup in the index, candidate scoring, pairs stored), p50/p95/p99;
 * with the process's peak RSS (worker threads included) and its CPU seconds (all threads: the machine is shared).
 *   node --import tsx bench/tracing-scale.ts [records=1000000] [probes=200] [maxBlock=200] [yes|no|only] [reuse]
 * Without BENCH_DATABASE_URL a throw-away cluster is started. With it (a loopback PostgreSQL 15), `reuse` keeps a
 * database already seeded by an earlier run with the same record count and seed (seeding 1,000,000 records takes
 * minutes), and the probes' records are deleted at the end. Seeding writes rows straight into people/tracing_records
 * (no audit entries or jobs): it sets the stage, it is not measured against a target.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { MATCH_THRESHOLD, matchRecord } from '../src/features/tracing/match.jobs.ts';
import { blockingKeys, defaultModel, MATCHER_VERSION, type PersonForMatching } from '../src/features/tracing/matcher.ts';
import { BatchLinker } from '../src/features/tracing/matching/batch.ts';
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
const REUSE = process.argv[6] === 'reuse';
const WORKERS = 2;
const BATCH = 10_000;
const SEED = 20261201;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
const cpuSeconds = (since: NodeJS.CpuUsage): number => +((process.cpuUsage(since).user + process.cpuUsage(since).system) / 1e6).toFixed(1);
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

/** record_id says which synthetic person a record is (bench.local/<entity>/<id>), for the truth; a probe's says probe. */
async function insertRecords(rows: Array<{ id: string; personId: string; r: SyntheticRecord }>, crisisId: string, orgId: string, probe = false): Promise<void> {
  const people = rows.map(({ personId, r }) => ({ id: personId, g: r.givenName, f: r.familyName, names: r.names }));
  await sql`insert into people (id, crisis_id, controller_organisation_id, purpose, legal_basis, sensitivity, channel, retention_policy, retention_until, given_name, family_name, other_names)
    select v.id, ${crisisId}, ${orgId}, 'family_tracing', 'consent', 'confidential', 'import', 'tracing_pfif_expiry', date '2027-12-01', v.g, v.f, v.names
    from jsonb_to_recordset(${JSON.stringify(people)}::jsonb) as v(id uuid, g text, f text, names text[])`.execute(db);
  const records = rows.map(({ id, personId, r }) => ({ id, p: personId, s: r.sex, y: String(r.birthYear), e: probe ? 'probe' : String(r.entity) }));
  await sql`insert into tracing_records (id, crisis_id, organisation_id, record_id, kind, person_id, legal_basis, sensitivity, sex, date_of_birth, expiry_date)
    select v.id, ${crisisId}, ${orgId}, 'bench.local/' || v.e || '/' || v.id, 'looking_for', v.p, 'consent', 'confidential', v.s, v.y, timestamptz '2027-12-01'
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(id uuid, p uuid, s text, y text, e text)`.execute(db);
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
  const generator = makeGenerator(SEED);
  const samples: SyntheticRecord[] = [];
  const sampleEvery = Math.max(1, Math.floor(RECORDS / (PROBES * 2)));
  const existing = await sql<{ id: string; organisation_id: string; n: string }>`
    select c.id, min(r.organisation_id::text) as organisation_id, count(r.id) as n from crises c left join tracing_records r on r.crisis_id = c.id and r.record_id not like 'bench.local/probe/%'
    where c.slug = 'bench-tracing' group by c.id`.execute(db);
  const reused = REUSE && Number(existing.rows[0]?.n) === RECORDS;
  let crisisId: string;
  let orgId: string;
  let seedSeconds: number | null = null;
  let indexSeconds: number | null = null;
  let t0 = performance.now();
  if (reused) {
    crisisId = existing.rows[0]?.id as string;
    orgId = existing.rows[0]?.organisation_id as string;
    // The same seed gives the same records: the probes are variants of the same samples.
    let n = 0;
    for (const r of generator.records(RECORDS)) if (n++ % sampleEvery === 0) samples.push(r);
    console.log(`reusing the ${RECORDS} records seeded earlier (seed ${SEED})`);
  } else {
    if (existing.rows.length > 0) {
      await sql`delete from tracing_candidates where crisis_id = ${existing.rows[0]?.id}`.execute(db);
      await sql`delete from tracing_blocking_keys where crisis_id = ${existing.rows[0]?.id}`.execute(db);
      await sql`delete from tracing_records where crisis_id = ${existing.rows[0]?.id}`.execute(db);
      await sql`delete from people where crisis_id = ${existing.rows[0]?.id}`.execute(db);
      await sql`delete from crises where id = ${existing.rows[0]?.id}`.execute(db);
    }
    const org = await sql<{ id: string }>`insert into organisations (name, type) values ('Bench tracing NGO', 'ngo') on conflict ((lower(name))) do update set type = excluded.type returning id`.execute(db);
    const crisis = await sql<{ id: string }>`insert into crises (slug, name, type, status, affected_countries, start_date) values ('bench-tracing', 'Bench tracing', 'conflict', 'current', array['SD'], '2026-01-01') returning id`.execute(db);
    orgId = org.rows[0]?.id as string;
    crisisId = crisis.rows[0]?.id as string;

    // 1. Seed, with the key table's indexes built after the load (as a bulk import would).
    await sql`alter table tracing_blocking_keys drop constraint if exists tracing_blocking_keys_pkey`.execute(db);
    await sql`drop index if exists tracing_blocking_keys_record_idx`.execute(db);
    let batch: Array<{ id: string; personId: string; r: SyntheticRecord }> = [];
    let n = 0;
    for (const r of generator.records(RECORDS)) {
      batch.push({ id: randomUUID(), personId: randomUUID(), r });
      if (n % sampleEvery === 0) samples.push(r);
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
    indexSeconds = +((performance.now() - indexStarted) / 1000).toFixed(1);
    await sql`analyze`.execute(db);
    seedSeconds = +((performance.now() - t0) / 1000).toFixed(1);
  }
  const keyRows = Number((await sql<{ n: string }>`select count(*) as n from tracing_blocking_keys where crisis_id = ${crisisId}`.execute(db)).rows[0]?.n);
  if (!reused) console.log(`seeded ${RECORDS} records and ${keyRows} blocking keys in ${seedSeconds} s (key indexes built in ${indexSeconds} s)`);

  // 2. Batch linkage of everything, through the engine's batch code path.
  const batchLinkage = MODE !== 'no' ? await (async () => {
    const rssBeforeLinkage = process.memoryUsage().rss;
    peakRss = rssBeforeLinkage;
    const cpu = process.cpuUsage();
    t0 = performance.now();
    const linker = new BatchLinker();
    const entityOf = new Int32Array(RECORDS + PROBES + 100);
    type Row = { id: string; record_id: string; other_names: string[]; given_name: string | null; family_name: string | null; sex: 'female' | 'male'; date_of_birth: string };
    const PAGE = 50_000;
    const readPage = (after: string) => sql<Row>`
        select r.id, r.record_id, p.other_names, p.given_name, p.family_name, r.sex, r.date_of_birth from tracing_records r join people p on p.id = r.person_id
        where r.crisis_id = ${crisisId} and r.id > ${after}::uuid and r.expired_at is null order by r.id limit ${PAGE}`.execute(db);
    // The next page is read while this one is prepared (the database works in its own process).
    let next = readPage('00000000-0000-0000-0000-000000000000');
    let readSeconds = 0;
    for (;;) {
      const read = performance.now();
      const page = await next;
      readSeconds += (performance.now() - read) / 1000;
      if (page.rows.length === PAGE) next = readPage(page.rows.at(-1)?.id as string);
      for (const row of page.rows) {
        const i = linker.add(toPerson(row.id, { names: row.other_names, givenName: row.given_name ?? '', familyName: row.family_name ?? '', sex: row.sex, birthYear: Number(row.date_of_birth) }));
        entityOf[i] = Number(row.record_id.split('/')[1] ?? -1);
      }
      if (page.rows.length < PAGE) break;
    }
    const records = linker.size;
    const preparedSeconds = (performance.now() - t0) / 1000;
    console.log(`  read ${records} records (${readSeconds.toFixed(1)} s waiting for the database), prepared and keyed them in ${(preparedSeconds - readSeconds).toFixed(1)} s; linking in ${WORKERS} workers`);
    let truePairsFound = 0;
    const result = await linker.link({
      model: defaultModel(), threshold: MATCH_THRESHOLD, maxBlock: MAX_BLOCK, workers: WORKERS,
      onPairs: (chunk) => {
        for (let k = 0; k < chunk.left.length; k += 1) if (entityOf[chunk.left[k] as number] === entityOf[chunk.right[k] as number]) truePairsFound += 1;
      },
    });
    const linkageSeconds = (performance.now() - t0) / 1000;
    const linkageCpuSeconds = cpuSeconds(cpu);
    const linkagePeakRss = peakRss;
    // Against the truth: the generator's people (not timed).
    const byEntity = new Map<number, number[]>();
    for (let i = 0; i < records; i += 1) {
      const list = byEntity.get(entityOf[i] as number);
      if (list) list.push(i);
      else byEntity.set(entityOf[i] as number, [i]);
    }
    let truePairs = 0;
    let blocked = 0;
    for (const list of byEntity.values()) {
      for (let x = 0; x < list.length; x += 1) {
        for (let y = x + 1; y < list.length; y += 1) {
          truePairs += 1;
          if (linker.blockedTogether(list[x] as number, list[y] as number)) blocked += 1;
        }
      }
    }
    const quality = {
      truePairs, blockingRecall: +(blocked / truePairs).toFixed(4),
      precision: +(truePairsFound / Math.max(1, result.pairs)).toFixed(4), recall: +(truePairsFound / truePairs).toFixed(4),
      note: 'against the generator: records of one synthetic person are true pairs; same-name, same-sex people born years apart pass the default model, so precision is low by design of the data',
    };
    const batchFigures = {
      seconds: +linkageSeconds.toFixed(1), cpuSeconds: linkageCpuSeconds, readWaitSeconds: +readSeconds.toFixed(1), prepareSeconds: +(preparedSeconds - readSeconds).toFixed(1),
      compareSeconds: +(linkageSeconds - preparedSeconds).toFixed(1), keys: result.keys, blocks: result.blocks, largestBlock: result.largestBlock, maxBlock: MAX_BLOCK,
      splitBlocks: result.splitBlocks, skippedBlocks: result.skippedBlocks, skippedPairs: result.skippedPairs, workers: result.workers, comparisons: result.comparisons, ruledOutBeforeNames: result.ruledOutBeforeNames,
      pairsAboveThreshold: result.pairs, quality, rssBeforeMb: mb(rssBeforeLinkage), peakRssMb: mb(linkagePeakRss), targetSeconds: 300,
    };
    console.log(`batch linkage: ${records} records, ${result.comparisons} comparisons (${result.ruledOutBeforeNames} ruled out before names) in ${result.blocks} blocks (${result.splitBlocks} blocks > ${MAX_BLOCK} split by birth year, ${result.skippedBlocks} slices still > ${MAX_BLOCK} skipped), ${result.pairs} pairs ≥ ${MATCH_THRESHOLD}, ${batchFigures.seconds} s (target ≤ 300; ${linkageCpuSeconds} CPU s), peak RSS ${batchFigures.peakRssMb} MB`);
    console.log(`  against the truth: ${truePairs} true pairs, blocking recall ${quality.blockingRecall}, precision ${quality.precision}, recall ${quality.recall}`);
    return { records, ...batchFigures };
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
      await insertRecords([{ id, personId: randomUUID(), r: variant }], crisisId, orgId, true);
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
  // The probes go, so that a reused database holds the seeded records only.
  const probes = sql`select id from tracing_records where crisis_id = ${crisisId} and record_id like 'bench.local/probe/%'`;
  await sql`delete from tracing_candidates where record_a_id in (${probes}) or record_b_id in (${probes})`.execute(db);
  await sql`delete from tracing_blocking_keys where tracing_record_id in (${probes})`.execute(db);
  await sql`delete from people where id in (select person_id from tracing_records where crisis_id = ${crisisId} and record_id like 'bench.local/probe/%')`.execute(db);
  await sql`delete from tracing_records where crisis_id = ${crisisId} and record_id like 'bench.local/probe/%'`.execute(db);
  const seeding = seedSeconds !== null ? { seedSeconds, keyIndexSeconds: indexSeconds } : (() => {
    try {
      const last = JSON.parse(fs.readFileSync(new URL('./results/tracing-scale.json', import.meta.url), 'utf8')) as { seedSeconds?: number; keyIndexSeconds?: number; seeding?: string; date?: string };
      return { seedSeconds: last.seedSeconds ?? null, keyIndexSeconds: last.keyIndexSeconds ?? null, seeding: last.seeding ?? `database reused: seeded by the run of ${last.date}` };
    } catch {
      return { seedSeconds: null, keyIndexSeconds: null, seeding: 'database reused' };
    }
  })();
  clearInterval(sampler);
  const file = writeResult('tracing-scale', {
    machine: machine(), database: 'postgres', matcher: MATCHER_VERSION,
    data: { records: RECORDS, seed: SEED, scripts: ['Latin', 'Arabic', 'Cyrillic', "Ge'ez"], duplicatesPerPerson: '70% one record, else 2 or 3 with spelling, script, order and birth-year variants', blockingKeyRows: keyRows },
    ...seeding, batchLinkage, incremental, peakRssMb: mb(peakRss),
  });
  console.log(`written to ${file}`);
} finally {
  clearInterval(sampler);
  await handle.close();
  cluster.stop();
}
