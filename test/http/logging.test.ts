/** Logs hold no personal data: not bodies, not query strings, not addresses, not credentials. */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { buildApp } from '../../src/server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database?.close());

test('request logs carry method, path, status and request id, and nothing personal', async () => {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'info', DATA_DIR: 'memory://' }), database, logStream: stream });
  try {
    await app.inject({ method: 'POST', url: '/api/auth/sign-in?phone=%2B249912345678', payload: { email: 'amina.personal@example.org', password: 'secret passphrase here' }, remoteAddress: '203.0.113.77', headers: { cookie: 'lifeline_session=abcdefghijklmnopqrstuvwxyz0123456789' } });
    await app.inject({ method: 'GET', url: '/api/does-not-exist?name=Amina' });
    app.log.info({ person: { phone: '+249912345678', name: 'Amina' }, text: 'help we are trapped' }, 'a feature logged too much');
    await new Promise((resolve) => setImmediate(resolve));
    const all = lines.join('\n');
    assert.ok(lines.length >= 3, 'something was logged');
    assert.match(all, /"path":"\/api\/auth\/sign-in"/);
    assert.match(all, /"statusCode":401/);
    for (const secret of ['amina.personal@example.org', 'secret passphrase', '249912345678', '203.0.113.77', 'abcdefghijklmnop', 'Amina', 'trapped']) {
      assert.ok(!all.includes(secret), `"${secret}" must not appear in the logs`);
    }
  } finally {
    await app.close();
  }
});
