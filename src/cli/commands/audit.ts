/** `lifeline audit verify`: recompute the audit log's hash chain and report the first broken link. */
import { loadConfig } from '../../config.ts';
import { verifyAuditChain } from '../../features/audit/audit.service.ts';
import { type Command, UsageError } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Check the audit log (audit verify)',
  usage: 'lifeline audit verify',
  help: 'verify recomputes every entry\'s hash and link; exit code 0 when intact, 1 at the first broken entry.',
  options: {},
  positionals: true,
  async run({ positionals }, io) {
    if (positionals.length !== 1 || positionals[0] !== 'verify') {
      throw new UsageError(positionals.length === 0 ? 'say what to do: verify' : `unknown sub-command "${positionals.join(' ')}"; the only one is verify`);
    }
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const result = await verifyAuditChain(database.db);
      if (result.ok) {
        io.out(`Audit chain intact: ${result.checked} entries checked.`);
        return 0;
      }
      io.err(`Audit chain broken at entry ${result.firstBrokenId}: ${result.reason} (${result.checked} entries before it are intact).`);
      return 1;
    } finally {
      await database.close();
    }
  },
};
