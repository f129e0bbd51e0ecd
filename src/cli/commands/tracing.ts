/**
 * `lifeline tracing relink --crisis <slug>`: link every live tracing record of a crisis at once (after a new model or
 * a bulk import) with the matching engine's batch linkage; the pairs above the threshold go to the review queue.
 * Prints counts only, never a name.
 */
import { loadConfig } from '../../config.ts';
import { findCrisisBySlug } from '../../features/crises/crises.repo.ts';
import { relinkCrisis } from '../../features/tracing/match.jobs.ts';
import { type Command, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const tracingCommand: Command = {
  name: 'tracing',
  summary: 'Link all tracing records of a crisis at once into the review queue (tracing relink)',
  usage: 'lifeline tracing relink --crisis <slug>',
  help: 'Compares every pair of live records of one organisation that share a blocking key, in worker threads, and stores the pairs above the threshold for review.',
  options: { crisis: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'relink') throw new UsageError('say what to do: tracing relink --crisis <slug>');
    if (typeof values['crisis'] !== 'string') throw new UsageError('--crisis <slug> is required');
    const database = await openConfiguredDatabase(loadConfig());
    try {
      const crisis = await findCrisisBySlug(database.db, values['crisis']);
      if (!crisis) throw new UsageError(`--crisis: there is no crisis "${values['crisis']}"`);
      const report = await relinkCrisis(database.db, crisis.id);
      io.out(`Linked ${report.records} records of ${crisis.slug}: ${report.comparisons} pairs compared, ${report.pairs} pairs stored for review${report.skippedBlocks > 0 ? ` (${report.skippedBlocks} oversized blocks skipped)` : ''}.`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
