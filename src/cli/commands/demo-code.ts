/**
 * `lifeline demo-code`: the current two-factor codes of the demo accounts. Reads the demo sign-in file
 * in DATA_DIR (not the database), so it works while the server is running.
 */
import { loadConfig } from '../../config.ts';
import { currentTotp } from '../../features/auth/totp.ts';
import { loadDemoCredentials } from '../../features/demo/demo-credentials.ts';
import type { Command } from '../command.ts';

export const demoCodeCommand: Command = {
  name: 'demo-code',
  summary: 'Print the current two-factor codes of the demo accounts',
  usage: 'lifeline demo-code',
  options: {},
  async run(_args, io) {
    const config = loadConfig();
    const credentials = loadDemoCredentials(config.dataDir);
    if (!credentials) {
      io.err(`lifeline demo-code: no demo accounts were created in ${config.dataDir} (npm start creates them on an empty database)`);
      return 1;
    }
    for (const user of credentials.users) io.out(`${user.email.padEnd(34)} ${await currentTotp(user.totpSecret)}`);
    io.out('Codes change every 30 seconds.');
    return 0;
  },
};
