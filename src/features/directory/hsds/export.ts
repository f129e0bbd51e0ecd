/**
 * HSDS export: the tabular package (one CSV per table and a datapackage.json describing them) and dereferenced
 * JSON services (as the HSDS API returns them). Confidential locations (safe houses), and every record tied to
 * one, are left out unless the caller is allowed to see them and asks.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../../db/schema.ts';
import { columnOf, type FieldSpec, type FieldType, type Row, type TableName, type TableSpec, tables, tableSpec } from './tables.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type HsdsRecord = Record<string, unknown>;

const CONFIDENTIAL_LOCATIONS = sql`(select id from directory_locations where is_confidential)`;
const CONFIDENTIAL_SAL = sql`(select sal.id from directory_service_at_locations sal join directory_locations l on l.id = sal.location_id where l.is_confidential)`;

/** SQL that keeps a table's rows clear of confidential locations. */
function publicFilter(spec: TableSpec): ReturnType<typeof sql> {
  const parts = [sql`true`];
  const has = (name: string): boolean => spec.fields.some((f) => f.name === name);
  if (spec.name === 'location') parts.push(sql`not is_confidential`);
  if (has('location_id')) parts.push(sql`(location_id is null or location_id not in ${CONFIDENTIAL_LOCATIONS})`);
  if (has('service_at_location_id')) parts.push(sql`(service_at_location_id is null or service_at_location_id not in ${CONFIDENTIAL_SAL})`);
  return sql.join(parts, sql` and `);
}

/** A stored value as HSDS JSON writes it (undefined: leave the property out). */
function jsonValue(field: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return field.type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  if (field.type === 'country' && typeof value === 'string') return value.trim();
  return value;
}

/** A database row → an HSDS record (HSDS names, no nulls). */
export function toRecord(spec: TableSpec, row: Row): HsdsRecord {
  const out: HsdsRecord = {};
  for (const field of spec.fields) {
    const value = jsonValue(field, row[columnOf(field)]);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

async function selectRows(db: Db, spec: TableSpec, where: ReturnType<typeof sql>, includeConfidential: boolean): Promise<Row[]> {
  const filter = includeConfidential ? sql`true` : publicFilter(spec);
  const result = await sql<Row>`select * from ${sql.table(spec.table)} where ${where} and ${filter} order by id`.execute(db);
  return result.rows;
}

const cell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
};

/** The tabular package: file name → CSV text, plus datapackage.json. */
export async function exportTabular(db: Db, options: { includeConfidential?: boolean } = {}): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const spec of tables) {
    const rows = await selectRows(db, spec, sql`true`, options.includeConfidential ?? false);
    const header = spec.fields.map((f) => f.name);
    const body = rows.map((row) => {
      const record = toRecord(spec, row);
      return header.map((name) => cell(record[name]));
    });
    files.set(spec.file, stringify([header, ...body]));
  }
  files.set('datapackage.json', `${JSON.stringify(dataPackageDescriptor(), null, 2)}\n`);
  return files;
}

const frictionlessType: Record<FieldType, string> = {
  uuid: 'string', text: 'string', int: 'integer', number: 'number', bool: 'boolean', date: 'date', timestamp: 'datetime', country: 'string', list: 'string',
};

/** The Frictionless tabular data package descriptor of the export, generated from the table description. */
export function dataPackageDescriptor(): Record<string, unknown> {
  return {
    profile: 'tabular-data-package',
    name: 'lifeline-hsds-directory',
    title: 'Lifeline service directory (Open Referral HSDS 3.0 with the Lifeline profile)',
    resources: tables.map((spec) => ({
      name: spec.name,
      path: spec.file,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: {
        fields: spec.fields.map((f) => ({
          name: f.name,
          type: frictionlessType[f.type],
          ...(f.type === 'uuid' ? { format: 'uuid' } : {}),
          ...(f.required || f.values ? { constraints: { ...(f.required ? { required: true } : {}), ...(f.values && f.type !== 'list' ? { enum: f.values } : {}) } } : {}),
        })),
        primaryKey: 'id',
        foreignKeys: spec.fields
          .filter((f) => f.references)
          .map((f) => ({ fields: f.name, reference: { resource: f.references, fields: 'id' } })),
      },
    })),
  };
}

