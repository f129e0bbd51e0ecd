/** `lifeline serve`: migrate, optionally load the demo, listen, and drain requests on SIGTERM/SIGINT. */
import { loadConfig } from '../../config.ts';
import { migrate } from '../../db/migrate.ts';
import { demoSignInLines, loadDemoCredentials, saveDemoCredentials } from '../../features/demo/demo-credentials.ts';
import { scheduleRetention } from '../../features/data-protection/retention.service.ts';
import { intakeJobHandlers } from '../../features/intake/replies.ts';
import { retentionTargets } from '../../features/retention-targets.ts';
import { tracingJobHandlers } from '../../features/tracing/match.jobs.ts';
import { scheduleRetraining } from '../../features/triage/retraining.ts';
import { triageBatchHandlers, triageJobHandlers } from '../../features/triage/triage.jobs.ts';
import { startWorker } from '../../jobs/queue.ts';
import { isEmpty, seedDemo } from '../../features/demo/demo-seed.ts';
import { loadSecretKey } from '../../shared/secret-key.ts';
import { buildApp } from '../../server.ts';
import { consoleIsBuilt } from '../../features/console/console.routes.ts';
import { type Command, UsageError } from '../command.ts';
import { describeDatabase, openConfiguredDatabase } from '../runtime.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the Lifeline server (applies migrations first)',
  usage: 'lifeline serve [--demo] [--port <n>] [--host <address>]',
  help: '--demo loads the demo crisis when the database has no crisis yet (npm start does this).',
  options: { demo: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
  async run({ values }, io) {
    const overrides: Record<string, string | undefined> = { ...process.env };
    if (typeof values['port'] === 'string') {
      if (!/^\d+$/.test(values['port'])) throw new UsageError(`--port must be a whole number, got "${values['port']}"`);
      overrides['PORT'] = values['port'];
    }
    if (typeof values['host'] === 'string') overrides['HOST'] = values['host'];
    const config = loadConfig(overrides);
    const database = await openConfiguredDatabase(config);
    let app: Awaited<ReturnType<typeof buildApp>> | undefined;
    let worker: ReturnType<typeof startWorker> | undefined;
    try {
      const applied = await migrate(database.db);
      if (applied.length > 0) io.out(`Applied ${applied.length} migration(s).`);
      if (values['demo'] && (await isEmpty(database.db))) {
        const summary = await seedDemo(database.db, { secretKey: loadSecretKey(config) });
        if (summary.credentials) saveDemoCredentials(config.dataDir, summary.credentials);
        io.out(`Loaded the demo crisis (${summary.crises} crises).`);
      }
      if (!consoleIsBuilt()) {
        io.out('Building the console (web/dist is missing)...');
        const builder = new URL('../../../bin/build-console.mjs', import.meta.url).href;
        const { buildConsole } = (await import(builder)) as { buildConsole: (o: { quiet: boolean }) => Promise<boolean> };
        await buildConsole({ quiet: true });
      }
      const notes = demoSignInLines(loadDemoCredentials(config.dataDir));
      app = await buildApp({ config, database });
      const address = await app.listen({ port: config.port, host: config.host });
      const server = app;
      scheduleRetention(database.db, retentionTargets, (error) => server.log.error({ err: error }, 'retention run failed'));
      scheduleRetraining(database.db, (error) => server.log.error({ err: error }, 'needs model retraining failed'));
      worker = startWorker(database.db, {
        handlers: { ...intakeJobHandlers({ db: database.db, key: server.secretKey }), ...triageJobHandlers(database.db), ...tracingJobHandlers(database.db, server.secretKey) },
        batchHandlers: triageBatchHandlers(database.db, database.kind === 'pglite' ? 50 : 200),
        concurrency: database.kind === 'pglite' ? 2 : 8,
        onError: (error, job) => server.log.warn({ err: error, queue: job?.queue, jobId: job?.id }, 'job failed'),
      });
      const url = config.publicUrl ?? address.replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
      io.out('');
      io.out(`Lifeline is running at ${url}`);
      io.out(`  Responder console: ${url}/console/`);
      io.out(`  API documentation: ${url}/api/docs`);
      io.out(`  Database: ${describeDatabase(config)}`);
      for (const note of notes) io.out(`  ${note}`);
      io.out('Press Ctrl+C to stop.');
    } catch (error) {
      await app?.close();
      await database.close();
      throw error;
    }

    const running = app;
    return new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        io.out(`${signal} received: finishing requests in flight, then stopping.`);
        const force = setTimeout(() => {
          io.err(`Requests still running after ${config.shutdownGraceMs} ms; stopping anyway.`);
          resolve(1);
        }, config.shutdownGraceMs);
        force.unref();
        void (worker?.stop() ?? Promise.resolve())
          .then(() => running.close())
          .then(() => database.close())
          .then(() => {
            clearTimeout(force);
            resolve(0);
          })
          .catch((error: unknown) => {
            io.err(`Error while stopping: ${(error as Error).message}`);
            resolve(1);
          });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  },
};
