/** `lifeline retention run [--dry-run]`: apply retention policies now, or show what would go. */
import { loadConfig } from '../../config.ts';
import { type RetentionReport, runRetention } from '../../features/data-protection/retention.service.ts';
import { retentionTargets } from '../../features/retention-targets.ts';
import { type Command, type CommandIo, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

/** The report as lines: one per target and policy, with the action and the count (no personal data). */
export function printRetentionReport(report: RetentionReport, io: CommandIo): void {
  io.out(report.dryRun ? `Dry run: ${report.total} record(s) are due; nothing was changed.` : `Retention applied to ${report.total} record(s) (run ${report.runId ?? '-'}).`);
  for (const [target, counts] of Object.entries(report.results)) {
    const entries = Object.entries(counts);
    if (entries.length === 0) io.out(`  ${target.padEnd(16)} nothing due`);
    for (const [policy, n] of entries) {
      const verb = report.actions[policy] === 'purge' ? (report.dryRun ? 'would purge' : 'purged') : report.dryRun ? 'would anonymise' : 'anonymised';
      io.out(`  ${target.padEnd(16)} ${policy.padEnd(32)} ${verb.padEnd(16)} ${n}`);
    }
  }
}

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
      const report = await runRetention(database.db, retentionTargets, { dryRun: values['dry-run'] === true, triggeredBy: 'cli' });
      printRetentionReport(report, io);
      return 0;
    } finally {
      await database.close();
    }
  },
};
