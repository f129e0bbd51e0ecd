/**
 * Every installed package must run on Node 20 (several newest releases need Node 22) and carry a
 * licence compatible with AGPL-3.0-or-later.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import semver from 'semver';

const root = new URL('..', import.meta.url).pathname;

function installedPackages(): Array<{ name: string; version: string; engines?: { node?: string }; license?: unknown; dev?: boolean }> {
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; license?: unknown; engines?: { node?: string } | string[] }> };
  return Object.entries(lock.packages)
    .filter(([location]) => location.startsWith('node_modules/'))
    .map(([location, meta]) => ({
      name: location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: meta.version ?? '0.0.0',
      engines: Array.isArray(meta.engines) ? undefined : meta.engines,
      license: meta.license,
      dev: meta.dev,
    }));
}

/**
 * Packages whose package.json omits the licence that the project itself publishes. Each entry names where it is
 * declared. @mapbox/jsonlint-lines-primitives (under maplibre-gl's style spec) is held at 2.0.2 by an override because
 * 2.0.3 asks for Node 22; 2.0.3 declares MIT, the licence of its repository (mapbox/jsonlint).
 */
const declaredElsewhere: Record<string, string> = { '@mapbox/jsonlint-lines-primitives@2.0.2': 'MIT' };

const compatible = /^(MIT|ISC|BSD-2-Clause|BSD-3-Clause|0BSD|Apache-2\.0|BlueOak-1\.0\.0|CC0-1\.0|CC-BY-4\.0|Unlicense|Python-2\.0|MPL-2\.0|LGPL-[23]\.[01].*|GPL-3\.0.*|AGPL-3\.0.*|WTFPL|Zlib)$/;

describe('dependencies', () => {
  test('every package runs on Node 20.19', () => {
    const node = '20.19.0';
    const refused = installedPackages().filter((p) => p.engines?.node && !semver.satisfies(node, p.engines.node, { includePrerelease: true }));
    assert.deepEqual(refused.map((p) => `${p.name}@${p.version} needs node ${p.engines?.node}`), []);
  });

  test('every production package has an AGPL-compatible licence', () => {
    const problems = installedPackages()
      .filter((p) => !p.dev)
      .filter((p) => {
        const licence = typeof p.license === 'string' ? p.license : (declaredElsewhere[`${p.name}@${p.version}`] ?? '');
        const parts = licence.replace(/[()]/g, '').split(/\s+OR\s+|\s+AND\s+/);
        return !parts.some((part) => compatible.test(part.trim()));
      });
    assert.deepEqual(problems.map((p) => `${p.name}@${p.version}: ${String(p.license)}`), []);
  });
});
