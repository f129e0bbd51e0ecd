/**
 * Reads an HSDS package into records per table: the tabular form (one CSV per table, optional datapackage.json) or
 * the JSON form (dereferenced services, with their organization, locations, phones and so on nested inside).
 */
import { parse } from 'csv-parse/sync';
import { type TableName, tableNames, tables } from './tables.ts';
import type { RowIssue } from './validate.ts';

/** A record as read, and where it came from (for error messages). */
export interface SourceRecord {
  record: Record<string, unknown>;
  where: { file: string; row: number };
}
export type SourceRecords = Record<TableName, SourceRecord[]>;

const emptySource = (): SourceRecords => Object.fromEntries(tableNames.map((n) => [n, []])) as unknown as SourceRecords;

/** HSDS 3.0 tables Lifeline does not keep yet: imported packages may carry them; they are reported as skipped. */
export const unkeptHsdsFiles = [
  'programs.csv', 'attributes.csv', 'taxonomies.csv', 'taxonomy_terms.csv', 'funding.csv', 'cost_options.csv', 'organization_identifiers.csv',
  'metadata.csv', 'meta_table_descriptions.csv', 'urls.csv', 'units.csv', 'service_capacities.csv',
];

/**
 * CSV files by name → records. HSDS tables Lifeline does not keep are listed in `skipped`; any other unknown CSV is a
 * problem (a misspelt file name must not silently drop a table); a package without services or organizations is refused.
 */
export function readTabular(files: ReadonlyMap<string, string>, issues: RowIssue[], skipped: string[] = []): SourceRecords {
  const out = emptySource();
  const known = new Map(tables.map((t) => [t.file, t.name]));
  for (const [file, text] of files) {
    if (file === 'datapackage.json') continue;
    const name = known.get(file);
    if (!name) {
      if (unkeptHsdsFiles.includes(file)) skipped.push(file);
      else if (file.endsWith('.csv')) issues.push({ file, row: 0, field: '(file)', rule: 'unknown_file', message: `${file} is not a table Lifeline imports (${tables.map((t) => t.file).join(', ')})` });
      continue;
    }
    let rows: Record<string, string>[];
    try {
      rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: false, relax_column_count: false }) as Record<string, string>[];
    } catch (error) {
      const line = (error as { lines?: number }).lines ?? 0;
      issues.push({ file, row: line, field: '(file)', rule: 'csv', message: `${file} is not valid CSV near line ${line}: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    out[name] = rows.map((record, index) => ({ record, where: { file, row: index + 1 } }));
  }
  if (!files.has('services.csv') && !files.has('organizations.csv')) {
    issues.push({ file: 'services.csv', row: 0, field: '(file)', rule: 'required', message: 'the package has neither services.csv nor organizations.csv' });
  }
  return out;
}

type Json = Record<string, unknown>;
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)) : []);
const object = (value: unknown): Json | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null);

/** Dereferenced HSDS services (as GET /services/{id} returns them) → records per table, links filled from nesting. */
export function readJson(services: readonly unknown[], issues: RowIssue[]): SourceRecords {
  const out = emptySource();
  const push = (table: TableName, record: Json, file: string, row: number, links: Json = {}): void => {
    const merged: Json = { ...record };
    for (const [key, value] of Object.entries(links)) if (merged[key] === undefined || merged[key] === null || merged[key] === '') merged[key] = value;
    out[table].push({ record: merged, where: { file, row } });
  };
  services.forEach((value, index) => {
    const row = index + 1;
    const service = object(value);
    const path = `services[${index}]`;
    if (!service) {
      issues.push({ file: path, row, field: '(record)', rule: 'object', message: `${path} must be an object` });
      return;
    }
    const serviceId = service.id;
    const organization = object(service.organization);
    if (organization) push('organization', organization, `${path}.organization`, row);
    push('service', service, path, row, { organization_id: organization?.id });
    const children = (key: string, table: TableName, links: Json, base = path, parent: Json = service): void =>
      objects(parent[key]).forEach((child, i) => push(table, child, `${base}.${key}[${i}]`, row, links));
    children('phones', 'phone', { service_id: serviceId });
    children('schedules', 'schedule', { service_id: serviceId });
    children('service_areas', 'service_area', { service_id: serviceId });
    children('languages', 'language', { service_id: serviceId });
    children('required_documents', 'required_document', { service_id: serviceId });
    children('contacts', 'contact', { service_id: serviceId });
    objects(service.service_at_locations).forEach((sal, i) => {
      const salPath = `${path}.service_at_locations[${i}]`;
      const location = object(sal.location);
      if (location) {
        push('location', location, `${salPath}.location`, row, { organization_id: organization?.id });
        const lp = `${salPath}.location`;
        children('addresses', 'address', { location_id: location.id }, lp, location);
        children('phones', 'phone', { location_id: location.id }, lp, location);
        children('languages', 'language', { location_id: location.id }, lp, location);
        children('accessibility', 'accessibility', { location_id: location.id }, lp, location);
        children('schedules', 'schedule', { location_id: location.id }, lp, location);
      }
      push('service_at_location', sal, salPath, row, { service_id: serviceId, location_id: location?.id ?? sal.location_id });
      children('schedules', 'schedule', { service_at_location_id: sal.id }, salPath, sal);
      children('phones', 'phone', { service_at_location_id: sal.id }, salPath, sal);
      children('contacts', 'contact', { service_at_location_id: sal.id }, salPath, sal);
    });
  });
  dedupeById(out);
  return out;
}

/** In the JSON form the same organization or location may be nested under several services: keep it once. */
function dedupeById(out: SourceRecords): void {
  for (const name of tableNames) {
    const seen = new Set<unknown>();
    out[name] = out[name].filter(({ record }) => {
      if (record.id === undefined) return true;
      const key = String(record.id).toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}
