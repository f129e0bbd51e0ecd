/** Entry of the `lifeline` CLI: finds the command, parses its options, turns errors into one line and an exit code. */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.ts';
import { MigrationError } from '../db/migrate.ts';
import { AppError } from '../http/errors.ts';
import { type Command, type CommandIo, UsageError } from './command.ts';
import { commands } from './commands/index.ts';

const stdio: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: lifeline <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `lifeline <command> --help` for the options of one command.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  const options = Object.entries(command.options);
  if (options.length > 0) {
    lines.push('', 'Options:');
    for (const [name, spec] of options) {
      lines.push(`  --${name}${spec.type === 'string' ? ' <value>' : ''}`);
    }
  }
  if (command.help) lines.push('', command.help);
  return lines.join('\n');
}

export async function main(argv: string[], io: CommandIo = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`lifeline: unknown command "${name}". Run \`lifeline --help\` to see the commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    const parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals ?? false, strict: true });
    return await command.run({ values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals }, io);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`lifeline ${name}: ${(error as Error).message}. Run \`lifeline ${name} --help\`.`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.err(`lifeline: ${error.message}`);
      return 2;
    }
    if (error instanceof AppError) {
      const detail = error.details?.map((d) => `${d.field}: ${d.message}`).join('; ');
      io.err(`lifeline ${name}: ${error.message}${detail ? ` (${detail})` : ''}`);
      return error.code === 'UNAVAILABLE' ? 3 : 1;
    }
    if (error instanceof MigrationError) {
      io.err(`lifeline ${name}: ${error.message}`);
      return 1;
    }
    io.err(`lifeline ${name}: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}
