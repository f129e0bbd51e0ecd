/** `lifeline retention run [--dry-run]`: apply retention policies now, or show what would go. */
import { loadConfig } from '../../config.ts';
import { runRetention } from '../../features/data-protection/retention.service.ts';
import { retentionTargets } from '../../features/retention-targets.ts';
import { type Command, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const retentionCommand: Command = {
  name: 'retention',
  summary: 'Apply retention policies (retention run [--dry-run])',
  usage: 'lifeline retention run [--dry-run]',
  help: '--dry-run counts what is due per record kind and policy and changes nothing.',
  options: { 'dry-run': { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'run') throw new UsageError('say what to do: run');
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const dryRun = values['dry-run'] === true;
      const report = await runRetention(database.db, retentionTargets, { dryRun, triggeredBy: 'cli' });
      io.out(dryRun ? `Dry run: ${report.total} record(s) are due.` : `Retention applied to ${report.total} record(s).`);
      for (const [target, counts] of Object.entries(report.results)) {
        for (const [policy, n] of Object.entries(counts)) io.out(`  ${target.padEnd(16)} ${policy.padEnd(32)} ${n}`);
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};
