/** Every CLI command, in the order `lifeline --help` lists them. */
import type { Command } from '../command.ts';
import { auditCommand } from './audit.ts';
import { demoCodeCommand } from './demo-code.ts';
import { directoryCommand } from './directory.ts';
import { doctorCommand } from './doctor.ts';
import { mapCommand } from './map.ts';
import { migrateCommand } from './migrate.ts';
import { retentionCommand } from './retention.ts';
import { seedDemoCommand } from './seed-demo.ts';
import { serveCommand } from './serve.ts';
import { simulateGatewayCommand } from './simulate-gateway.ts';
import { tracingCommand } from './tracing.ts';
import { triageCommand } from './triage.ts';

export const commands: Command[] = [serveCommand, migrateCommand, seedDemoCommand, demoCodeCommand, auditCommand, retentionCommand, triageCommand, tracingCommand, directoryCommand, mapCommand, simulateGatewayCommand, doctorCommand];
