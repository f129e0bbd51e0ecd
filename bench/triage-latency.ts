/**
 * Time to an actionable record: from receipt (messages.received_at) to the machine's triage (messages.triaged_at),
 * while signed SMS webhooks arrive at a sustained rate through the real server (a child process whose job worker
 * runs the triage jobs). Targets: p50 ≤ 30 s, p95 ≤ 2 min. Also the classifier's own throughput, in messages per
 * second on one core (language, needs, urgency; no database).
 *   node --import tsx bench/triage-latency.ts [--seconds 60] [--rate 1000] [--pglite-rate 150] [--pglite-wait 60] [--only postgres|pglite]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/client.ts';
import { makeMessages, runSimulator } from '../src/features/intake/simulator.ts';
import { detectLanguage } from '../src/features/triage/language.ts';
import { matchNeeds } from '../src/features/triage/lexicon.ts';
import { warmPlaceIndex } from '../src/features/triage/extraction/index.ts';
import { readFacts } from '../src/features/triage/facts.ts';
import { assessUrgency } from '../src/features/triage/urgency.ts';
import { LOAD_TWILIO_TOKEN, seedLoadChannel } from './lib/load-channel.ts';
import { startPostgres } from './lib/postgres.ts';
import { machine, writeResult } from './lib/report.ts';
import { prepareTarget, startServer } from './lib/server.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    'pglite-rate': { type: 'string', default: '150' },
    'drain-timeout': { type: 'string', default: '600' },
    'pglite-wait': { type: 'string', default: '60' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);

/** The machine's pass alone (language, needs, urgency, and the facts: places, counts, nationalities, phones), no database. */
function classifierThroughput(): { messagesPerSecondPerCore: number; withFactsPerSecondPerCore: number; gazetteerBuildMs: number; messages: number } {
  const texts = makeMessages(20_000, 'CLS').map((m) => m.params['Body'] as string);
  const { buildMs } = warmPlaceIndex();
  for (const text of texts.slice(0, 500)) readFacts(text, ['SD'], null);
  const classify = (text: string) => {
    detectLanguage(text, { prior: [] });
    assessUrgency(text, matchNeeds(text).map((n) => n.need));
  };
  const rate = (work: (text: string) => void): number => {
    const started = performance.now();
    for (const text of texts) work(text);
    return Math.round(texts.length / ((performance.now() - started) / 1000));
  };
  const messagesPerSecondPerCore = rate(classify);
  const withFactsPerSecondPerCore = rate((text) => {
    classify(text);
    readFacts(text, ['SD'], null);
  });
  return { messagesPerSecondPerCore, withFactsPerSecondPerCore, gazetteerBuildMs: buildMs, messages: texts.length };
}

const classifier = classifierThroughput();
console.log(`classifier: ${classifier.messagesPerSecondPerCore} messages/s on one core, ${classifier.withFactsPerSecondPerCore} with the facts (${classifier.messages} messages; gazetteer built in ${classifier.gazetteerBuildMs} ms)`);

const runs: Record<string, unknown>[] = [];
const cluster = values.only === 'pglite' ? undefined : await startPostgres();
try {
  for (const kind of ['postgres', 'pglite'] as const) {
    if (values.only && values.only !== kind) continue;
    if (kind === 'postgres' && !cluster) continue;
    let channelId = '';
    const target = await prepareTarget(kind, cluster?.url, async (handle, key) => {
      channelId = await seedLoadChannel(handle, key);
    });
    const server = await startServer(target);
    try {
      const rate = kind === 'pglite' ? Number(values['pglite-rate']) : Number(values.rate);
      // Enough senders that none passes the per-sender flood limit (30 a minute), whose messages are kept but not triaged.
      const total = Math.round(rate * seconds);
      const messages = makeMessages(total, `TL${kind}`, Math.max(500, Math.ceil(total / 10)));
      console.log(`${kind}: ${rate}/s for ${seconds} s (${messages.length} messages), the server's worker triaging as they come...`);
      const sent = await runSimulator(messages, { url: server.url, channelId, authToken: LOAD_TWILIO_TOKEN, rate, maxInFlight: 200, giveUpAfterMs: 120_000 });
      const sendEnded = Date.now();
      // PostgreSQL: a second connection watches the backlog drain. PGlite's data directory belongs to the server
      // process, so there the bench waits a fixed time (--pglite-wait) and counts what is still untriaged.
      const handle = kind === 'postgres' ? await openDatabase({ databaseUrl: target.env['DATABASE_URL'] as string, poolSize: 1 }) : undefined;
      const remaining = async (): Promise<number> => {
        if (!handle) return 0;
        const row = await sql<{ n: string }>`select count(*) as n from messages where direction = 'in' and triaged_at is null`.execute(handle.db);
        return Number(row.rows[0]?.n ?? 0);
      };
      const deadline = Date.now() + Number(values['drain-timeout']) * 1000;
      if (handle) while ((await remaining()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
      else await new Promise((resolve) => setTimeout(resolve, Number(values['pglite-wait']) * 1000));
      const drainSeconds = (Date.now() - sendEnded) / 1000;
      await server.stop();
      const db = handle ?? (await openDatabase({ dataDir: target.env['DATA_DIR'] }));
      const stats = await sql<{ n: string; untriaged: string; p50: number; p95: number; p99: number; max: number }>`
        select count(*) as n, count(*) filter (where triaged_at is null) as untriaged,
          percentile_cont(0.5) within group (order by extract(epoch from triaged_at - received_at)) as p50,
          percentile_cont(0.95) within group (order by extract(epoch from triaged_at - received_at)) as p95,
          percentile_cont(0.99) within group (order by extract(epoch from triaged_at - received_at)) as p99,
          max(extract(epoch from triaged_at - received_at)) as max
        from messages where direction = 'in'`.execute(db.db);
      await db.close();
      const s = stats.rows[0];
      const run = {
        database: kind,
        offeredRate: rate,
        seconds,
        acknowledged: sent.acknowledged,
        stored: Number(s?.n ?? 0),
        untriaged: Number(s?.untriaged ?? 0),
        receiptToTriagedP50S: Number(Number(s?.p50 ?? 0).toFixed(2)),
        receiptToTriagedP95S: Number(Number(s?.p95 ?? 0).toFixed(2)),
        receiptToTriagedP99S: Number(Number(s?.p99 ?? 0).toFixed(2)),
        receiptToTriagedMaxS: Number(Number(s?.max ?? 0).toFixed(2)),
        backlogDrainedSecondsAfterLoad: handle ? Number(drainSeconds.toFixed(1)) : null,
      };
      runs.push(run);
      console.log(`${kind}: ${JSON.stringify(run)}`);
    } finally {
      await server.stop().catch(() => undefined);
      await target.cleanup();
    }
  }
} finally {
  cluster?.stop();
}

const file = writeResult('triage-latency', {
  machine: machine(),
  dataShape: `Twilio-signed SMS webhooks (at most 10 per sender, under the flood limit) in 11 languages for ${seconds} s at the offered rate; the server's job worker triages (language, needs, urgency, places, counts, nationalities, phones); load generator, server and database on the same 2 cores`,
  classifier,
  runs,
});
console.log(`written ${file}`);
