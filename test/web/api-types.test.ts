/** The console's typed client (web/src/api/schema.d.ts) describes the API as its routes are now. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { generateApiTypes, SCHEMA_FILE } from '../../bin/openapi-types.ts';

test('web/src/api/schema.d.ts is up to date with /api/openapi.json (else: npm run api:types)', async () => {
  const current = await generateApiTypes();
  assert.ok(current === fs.readFileSync(SCHEMA_FILE, 'utf8'), 'the API changed: run `npm run api:types` and commit web/src/api/schema.d.ts');
});
