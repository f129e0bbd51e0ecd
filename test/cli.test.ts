/**
 * The `lifeline` command as a user runs it: a child process, real exit codes and output.
 * Runs on PGlite in a temporary data directory (PostgreSQL start-up is covered by the suite's own runs).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = new URL('..', import.meta.url).pathname;
const bin = path.join(root, 'bin/lifeline.mjs');
let dataDir: string;

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'PORT', 'HOST', 'SECRET_KEY']) delete env[name];
  return { ...env, DATA_DIR: dataDir, ...extra };
}

function run(args: string[], extra: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { env: cleanEnv(extra), encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-cli-'));
});
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('lifeline CLI', () => {
  test('--help lists the commands; a command has its own help', () => {
    const all = run(['--help']);
    assert.equal(all.code, 0);
    for (const name of ['serve', 'migrate', 'seed-demo', 'demo-code', 'audit', 'retention', 'doctor']) assert.match(all.stdout, new RegExp(`\\b${name}\\b`));
    const one = run(['migrate', '--help']);
    assert.equal(one.code, 0);
    assert.match(one.stdout, /--status/);
  });

  test('an unknown command or option exits 2 with one line naming it', () => {
    const unknown = run(['fly']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "fly"/);
    assert.equal(unknown.stderr.trim().split('\n').length, 1);
    const option = run(['migrate', '--force']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /--force/);
    const sub = run(['audit', 'repair']);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /verify/);
  });

  test('a bad environment variable exits 2 with one line naming it and no stack trace', () => {
    const res = run(['doctor'], { PORT: 'eighty' });
    assert.equal(res.code, 2);
    assert.match(res.stderr, /PORT must be a whole number/);
    assert.equal(res.stderr.trim().split('\n').length, 1);
    assert.doesNotMatch(res.stderr, /\bat .*\.(ts|js):\d+/);
  });

  test('migrate applies once; --status then reports nothing pending; doctor describes the database', () => {
    const first = run(['migrate']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Applied \d+ migration/);
    const second = run(['migrate']);
    assert.match(second.stdout, /up to date/);
    const status = run(['migrate', '--status']);
    assert.match(status.stdout, /0 pending/);
    const doctor = run(['doctor']);
    assert.equal(doctor.code, 0, doctor.stderr);
    assert.match(doctor.stdout, /PGlite \(embedded\)/);
    assert.match(doctor.stdout, /PostgreSQL 1\d/);
    assert.match(doctor.stdout, /Migrations: \d+ applied, 0 pending/);
  });

  test('seed-demo loads the demo once, demo-code prints codes, audit verify and retention dry-run work', () => {
    const first = run(['seed-demo']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Loaded the demo crisis/);
    assert.match(first.stdout, /admin@demo\.lifeline\.local/);
    const again = run(['seed-demo']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already loaded/);
    const codes = run(['demo-code']);
    assert.match(codes.stdout, /admin@demo\.lifeline\.local\s+\d{6}/);
    const verify = run(['audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /intact/);
    const retention = run(['retention', 'run', '--dry-run']);
    assert.equal(retention.code, 0, retention.stderr);
    assert.match(retention.stdout, /Dry run: \d+ record/);
  });

  test('serve starts, answers, refuses a second process on the same data directory, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start:\n${output}`)), 60_000);
      const check = setInterval(() => {
        const match = /Lifeline is running at (\S+)/.exec(output);
        if (match?.[1]) {
          clearInterval(check);
          clearTimeout(timer);
          resolve(match[1]);
        }
      }, 50);
    });
    assert.match(output, /Demo sign-in/, 'the demo sign-in is printed at every start');
    const ready = await fetch(`${url}/readyz`);
    assert.equal(ready.status, 200);

    const second = run(['migrate']);
    assert.notEqual(second.code, 0);
    assert.match(second.stderr, /in use by another Lifeline process/);

    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.match(output, /SIGTERM received/);
    assert.ok(!fs.existsSync(path.join(dataDir, '.lifeline.lock')), 'the lock is released');
  });
});
