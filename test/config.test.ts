import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, configVariables, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  test('defaults work on an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /data$/);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must start with postgres/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['BODY_LIMIT_BYTES', '10', /BODY_LIMIT_BYTES must be at least 1024/],
    ['TRUST_PROXY', 'maybe', /TRUST_PROXY must be true or false/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL must be a full URL/],
  ];
  for (const [name, value, message] of bad) {
    test(`${name}=${value} is refused with a message naming it`, () => {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/, 'one line');
        return true;
      });
    });
  }

  test('every variable is documented in the README', async () => {
    const fs = await import('node:fs');
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const v of configVariables) assert.match(readme, new RegExp(`\`${v.name}\``), `${v.name} is in the README table`);
  });

  test('nothing but src/config.ts reads process.env', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith(path.join('src', 'config.ts'))) {
          if (/process\.env\b/.test(fs.readFileSync(file, 'utf8'))) offenders.push(file);
        }
      }
    };
    walk(new URL('../src', import.meta.url).pathname);
    // The serve command hands process.env to loadConfig to apply --port/--host: it passes it on, it does not read it.
    assert.deepEqual(offenders.filter((f) => !f.endsWith(path.join('cli', 'commands', 'serve.ts'))), []);
  });
});
