/**
 * Starts the real Lifeline server as a child process on a prepared database (PGlite in a temp
 * directory, or a fresh PostgreSQL database), with a signed-in platform administrator for requests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, generateSecret } from 'otplib';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { hashPassword } from '../../src/features/auth/passwords.ts';
import { sealTotpSecret } from '../../src/features/auth/totp.ts';
import { freePort } from './postgres.ts';

export const BENCH_PASSWORD = 'benchmark passphrase 2026';

export interface BenchTarget {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A fresh database of the given kind; `seed` runs on it (migrated) before any server starts. */
export async function prepareTarget(
  kind: 'pglite' | 'postgres',
  clusterUrl: string | undefined,
  seed: (handle: DatabaseHandle, key: Buffer) => Promise<void>,
): Promise<BenchTarget> {
  const key = randomBytes(32);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lifeline-bench-${kind}-`));
  const env: Record<string, string> = { SECRET_KEY: key.toString('base64'), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  let dropDatabase = async (): Promise<void> => undefined;
  let handle: DatabaseHandle;
  if (kind === 'postgres') {
    if (!clusterUrl) throw new Error('no PostgreSQL cluster');
    const name = `lifeline_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: clusterUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(clusterUrl);
    url.pathname = `/${name}`;
    env['DATABASE_URL'] = url.toString();
    env['DATABASE_POOL_SIZE'] = '20';
    handle = await openDatabase({ databaseUrl: env['DATABASE_URL'], poolSize: 4 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: clusterUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    handle = await openDatabase({ dataDir });
  }
  await migrate(handle.db);
  await seed(handle, key);
  await handle.close();
  return {
    kind,
    env,
    cleanup: async () => {
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Inserts a platform administrator with a known TOTP secret; returns what sign-in needs. */
export async function seedBenchAdmin(handle: DatabaseHandle, key: Buffer): Promise<{ email: string; totpSecret: string }> {
  const totpSecret = generateSecret();
  const email = 'bench-admin@example.org';
  await handle.db
    .insertInto('users')
    .values({ email, display_name: 'Bench Admin', password_hash: await hashPassword(BENCH_PASSWORD), is_platform_admin: true, totp_secret_encrypted: sealTotpSecret(totpSecret, key), totp_enabled_at: new Date() })
    .execute();
  return { email, totpSecret };
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startServer(target: BenchTarget, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = extraEnv['PORT'] ? Number(extraEnv['PORT']) : await freePort();
  const root = new URL('../..', import.meta.url).pathname;
  const child = spawn(process.execPath, [path.join(root, 'bin/lifeline.mjs'), 'serve'], {
    env: { ...process.env, ...target.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1' },
    detached: false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Lifeline is running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Signs in through the API (password, then TOTP); returns cookie and CSRF headers. */
export async function signInOverHttp(url: string, email: string, totpSecret: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const second = await fetch(`${url}/api/auth/two-factor`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ code: await generate({ secret: totpSecret }) }) });
  if (second.status !== 204) throw new Error(`two-factor failed: ${second.status} ${await second.text()}`);
  return headers;
}
