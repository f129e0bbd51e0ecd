import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { signedInPlatformAdmin, type SignedIn } from '../factories/access.ts';
import { crisisInput } from '../factories/crises.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: SignedIn;
before(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
  admin = await signedInPlatformAdmin(t);
});
after(async () => t?.close());

async function crisisCount(): Promise<number> {
  const row = await t.db.selectFrom('crises').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sends raw bytes through a real socket, so nothing in between can clean them up. */
async function rawPost(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const address = t.app.server.address() as AddressInfo | null;
  if (!address) await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTP core answers bad requests clearly and changes nothing', () => {
  test('malformed JSON is a 400 naming the body and the JSON rule', async () => {
    const before = await crisisCount();
    const res = await t.request({ method: 'POST', url: '/api/crises', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"name": "x",' });
    assert.equal(res.statusCode, 400);
    const { error } = res.json();
    assert.equal(error.code, 'VALIDATION');
    assert.equal(error.details[0].field, 'body');
    assert.equal(error.details[0].rule, 'json');
    assert.doesNotMatch(res.body, /at .*\.ts:\d+/, 'no stack trace');
    assert.equal(await crisisCount(), before);
  });

  test('prototype-pollution keys are refused', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/crises',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"__proto__": {"isAdmin": true}, "name": "Flood"}',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].rule, 'json');
  });

  test('a wrong content type is a 415', async () => {
    const res = await t.request({ method: 'POST', url: '/api/crises', headers: { ...admin.headers, 'content-type': 'text/plain' }, payload: 'name=Flood' });
    assert.equal(res.statusCode, 415);
    assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('an empty body is a 400 naming the body', async () => {
    const res = await t.request({ method: 'POST', url: '/api/crises', headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].field, 'body');
  });

  test('a body over the limit is a 413 and stores nothing', async () => {
    const before = await crisisCount();
    const payload = JSON.stringify(crisisInput({ description: 'x'.repeat(5000) }));
    const res = await t.request({ method: 'POST', url: '/api/crises', headers: { ...admin.headers, 'content-type': 'application/json' }, payload });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await crisisCount(), before);
  });

  test('invalid UTF-8 is a 400, not silently replaced', async () => {
    const before = await crisisCount();
    const good = Buffer.from(JSON.stringify(crisisInput({ name: 'Crisis AAAA' })), 'utf8');
    const at = good.indexOf('AAAA');
    good[at] = 0xc3; // a lead byte followed by an ASCII byte: not UTF-8
    good[at + 1] = 0x28;
    const res = await rawPost('/api/crises', good, { ...admin.headers, 'content-type': 'application/json' });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.details[0].rule, 'utf8');
    assert.equal(await crisisCount(), before);
  });

  test('an unknown route is a 404 in the error shape', async () => {
    const res = await t.request({ method: 'GET', url: '/api/no-such-thing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
    assert.match(res.json().error.message, /GET \/api\/no-such-thing/);
  });

  test('every answer carries a request id, and a sane incoming one is kept', async () => {
    const fresh = await t.request({ method: 'GET', url: '/healthz' });
    assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const kept = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'gateway-abc-123' } });
    assert.equal(kept.headers['x-request-id'], 'gateway-abc-123');
    const refused = await t.request({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } });
    assert.notEqual(refused.headers['x-request-id'], 'bad id\nwith newline');
  });

  test('security headers are set', async () => {
    const res = await t.request({ method: 'GET', url: '/healthz' });
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });
});

describe('health, readiness and the API contract', () => {
  test('/healthz and /readyz answer ok with the database kind', async () => {
    assert.equal((await t.request({ method: 'GET', url: '/healthz' })).json().status, 'ok');
    const ready = await t.request({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().database, process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite');
  });

  test('/api/openapi.json describes the crises endpoints with their schemas', async () => {
    const res = await t.request({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    const post = doc.paths['/api/crises'].post;
    assert.ok(post.requestBody.content['application/json'].schema.properties.affectedCountries);
    assert.ok(doc.paths['/api/crises/{id}'].patch);
  });

  test('/api/docs serves a browsable page', async () => {
    const res = await t.request({ method: 'GET', url: '/api/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.body, /swagger/i);
  });

  test('code lists carry labels in the shipped languages', async () => {
    const res = await t.request({ method: 'GET', url: '/api/code-lists/crisis-types' });
    assert.equal(res.statusCode, 200);
    const flood = res.json().items.find((i: { code: string }) => i.code === 'flood');
    assert.equal(flood.labels.ar, 'فيضان');
    assert.equal((await t.request({ method: 'GET', url: '/api/code-lists/nope' })).statusCode, 404);
  });
});

describe('errors from the database', () => {
  test('a database outage is a 503 with Retry-After, never a 500', async () => {
    const { buildApp } = await import('../../src/server.ts');
    const { openDatabase } = await import('../../src/db/client.ts');
    // A server that refuses connections: PostgreSQL on a port nobody listens on.
    const dead = await openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    const app = await buildApp({ config: t.config, database: dead, logger: false });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      const list = await app.inject({ method: 'GET', url: '/api/crises', headers: admin.headers });
      assert.equal(list.statusCode, 503);
      assert.equal(list.json().error.code, 'UNAVAILABLE');
      assert.ok(list.headers['retry-after']);
    } finally {
      await app.close();
      await dead.close();
    }
  });
});
