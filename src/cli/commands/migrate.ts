/** `lifeline migrate`: apply pending migrations, or list them with --status. */
import { loadConfig } from '../../config.ts';
import { migrate, migrationState } from '../../db/migrate.ts';
import type { Command } from '../command.ts';
import { describeDatabase, openConfiguredDatabase } from '../runtime.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply database migrations that have not run yet',
  usage: 'lifeline migrate [--status]',
  help: '--status lists applied and pending migrations without changing anything.',
  options: { status: { type: 'boolean' } },
  async run({ values }, io) {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      if (values['status']) {
        const state = await migrationState(database.db);
        io.out(`${describeDatabase(config)}: ${state.applied.length} applied, ${state.pending.length} pending`);
        for (const name of state.pending) io.out(`  pending  ${name}`);
        return 0;
      }
      const applied = await migrate(database.db);
      io.out(applied.length === 0 ? 'Nothing to apply: the database is up to date.' : `Applied ${applied.length} migration(s):`);
      for (const name of applied) io.out(`  ${name}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
