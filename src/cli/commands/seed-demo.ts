/** `lifeline seed-demo`: load the demo crisis (idempotent). */
import { loadConfig } from '../../config.ts';
import { migrate } from '../../db/migrate.ts';
import { demoSignInLines, saveDemoCredentials } from '../../features/demo/demo-credentials.ts';
import { seedDemo } from '../../features/demo/demo-seed.ts';
import { loadSecretKey } from '../../shared/secret-key.ts';
import type { Command } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const seedDemoCommand: Command = {
  name: 'seed-demo',
  summary: 'Load the demo crisis (fictional people, real places); safe to run twice',
  usage: 'lifeline seed-demo',
  options: {},
  async run(_args, io) {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      await migrate(database.db);
      const summary = await seedDemo(database.db, { secretKey: loadSecretKey(config) });
      if (summary.credentials) saveDemoCredentials(config.dataDir, summary.credentials);
      io.out(summary.crises === 0 && !summary.credentials ? 'The demo crisis is already loaded.' : `Loaded the demo crisis (${summary.crises} crises).`);
      for (const line of demoSignInLines(summary.credentials)) io.out(line);
      return 0;
    } finally {
      await database.close();
    }
  },
};
