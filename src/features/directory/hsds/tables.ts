/**
 * The HSDS 3.0 tables Lifeline stores, as data: file name, database table, and for each field its HSDS name, column,
 * type, whether it is required, and what it references. Import (CSV and JSON), export and validation are all driven
 * from this one description, so the three cannot drift apart. Lifeline's additions are fields named `lifeline_*`
 * (HSDS allows extra properties); the Lifeline profile documents them (docs/HSDS-PROFILE.md).
 */
import { referralFields } from '../../cases/referral-fields.ts';
import { serviceKindCodes, serviceStatuses } from '../directory-codes.ts';

export type FieldType = 'uuid' | 'text' | 'int' | 'number' | 'bool' | 'date' | 'timestamp' | 'country' | 'list';

export interface FieldSpec {
  /** The HSDS name: CSV column and JSON property. */
  name: string;
  /** The database column, when it differs from the name. */
  column?: string;
  type: FieldType;
  required?: boolean;
  /** Allowed values (for text, or for each item of a list). */
  values?: readonly string[];
  /** An id field that must name a row of that table. */
  references?: TableName;
  /** A pattern the text must match, with the rule written for people. */
  pattern?: { regex: RegExp; rule: string };
  /** Smallest and largest allowed number. */
  range?: readonly [number, number];
}

export const tableNames = [
  'organization', 'location', 'service', 'service_at_location', 'address', 'contact', 'phone', 'schedule', 'language',
  'service_area', 'required_document', 'accessibility',
] as const;
export type TableName = (typeof tableNames)[number];

export interface TableSpec {
  name: TableName;
  /** File name in the tabular package. */
  file: string;
  /** Database table. */
  table: string;
  fields: readonly FieldSpec[];
}

const id: FieldSpec = { name: 'id', type: 'uuid', required: true };
const ref = (name: string, table: TableName, required = false): FieldSpec => ({ name, type: 'uuid', references: table, required });
const text = (name: string, required = false): FieldSpec => ({ name, type: 'text', required });
const email = (name: string): FieldSpec => ({ name, type: 'text', pattern: { regex: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, rule: 'must be an email address such as help@example.org' } });
const url = (name: string): FieldSpec => ({ name, type: 'text', pattern: { regex: /^https?:\/\/[^\s]+$/i, rule: 'must be a full web address starting with https:// or http://' } });
const hhmm = { regex: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/, rule: 'must be a time written HH:MM, with Z or an offset such as +03:00' };

