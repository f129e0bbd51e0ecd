/** What a CLI command is: a name, help text, parseArgs options and a run function returning an exit code. */
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Extra lines printed by --help. */
  help?: string;
  options: OptionSpec;
  /** Positional arguments allowed (sub-commands such as `audit verify`). */
  positionals?: boolean;
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }, io: CommandIo): Promise<number>;
}

/** Thrown for a wrong invocation; main prints the message on one line and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
