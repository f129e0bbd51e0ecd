/**
 * The demo's sign-in details, kept in DATA_DIR/demo-sign-in.json (mode 0600) so every start can
 * print them. Only demo accounts are in it; a real deployment has no such file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DemoCredentials } from './demo-people.ts';

const FILE = 'demo-sign-in.json';

export function saveDemoCredentials(dataDir: string, credentials: DemoCredentials): void {
  if (dataDir.startsWith('memory://')) return;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, FILE), JSON.stringify(credentials, null, 2), { mode: 0o600 });
}

export function loadDemoCredentials(dataDir: string): DemoCredentials | undefined {
  if (dataDir.startsWith('memory://')) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as DemoCredentials;
  } catch {
    return undefined;
  }
}

export function demoSignInLines(credentials: DemoCredentials | undefined): string[] {
  if (!credentials) return [];
  const admin = credentials.users[0];
  if (!admin) return [];
  return [
    'Demo sign-in (fictional accounts; do not use this data directory in production):',
    `  email ${admin.email}   password ${credentials.password}`,
    `  two-factor code: run \`npx lifeline demo-code\`, or add the secret ${admin.totpSecret} to an authenticator app`,
    '  the public SOS form of the demo crisis: /c/sudan-conflict-demo/sos',
    `  other demo roles: ${credentials.users.slice(1).map((u) => `${u.email} (${u.role})`).join(', ')}; same password`,
  ];
}