export const tables: readonly TableSpec[] = [
  {
    name: 'organization',
    file: 'organizations.csv',
    table: 'directory_organizations',
    fields: [id, text('name', true), text('alternate_name'), { name: 'description', type: 'text', required: true }, email('email'), url('website'),
      { name: 'year_incorporated', type: 'int' }, text('legal_status'), ref('parent_organization_id', 'organization')],
  },
  {
    name: 'location',
    file: 'locations.csv',
    table: 'directory_locations',
    fields: [id, { name: 'location_type', type: 'text', required: true, values: ['physical', 'postal', 'virtual'] }, url('url'), ref('organization_id', 'organization'),
      text('name'), text('alternate_name'), text('description'), text('transportation'), { name: 'latitude', type: 'number', range: [-90, 90] }, { name: 'longitude', type: 'number', range: [-180, 180] },
      text('external_identifier'), text('external_identifier_type'), { name: 'lifeline_confidential', column: 'is_confidential', type: 'bool' },
      { name: 'lifeline_country', column: 'country', type: 'country' }, { name: 'lifeline_admin1_code', column: 'admin1_code', type: 'text' },
      { name: 'lifeline_admin1_name', column: 'admin1_name', type: 'text' }, { name: 'lifeline_admin2_code', column: 'admin2_code', type: 'text' },
      { name: 'lifeline_admin2_name', column: 'admin2_name', type: 'text' }],
  },
  {
    name: 'service',
    file: 'services.csv',
    table: 'directory_services',
    fields: [id, ref('organization_id', 'organization', true), text('name', true), text('alternate_name'), text('description'), url('url'), email('email'),
      { name: 'status', type: 'text', required: true, values: serviceStatuses }, text('interpretation_services'), text('application_process'),
      text('fees_description'), text('accreditations'), text('eligibility_description'), { name: 'minimum_age', type: 'int', range: [0, 150] }, { name: 'maximum_age', type: 'int', range: [0, 150] },
      text('alert'), { name: 'last_modified', type: 'timestamp' },
      { name: 'lifeline_kind', column: 'kind', type: 'text', values: serviceKindCodes }, { name: 'lifeline_needs', column: 'needs', type: 'list' /* checked against the need_codes table by the import */ },
      { name: 'lifeline_serves_regardless_of_status', column: 'serves_regardless_of_status', type: 'bool' },
      { name: 'lifeline_safe_without_documents', column: 'safe_without_documents', type: 'bool' },
      { name: 'lifeline_accepts_referrals', column: 'accepts_referrals', type: 'bool' },
      { name: 'lifeline_referral_fields', column: 'referral_fields', type: 'list', values: referralFields },
      { name: 'lifeline_beds_total', column: 'beds_total', type: 'int', range: [0, 1_000_000] }, { name: 'lifeline_beds_free', column: 'beds_free', type: 'int', range: [0, 1_000_000] },
      { name: 'lifeline_capacity_updated', column: 'capacity_updated_at', type: 'timestamp' }],
  },
  {
    name: 'service_at_location',
    file: 'service_at_location.csv',
    table: 'directory_service_at_locations',
    fields: [id, ref('service_id', 'service', true), ref('location_id', 'location', true), text('description')],
  },
  {
    name: 'address',
    file: 'addresses.csv',
    table: 'directory_addresses',
    fields: [id, ref('location_id', 'location'), text('attention'), text('address_1', true), text('address_2'), text('city', true), text('region'),
      text('state_province', true), text('postal_code', true), { name: 'country', type: 'country', required: true },
      { name: 'address_type', type: 'text', required: true, values: ['physical', 'postal', 'virtual'] }],
  },
  {
    name: 'contact',
    file: 'contacts.csv',
    table: 'directory_contacts',
    fields: [id, ref('organization_id', 'organization'), ref('service_id', 'service'), ref('service_at_location_id', 'service_at_location'), ref('location_id', 'location'),
      text('name'), text('title'), text('department'), email('email')],
  },
  {
    name: 'phone',
    file: 'phones.csv',
    table: 'directory_phones',
    fields: [id, ref('location_id', 'location'), ref('service_id', 'service'), ref('organization_id', 'organization'), ref('contact_id', 'contact'),
      ref('service_at_location_id', 'service_at_location'), text('number', true), { name: 'extension', type: 'int' },
      { name: 'type', type: 'text', values: ['text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone'] }, text('description')],
  },
  {
    name: 'schedule',
    file: 'schedules.csv',
    table: 'directory_schedules',
    fields: [id, ref('service_id', 'service'), ref('location_id', 'location'), ref('service_at_location_id', 'service_at_location'),
      { name: 'valid_from', type: 'date' }, { name: 'valid_to', type: 'date' }, { name: 'dtstart', type: 'date' }, { name: 'timezone', type: 'number', range: [-14, 14] },
      { name: 'until', type: 'date' }, { name: 'count', type: 'int' }, { name: 'wkst', type: 'text', values: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      { name: 'freq', type: 'text', values: ['WEEKLY', 'MONTHLY'] }, { name: 'interval', type: 'int' },
      { name: 'byday', type: 'text', pattern: { regex: /^(-?\d{0,2}(MO|TU|WE|TH|FR|SA|SU))(,-?\d{0,2}(MO|TU|WE|TH|FR|SA|SU))*$/, rule: 'must be days such as MO,TU,FR' } },
      text('byweekno'), text('bymonthday'), text('byyearday'), text('description'), { name: 'opens_at', type: 'text', pattern: hhmm },
      { name: 'closes_at', type: 'text', pattern: hhmm }, text('schedule_link'), text('attending_type'), text('notes')],
  },
  {
    name: 'language',
    file: 'languages.csv',
    table: 'directory_languages',
    fields: [id, ref('service_id', 'service'), ref('location_id', 'location'), ref('phone_id', 'phone'), text('name'),
      { name: 'code', type: 'text', pattern: { regex: /^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, rule: 'must be an ISO 639-1 or 639-3 code such as am or amh' } }, text('note')],
  },
  {
    name: 'service_area',
    file: 'service_areas.csv',
    table: 'directory_service_areas',
    fields: [id, ref('service_id', 'service'), text('name'), text('description'), text('extent'),
      { name: 'extent_type', type: 'text', values: ['geojson', 'topojson', 'kml', 'text'] }, text('uri')],
  },
  {
    name: 'required_document',
    file: 'required_documents.csv',
    table: 'directory_required_documents',
    fields: [id, ref('service_id', 'service'), text('document'), text('uri')],
  },
  {
    name: 'accessibility',
    file: 'accessibility.csv',
    table: 'directory_accessibility',
    fields: [id, ref('location_id', 'location'), text('description'), text('details'), text('url')],
  },
];

export const tableSpec = (name: TableName): TableSpec => tables.find((t) => t.name === name) as TableSpec;
export const columnOf = (field: FieldSpec): string => field.column ?? field.name;

/** A table's rows keyed by database column, ready to store. */
export type Row = Record<string, unknown>;
/** A whole directory package: rows per HSDS table. */
export type Package = Record<TableName, Row[]>;

export function emptyPackage(): Package {
  return Object.fromEntries(tableNames.map((n) => [n, []])) as unknown as Package;
}
