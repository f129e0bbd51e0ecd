/**
 * The `lifeline` command as a user runs it: `node bin/lifeline.mjs` in a child process, real exit codes and output.
 * On PGlite in a temporary DATA_DIR; with TEST_DATABASE_URL, against a new empty database on that server (DATA_DIR
 * then holds only secret.key and the demo sign-in). The data-directory lock is PGlite's, so only the PGlite run tests it.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { configVariables } from '../src/config.ts';
import { hsdsPackage } from './factories/directory.ts';
import { createPostgresTestDatabase, type ScratchDatabase } from './helpers/database.ts';

const bin = fileURLToPath(new URL('../bin/lifeline.mjs', import.meta.url));
const adminUrl = process.env['TEST_DATABASE_URL'];
const pgliteOnly = adminUrl ? 'the data-directory lock belongs to PGlite; the PGlite run tests it' : false;
let dataDir: string;
let scratch: ScratchDatabase | undefined;

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-cli-'));
  if (adminUrl) scratch = await createPostgresTestDatabase(adminUrl, { empty: true });
});
after(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();
});

/** The child's environment: none of ours (no stray PORT or DATABASE_URL), only what the test sets. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of configVariables) delete env[v.name];
  delete env['TEST_DATABASE_URL'];
  return { ...env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}), ...extra };
}

interface Output {
  stdout: string;
  stderr: string;
}

function lifeline(args: string[], extra: Record<string, string> = {}): { child: ChildProcess; output: Output } {
  const child = spawn(process.execPath, [bin, ...args], { env: childEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: Output = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (output.stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (output.stderr += c));
  return { child, output };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

async function run(args: string[], extra: Record<string, string> = {}): Promise<Output & { code: number | null }> {
  const { child, output } = lifeline(args, extra);
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await exited(child);
  clearTimeout(timer);
  return { code, ...output };
}

/** One line on stderr and no stack trace: what a user should see for a mistake. */
function assertOneLine(stderr: string): void {
  assert.equal(stderr.trim().split('\n').length, 1, `one line expected, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /\bat .*\.(ts|js|mjs):\d+/, 'no stack trace');
}

/** Waits for a line on a running command's stdout; fails at once if the command exits first. */
async function waitFor({ child, output }: ReturnType<typeof lifeline>, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const match = pattern.exec(output.stdout);
    if (match) return match;
    if (child.exitCode !== null || child.signalCode !== null) break;
  }
  throw new Error(`no ${pattern} (exit code ${child.exitCode}); stdout:\n${output.stdout}\nstderr:\n${output.stderr}`);
}

describe('lifeline CLI: help and mistakes', { concurrency: true }, () => {
  test('--help lists the commands and <command> --help shows its options, both exit 0', async () => {
    const [all, migrate, serve] = await Promise.all([run(['--help']), run(['migrate', '--help']), run(['serve', '--help'])]);
    assert.equal(all.code, 0, all.stderr);
    for (const name of ['serve', 'migrate', 'seed-demo', 'demo-code', 'audit', 'retention', 'doctor']) assert.match(all.stdout, new RegExp(`^  ${name} `, 'm'));
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /^Usage: lifeline migrate/m);
    assert.match(migrate.stdout, /--status/);
    assert.equal(serve.code, 0, serve.stderr);
    assert.match(serve.stdout, /--port <value>/);
  });

  test('an unknown command exits 2 with one line naming it', async () => {
    const res = await run(['fly']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /unknown command "fly"/);
    assertOneLine(res.stderr);
    assert.equal(res.stdout, '');
  });

  test('an unknown option or sub-command exits 2 with one line naming it', async () => {
    const [option, sub] = await Promise.all([run(['migrate', '--force']), run(['audit', 'repair'])]);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /--force/);
    assertOneLine(option.stderr);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /"repair".*verify/);
    assertOneLine(sub.stderr);
  });

  test('a bad environment variable exits 2 with one line naming it and its rule, and no stack trace', async () => {
    const res = await run(['doctor'], { PORT: 'eighty' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /PORT must be a whole number \(got "eighty"\)/);
    assertOneLine(res.stderr);
  });
});

describe('lifeline CLI: database commands', () => {
  test('migrate applies what --status lists as pending; then 0 pending; doctor describes the database', async () => {
    const pending = await run(['migrate', '--status']);
    assert.equal(pending.code, 0, pending.stderr);
    const count = Number(/: 0 applied, (\d+) pending/.exec(pending.stdout)?.[1]);
    assert.ok(count > 0, pending.stdout);
    const applied = await run(['migrate']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, new RegExp(`Applied ${count} migration`));
    const status = await run(['migrate', '--status']);
    assert.match(status.stdout, new RegExp(`: ${count} applied, 0 pending`));
    const doctor = await run(['doctor']);
    assert.equal(doctor.code, 0, doctor.stderr);
    assert.match(doctor.stdout, adminUrl ? /^Database: PostgreSQL at postgres:\/\/\S+, PostgreSQL \d+\.\d+/m : /^Database: PGlite \(embedded\) in \S+, PostgreSQL \d+\.\d+/m);
    assert.match(doctor.stdout, new RegExp(`^Migrations: ${count} applied, 0 pending`, 'm'));
  });

  test('seed-demo loads the demo once and a second run changes nothing; demo-code, audit verify and retention work', async () => {
    const first = await run(['seed-demo']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Loaded the demo crisis/);
    assert.match(first.stdout, /admin@demo\.lifeline\.local/);
    const signIn = fs.readFileSync(path.join(dataDir, 'demo-sign-in.json'), 'utf8');
    const again = await run(['seed-demo']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already loaded/);
    assert.equal(fs.readFileSync(path.join(dataDir, 'demo-sign-in.json'), 'utf8'), signIn, 'the demo accounts are not made again');
    const [codes, verify] = await Promise.all([run(['demo-code']), run(['audit', 'verify'])]);
    assert.match(codes.stdout, /admin@demo\.lifeline\.local\s+\d{6}/);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /intact/);
    const retention = await run(['retention', 'run', '--dry-run']);
    assert.equal(retention.code, 0, retention.stderr);
    assert.match(retention.stdout, /Dry run: \d+ record/);
  });

  test('directory import refuses a bad package line by line and changes nothing; a good one imports; export writes the package', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-hsds-'));
    const { files: good, serviceIds } = hsdsPackage(12, { seed: 3 });
    const bad = new Map(good);
    bad.set('services.csv', (good.get('services.csv') as string).replace(',active,', ',sometimes,'));
    for (const [name, text] of bad) fs.writeFileSync(path.join(folder, name), text);
    const refused = await run(['directory', 'import', folder]);
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /1 problem; nothing was imported/);
    assert.match(refused.stderr, /services\.csv row 1: status: status must be one of active/);
    fs.writeFileSync(path.join(folder, 'services.csv'), good.get('services.csv') as string);
    const imported = await run(['directory', 'import', folder, '--crisis', 'no-such-crisis']);
    assert.equal(imported.code, 2);
    assert.match(imported.stderr, /--crisis: there is no crisis "no-such-crisis"/);
    const ok = await run(['directory', 'import', folder]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Imported 2 organization, 12 location, 12 service/);
    const out = path.join(folder, 'export');
    const exported = await run(['directory', 'export', out]);
    assert.equal(exported.code, 0, exported.stderr);
    const services = fs.readFileSync(path.join(out, 'services.csv'), 'utf8');
    for (const id of serviceIds) assert.ok(services.includes(id), `service ${id} is in the export`);
    assert.ok(fs.existsSync(path.join(out, 'datapackage.json')));
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

describe('lifeline serve', () => {
  let server: ReturnType<typeof lifeline>;
  let port: number;
  before(async () => {
    server = lifeline(['serve', '--port', '0']);
    port = Number(new URL((await waitFor(server, /Lifeline is running at (\S+)/, 60_000))[1]!).port);
  });
  after(() => {
    server?.child.kill('SIGKILL'); // only if a test failed before SIGTERM stopped it
  });

  test('starts on a free port, prints the demo sign-in and answers /readyz', async () => {
    assert.match(server.output.stdout, /Demo sign-in/);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { database: string }).database, adminUrl ? 'postgres' : 'pglite');
  });

  test('a second process on the same data directory is refused with one line', { skip: pgliteOnly }, async () => {
    const second = await run(['serve', '--port', '0']);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /is in use by another Lifeline process/);
    assertOneLine(second.stderr);
  });

  test('SIGTERM stops listening, finishes a request in flight, then exits 0', { timeout: 60_000 }, async () => {
    const demo = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-sign-in.json'), 'utf8'));
    const body = JSON.stringify({ email: demo.users[0].email, password: demo.password });
    // "Expect: 100-continue": the server answers "continue" once it has the request, so it is in flight before SIGTERM.
    const req = http.request({
      host: '127.0.0.1', port, method: 'POST', path: '/api/auth/sign-in', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue', connection: 'close' },
    });
    const answer = new Promise<{ status: number; json: { status?: string } }>((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
    });
    await new Promise<void>((resolve) => req.once('continue', resolve));

    const exit = exited(server.child);
    server.child.kill('SIGTERM');
    await waitFor(server, /SIGTERM received/, 10_000);
    await refused(port, 10_000); // the listener is closed while our request is still open
    req.end(body);
    const res = await answer;
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.status, 'two_factor_required');
    assert.equal(await exit, 0, server.output.stderr);
    assert.equal(server.output.stderr, '');
    if (!adminUrl) assert.ok(!fs.existsSync(path.join(dataDir, '.lifeline.lock')), 'the data-directory lock is released');
  });
});

/** Resolves once a new connection to the port is refused. */
async function refused(port: number, ms: number): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve('open');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    if (outcome === 'ECONNREFUSED') return;
  }
  throw new Error(`port ${port} still accepts connections ${ms} ms after SIGTERM`);
}
