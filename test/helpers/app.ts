/** Builds the real app on a fresh test database. One per test file: `const t = await startTestApp(); after(() => t.close())`. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type Config, loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  db: TestDatabase['db'];
  config: Config;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', ...env });
  const database = await createTestDatabase();
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app,
    database,
    db: database.db,
    config,
    request: (options) => app.inject(options),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
