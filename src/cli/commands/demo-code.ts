/** `lifeline demo-code`: the current two-factor codes of the demo accounts (and only those). */
import { loadConfig } from '../../config.ts';
import { currentTotp, openTotpSecret } from '../../features/auth/totp.ts';
import { loadSecretKey } from '../../shared/secret-key.ts';
import type { Command } from '../command.ts';
import { openConfiguredDatabase } from '../runtime.ts';

export const demoCodeCommand: Command = {
  name: 'demo-code',
  summary: 'Print the current two-factor codes of the demo accounts',
  usage: 'lifeline demo-code',
  options: {},
  async run(_args, io) {
    const config = loadConfig();
    const key = loadSecretKey(config);
    const database = await openConfiguredDatabase(config);
    try {
      const users = await database.db
        .selectFrom('users')
        .select(['email', 'totp_secret_encrypted'])
        .where('is_demo', '=', true)
        .where('totp_secret_encrypted', 'is not', null)
        .orderBy('email')
        .execute();
      if (users.length === 0) {
        io.err('lifeline demo-code: there are no demo accounts in this database (run `npx lifeline seed-demo` first)');
        return 1;
      }
      for (const user of users) {
        io.out(`${user.email.padEnd(34)} ${await currentTotp(openTotpSecret(user.totp_secret_encrypted as string, key))}`);
      }
      io.out('Codes change every 30 seconds.');
      return 0;
    } finally {
      await database.close();
    }
  },
};
