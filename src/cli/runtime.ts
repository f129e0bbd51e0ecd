/** Opens the database the configuration names, for CLI commands. */
import type { Config } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';

/**
 * If the embedded database crashes (src/db/pglite-guard.ts), the process says so and exits (code 70) a second later,
 * once the requests in flight have had their 503: a supervisor, or the person who ran `npm start`, starts it again,
 * and PGlite reopens the data directory from what was last written.
 */
function exitAfterEmbeddedStop(error: Error): void {
  process.stderr.write(`lifeline: ${error.message}. Stopping.\n`);
  setTimeout(() => process.exit(70), 1000).unref();
}

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    onEmbeddedStop: exitAfterEmbeddedStop,
  });
}

export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `PGlite (embedded) in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '****';
  return `PostgreSQL at ${url.toString()}`;
}
