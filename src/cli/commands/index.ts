/** Every CLI command, in the order `lifeline --help` lists them. */
import type { Command } from '../command.ts';
import { doctorCommand } from './doctor.ts';
import { migrateCommand } from './migrate.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { serveCommand } from './serve.ts';

export const commands: Command[] = [serveCommand, migrateCommand, seedDemoCommand, doctorCommand];
