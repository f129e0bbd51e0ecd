/** Opens the database the configuration names, for CLI commands. */
import type { Config } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
}

export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `PGlite (embedded) in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = '****';
  return `PostgreSQL at ${url.toString()}`;
}
