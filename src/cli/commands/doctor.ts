/** `lifeline doctor`: configuration, database kind and version, migration state. Changes nothing. */
import { configVariables, loadConfig } from '../../config.ts';
import { serverVersion } from '../../db/client.ts';
import { migrationState } from '../../db/migrate.ts';
import type { Command } from '../command.ts';
import { describeDatabase, openConfiguredDatabase } from '../runtime.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the configuration and the database, and print what was found',
  usage: 'lifeline doctor',
  options: {},
  async run(_args, io) {
    const config = loadConfig();
    io.out(`Node.js ${process.version}`);
    io.out('Configuration:');
    const shown: Record<string, string> = {
      PORT: String(config.port),
      HOST: config.host,
      PUBLIC_URL: config.publicUrl ?? '(unset)',
      DATA_DIR: config.dataDir,
      DATABASE_URL: config.databaseUrl ? describeDatabase(config).replace('PostgreSQL at ', '') : '(unset)',
      DATABASE_POOL_SIZE: String(config.databasePoolSize),
      LOG_LEVEL: config.logLevel,
      BODY_LIMIT_BYTES: String(config.bodyLimitBytes),
      TRUST_PROXY: String(config.trustProxy),
      AUTH_RATE_LIMIT_PER_MINUTE: String(config.authRateLimitPerMinute),
      WEBHOOK_RATE_LIMIT_PER_MINUTE: String(config.webhookRateLimitPerMinute),
      SECRET_KEY: config.secretKey ? '(set, not shown)' : `(from ${config.dataDir}/secret.key)`,
      SHUTDOWN_GRACE_MS: String(config.shutdownGraceMs),
    };
    for (const v of configVariables) io.out(`  ${v.name.padEnd(20)} ${shown[v.name] ?? '?'}`);
    let database;
    try {
      database = await openConfiguredDatabase(config);
    } catch (error) {
      io.err(`Database: cannot open ${describeDatabase(config)}: ${(error as Error).message}`);
      return 1;
    }
    try {
      io.out(`Database: ${describeDatabase(config)}, PostgreSQL ${await serverVersion(database.db)}`);
      const state = await migrationState(database.db);
      io.out(`Migrations: ${state.applied.length} applied, ${state.pending.length} pending`);
      for (const name of state.pending) io.out(`  pending  ${name}`);
      return 0;
    } catch (error) {
      io.err(`Database: ${(error as Error).message}`);
      return 1;
    } finally {
      await database.close();
    }
  },
};
