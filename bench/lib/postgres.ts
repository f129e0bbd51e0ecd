/**
 * A throw-away PostgreSQL 15 cluster on a free loopback port, for benchmarks that compare the two
 * databases in one run. Uses BENCH_DATABASE_URL instead when it is set.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const PGBIN = '/usr/lib/postgresql/15/bin';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Cluster {
  url: string;
  stop(): void;
}

/** Benchmarks create and drop databases and saturate the server: they only ever target this machine. */
export function assertLoopback(url: string, what: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`${what} must point at 127.0.0.1, localhost or ::1 (got host "${host}"): benchmarks never target another machine`);
  }
}

export async function startPostgres(): Promise<Cluster | undefined> {
  const given = process.env['BENCH_DATABASE_URL'];
  if (given) {
    assertLoopback(given, 'BENCH_DATABASE_URL');
    return { url: given, stop: () => undefined };
  }
  if (!fs.existsSync(path.join(PGBIN, 'initdb'))) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]): void => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', path.join(PGBIN, cmd), ...args], { stdio: 'pipe' });
    else execFileSync(path.join(PGBIN, cmd), args, { stdio: 'pipe' });
  };
  if (asRoot) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
    } catch {
      execFileSync('useradd', ['--system', '--no-create-home', 'postgres'], { stdio: 'pipe' });
    }
    execFileSync('chown', ['postgres', dir]);
  }
  const port = await freePort();
  try {
    run('initdb', ['-D', path.join(dir, 'data'), '-U', 'lifeline', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    run('pg_ctl', ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c synchronous_commit=on`, 'start']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://lifeline@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'fast', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
