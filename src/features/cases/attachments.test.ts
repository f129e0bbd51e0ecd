import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildWorld, type World } from '../data-protection/fixtures.test-support.ts';
import { MAX_ATTACHMENT_BYTES } from './attachments.service.ts';

let w: World;
let caseId: string;
before(async () => {
  w = await buildWorld();
  caseId = (await w.t.request({ method: 'POST', url: `/api/crises/${w.crisisId}/cases`, headers: w.caseworker.headers, payload: { openedFrom: 'hotline', legalBasis: 'consent' } })).json().id;
});
after(async () => w?.t.close());

// The smallest valid PNG: 1x1 transparent pixel.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const upload = (body: Buffer, type: string, name = 'photo.png') =>
  w.t.request({ method: 'POST', url: `/api/cases/${caseId}/attachments?name=${encodeURIComponent(name)}`, headers: { ...w.caseworker.headers, 'content-type': type }, payload: body });

test('a photo is stored encrypted under its real type and comes back byte for byte (audited); other files are refused', async () => {
  const stored = await upload(PNG, 'application/octet-stream', '../../etc/passport scan.png');
  assert.equal(stored.statusCode, 201, stored.body);
  assert.equal(stored.json().mediaType, 'image/png');
  assert.equal(stored.json().fileName, '.._.._etc_passport scan.png');
  const row = await w.t.db.selectFrom('case_attachments').select('content_encrypted').where('id', '=', stored.json().id).executeTakeFirstOrThrow();
  assert.ok(!Buffer.from(row.content_encrypted).includes(PNG.subarray(0, 16)), 'not stored in clear');
  const back = await w.t.request({ method: 'GET', url: `/api/case-attachments/${stored.json().id}`, headers: w.caseworker.headers });
  assert.equal(back.statusCode, 200);
  assert.equal(back.headers['content-type'], 'image/png');
  assert.deepEqual(back.rawPayload, PNG);
  assert.equal((await w.t.db.selectFrom('audit_log').select('id').where('subject_id', '=', stored.json().id).where('action', '=', 'view').execute()).length, 1);
  const list = await w.t.request({ method: 'GET', url: `/api/cases/${caseId}/attachments`, headers: w.caseworker.headers });
  assert.equal(list.json().items.length, 1);

  const script = await upload(Buffer.from('<script>alert(1)</script>'), 'image/png', 'x.png');
  assert.equal(script.statusCode, 415);
  assert.match(script.json().error.message, /Only photos/);
  const huge = await upload(Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 1), 'application/octet-stream');
  assert.equal(huge.statusCode, 413);
  assert.equal((await w.t.request({ method: 'GET', url: `/api/case-attachments/${stored.json().id}`, headers: w.analyst.headers })).statusCode, 404);
});