async function childrenBy(db: Db, name: TableName, column: string, ids: readonly string[], includeConfidential: boolean): Promise<Map<string, HsdsRecord[]>> {
  const spec = tableSpec(name);
  const out = new Map<string, HsdsRecord[]>();
  if (ids.length === 0) return out;
  const rows = await selectRows(db, spec, sql`${sql.ref(column)} = any(${[...ids]}::uuid[])`, includeConfidential);
  for (const row of rows) {
    const key = row[column] as string;
    const list = out.get(key) ?? [];
    list.push(toRecord(spec, row));
    out.set(key, list);
  }
  return out;
}

/** Dereferenced HSDS services, in the order of `ids` (unknown or hidden ids are skipped). */
export async function serviceDocuments(db: Db, ids: readonly string[], options: { includeConfidential?: boolean } = {}): Promise<HsdsRecord[]> {
  if (ids.length === 0) return [];
  const conf = options.includeConfidential ?? false;
  const services = await selectRows(db, tableSpec('service'), sql`id = any(${[...ids]}::uuid[])`, conf);
  const orgIds = [...new Set(services.map((s) => s.organization_id as string))];
  const organizations = await selectRows(db, tableSpec('organization'), sql`id = any(${orgIds}::uuid[])`, conf);
  const sals = await childrenBy(db, 'service_at_location', 'service_id', ids, conf);
  const salIds = [...sals.values()].flat().map((s) => s.id as string);
  const locationIds = [...new Set([...sals.values()].flat().map((s) => s.location_id as string))];
  const locations = new Map((await selectRows(db, tableSpec('location'), sql`id = any(${locationIds}::uuid[])`, conf)).map((l) => [l.id as string, toRecord(tableSpec('location'), l)]));
  const [byService, byLocation, bySal] = await Promise.all([
    Promise.all((['phone', 'schedule', 'service_area', 'language', 'required_document', 'contact'] as const).map((t) => childrenBy(db, t, 'service_id', ids, conf))),
    Promise.all((['address', 'phone', 'language', 'accessibility', 'schedule'] as const).map((t) => childrenBy(db, t, 'location_id', locationIds, conf))),
    Promise.all((['schedule', 'phone', 'contact'] as const).map((t) => childrenBy(db, t, 'service_at_location_id', salIds, conf))),
  ]);
  const org = new Map(organizations.map((o) => [o.id as string, toRecord(tableSpec('organization'), o)]));
  const byId = new Map(services.map((s) => [s.id as string, s]));
  const out: HsdsRecord[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const [phones, schedules, areas, languages, documents, contacts] = byService.map((m) => m.get(id) ?? []);
    const service: HsdsRecord = {
      ...toRecord(tableSpec('service'), row),
      organization: org.get(row.organization_id as string),
      service_at_locations: (sals.get(id) ?? []).filter((sal) => locations.has(sal.location_id as string)).map((sal) => {
        const locationId = sal.location_id as string;
        const [addresses, lPhones, lLanguages, accessibility, lSchedules] = byLocation.map((m) => m.get(locationId) ?? []);
        const [sSchedules, sPhones, sContacts] = bySal.map((m) => m.get(sal.id as string) ?? []);
        return {
          ...sal,
          location: { ...locations.get(locationId), addresses, phones: lPhones, languages: lLanguages, accessibility, schedules: lSchedules },
          schedules: sSchedules,
          phones: sPhones,
          contacts: sContacts,
        };
      }),
      phones, schedules, service_areas: areas, languages, required_documents: documents, contacts,
    };
    if (row.beds_total !== null || row.beds_free !== null) {
      // The HSDS 3.1 shape of capacity, so that 3.1 consumers read it without knowing the Lifeline profile.
      service.capacities = [{ unit: { name: 'bed' }, available: row.beds_free ?? 0, maximum: row.beds_total ?? undefined, updated: (row.capacity_updated_at as Date | null)?.toISOString() }];
    }
    out.push(service);
  }
  return out;
}
