/**
 * Intake under load, through the real server (a child process) and signed Twilio webhooks:
 *   1. sustained: --rate messages/s for --seconds (default 1,000/s for 60 s);
 *   2. burst: --burst messages (default 10,000) as fast as --in-flight allows; the server is killed
 *      with SIGKILL part-way and restarted while the simulator keeps retrying, as a gateway does;
 *   3. count: every sent message id against the rows stored: lost and duplicated.
 * Runs on PostgreSQL 15 (a throw-away cluster) and on PGlite, and reports both.
 *
 *   node --import tsx bench/intake-load.ts [--seconds 60] [--rate 1000] [--burst 10000] [--in-flight 200]
 *       [--pglite-rate 300] [--pglite-burst 3000] [--only postgres|pglite]
 * PGlite (one embedded backend for a field office) is offered a lower rate, about what it sustains, so the
 * run ends in bounded time; the ratio of the rates reached is reported.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { makeMessages, runSimulator, type SimulatorResult } from '../src/features/intake/simulator.ts';
import { LOAD_TWILIO_TOKEN, seedLoadChannel } from './lib/load-channel.ts';
import { startPostgres } from './lib/postgres.ts';
import { percentile, writeResult } from './lib/report.ts';
import { prepareTarget, type RunningServer, startServer } from './lib/server.ts';
import { openDatabase } from '../src/db/client.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rate: { type: 'string', default: '1000' },
    burst: { type: 'string', default: '10000' },
    'in-flight': { type: 'string', default: '200' },
    'kill-after-ms': { type: 'string', default: '1500' },
    'pglite-rate': { type: 'string', default: '300' },
    'pglite-burst': { type: 'string', default: '3000' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const burst = Number(values.burst);
const maxInFlight = Number(values['in-flight']);
const killAfterMs = Number(values['kill-after-ms']);
const TOKEN = LOAD_TWILIO_TOKEN;

function summarise(r: SimulatorResult) {
  const sorted = [...r.ackLatenciesMs].sort((a, b) => a - b);
  const attempts = [...r.attemptLatenciesMs].sort((a, b) => a - b);
  return {
    sent: r.sent,
    acknowledged: r.acknowledged,
    gaveUp: r.gaveUp,
    retries: r.retries,
    rate: Math.round(r.acknowledged / (r.elapsedMs / 1000)),
    ackP50Ms: Number(percentile(sorted, 50).toFixed(1)),
    ackP95Ms: Number(percentile(sorted, 95).toFixed(1)),
    ackP99Ms: Number(percentile(sorted, 99).toFixed(1)),
    attemptP99Ms: Number(percentile(attempts, 99).toFixed(1)),
  };
}

const cluster = values.only === 'pglite' ? undefined : await startPostgres();
const runs: Array<Record<string, unknown>> = [];
try {
  for (const kind of ['postgres', 'pglite'] as const) {
    if (values.only && values.only !== kind) continue;
    if (kind === 'postgres' && !cluster) {
      console.log('PostgreSQL 15 not found: skipping it');
      continue;
    }
    let channelId = '';
    const target = await prepareTarget(kind, cluster?.url, async (handle, key) => {
      channelId = await seedLoadChannel(handle, key);
    });
    let server: RunningServer | undefined = await startServer(target);
    try {
      // 1. sustained
      const offered = kind === 'pglite' ? Number(values['pglite-rate']) : rate;
      const burstSize = kind === 'pglite' ? Number(values['pglite-burst']) : burst;
      const sustainedMessages = makeMessages(Math.round(offered * seconds), `SMsus${kind}`);
      console.log(`${kind}: sustained ${offered}/s for ${seconds} s (${sustainedMessages.length} messages)...`);
      const sustained = await runSimulator(sustainedMessages, { url: server.url, channelId, authToken: TOKEN, rate: offered, maxInFlight, giveUpAfterMs: 120_000 });
      const sustainedSummary = summarise(sustained);
      console.log(`${kind}: sustained ${JSON.stringify(sustainedSummary)}`);

      // 2. burst with SIGKILL and restart
      const burstMessages = makeMessages(burstSize, `SMbur${kind}`);
      console.log(`${kind}: burst of ${burstSize}, SIGKILL after ${killAfterMs} ms, then restart...`);
      const url = server.url;
      const port = new URL(url).port;
      const running = server;
      let restartMs = 0;
      const killer = (async () => {
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        console.log(`${kind}: SIGKILL to the server (pid ${running.child.pid})`);
        running.child.kill('SIGKILL');
        await new Promise((resolve) => running.child.once('exit', resolve));
        const t0 = performance.now();
        server = await startServer(target, { PORT: port });
        restartMs = Math.round(performance.now() - t0);
      })();
      const burstResult = await runSimulator(burstMessages, { url, channelId, authToken: TOKEN, rate: 0, maxInFlight, giveUpAfterMs: 300_000, attemptTimeoutMs: 15_000 });
      await killer;
      const burstSummary = { ...summarise(burstResult), restartMs };
      console.log(`${kind}: burst ${JSON.stringify(burstSummary)}`);

      // 3. count against what was sent
      await server?.stop();
      server = undefined;
      const handle = await openDatabase({ databaseUrl: target.env['DATABASE_URL'], dataDir: target.env['DATA_DIR'] });
      const sentIds = [...sustainedMessages, ...burstMessages].map((m) => m.sid);
      const rows = await handle.db.selectFrom('messages').select('provider_message_id').where('channel_id', '=', channelId).where('direction', '=', 'in').execute();
      await handle.close();
      const stored = rows.length;
      const distinct = new Set(rows.map((r) => r.provider_message_id));
      const lost = sentIds.filter((id) => !distinct.has(id)).length;
      const duplicated = stored - distinct.size;
      const acknowledgedButLost = lost; // every message was acknowledged (gaveUp counts the rest)
      const run = {
        database: kind,
        offeredRate: offered,
        burstSize,
        sent: sentIds.length,
        stored,
        lost,
        duplicated,
        acknowledgedButLost,
        sustainedRate: sustainedSummary.rate,
        ackP50Ms: sustainedSummary.ackP50Ms,
        ackP95Ms: sustainedSummary.ackP95Ms,
        ackP99Ms: sustainedSummary.ackP99Ms,
        sustained: sustainedSummary,
        burst: burstSummary,
      };
      runs.push(run);
      writeResults();
      console.log(`${kind}: sent ${run.sent}, stored ${stored}, lost = ${lost}, duplicated = ${duplicated}, sustained ${run.sustainedRate}/s, ack p50/p95/p99 ${run.ackP50Ms}/${run.ackP95Ms}/${run.ackP99Ms} ms`);
    } finally {
      await server?.stop();
      await target.cleanup();
    }
  }
} finally {
  cluster?.stop();
}

writeResults();

/** Written after each database, so a long run keeps what it measured; a run of one database keeps the other's last result. */
function writeResults(): void {
  const previous = (() => {
    try {
      return (JSON.parse(fs.readFileSync(new URL('./results/intake-load.json', import.meta.url), 'utf8')) as { runs?: Array<Record<string, unknown>> }).runs ?? [];
    } catch {
      return [];
    }
  })();
  const merged = [...previous.filter((p) => !runs.some((r) => r['database'] === p['database'])), ...runs];
  const pg = merged.find((r) => r['database'] === 'postgres');
  const lite = merged.find((r) => r['database'] === 'pglite');
  const file = writeResult('intake-load', {
    dataShape: `Twilio-signed SMS webhooks, 500 senders, 11 languages; sustained for ${seconds} s at the offered rate, then a burst with SIGKILL after ${killAfterMs} ms and a restart; in-flight limit ${maxInFlight}; load generator on the same 2 cores`,
    ...(pg ?? lite ?? {}),
    runs: merged,
    pgliteOverPostgresRate: pg && lite ? Number(((lite['sustainedRate'] as number) / (pg['sustainedRate'] as number)).toFixed(2)) : null,
  });
  console.log(`written ${file}`);
}
