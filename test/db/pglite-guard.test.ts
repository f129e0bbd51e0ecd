/**
 * A crash inside embedded PostgreSQL fails the query with a clear 503-class error and stops the database; it never
 * leaves the process spinning (src/db/pglite-guard.ts). The crash is real: the backend exits during a COPY.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { EMBEDDED_DATABASE_STOPPED } from '../../src/db/pglite-guard.ts';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-backend.ts');

test('a backend that exits mid-query fails that query and every later one, and the process goes on', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture], { timeout: 60_000, killSignal: 'SIGKILL' });
  const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { crash: string; next: string; stops: string[] };
  assert.equal(report.crash, `UNAVAILABLE: ${EMBEDDED_DATABASE_STOPPED}`);
  assert.equal(report.next, `UNAVAILABLE: ${EMBEDDED_DATABASE_STOPPED}`, 'a stopped backend is never used again');
  assert.deepEqual(report.stops, [EMBEDDED_DATABASE_STOPPED], 'the owner is told once');
});
