/**
 * Reading an incident dataset into report rows, before anything is stored: an HXL-tagged CSV (tags anywhere in the
 * first 25 rows), or the IOM Missing Migrants Project export (its own headers, no tags). Every problem is collected as
 * (row, field, rule), with row numbers as a spreadsheet shows them. Pure functions.
 */
import { parse } from 'csv-parse/sync';
import countries from 'i18n-iso-countries';
import type { FieldIssue } from '../../http/errors.ts';
import { findHashtagRow, normaliseTagSpec, parseTagSpec } from '../../shared/hxl.ts';
import { isCountryCode } from '../../shared/countries.ts';


export const importProfiles = ['hxl', 'missing_migrants'] as const;
export type ImportProfile = (typeof importProfiles)[number];

export interface IncidentRow {
  externalId: string;
  occurredAt: Date;
  latitude: number;
  longitude: number;
  country: string | null;
  admin1Code: string | null;
  admin1Name: string | null;
  admin2Code: string | null;
  admin2Name: string | null;
  categories: string[];
  dead: number | null;
  missing: number | null;
  people: number | null;
  description: string | null;
}

/** Fields of a row, by the name used in error messages. */
type Fields = Partial<Record<'id' | 'latitude' | 'longitude' | 'coordinates' | 'date' | 'country' | 'admin1Code' | 'admin1Name' | 'admin2Code' | 'admin2Name' | 'categories' | 'dead' | 'missing' | 'people' | 'place' | 'cause' | 'description', string>>;

/** HXL tag spec (normalised) → field; the first matching column wins. */
const hxlFields: [string, keyof Fields][] = [
  ['#meta+id', 'id'], ['#geo+lat', 'latitude'], ['#geo+lon', 'longitude'], ['#geo+coord', 'coordinates'],
  ['#date+occurred', 'date'], ['#date+reported', 'date'], ['#date', 'date'],
  ['#country+code', 'country'], ['#adm1+code', 'admin1Code'], ['#adm1+name', 'admin1Name'], ['#adm2+code', 'admin2Code'], ['#adm2+name', 'admin2Name'],
  ['#need+code', 'categories'], ['#affected+killed', 'dead'], ['#affected+missing', 'missing'], ['#affected', 'people'],
  ['#loc+name', 'place'], ['#cause+name', 'cause'], ['#cause', 'cause'], ['#description', 'description'],
];

/** Column headers of the Missing Migrants Project export (2019 schema). */
const missingMigrantsFields: Record<string, keyof Fields> = {
  'Web ID': 'id', 'Reported Date': 'date', 'Number Dead': 'dead', 'Minimum Estimated Number of Missing': 'missing',
  'Cause of Death': 'cause', 'Location Description': 'place', 'Location Coordinates': 'coordinates',
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** ISO 8601 (2019-12-30, or with a time) or "December 30, 2019"; UTC. */
export function parseDate(text: string): Date | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const d = new Date(`${t}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t ? null : d;
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = /^([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.findIndex((name) => name.startsWith((m[1] as string).toLowerCase()) && (m[1] as string).length >= 3);
    const day = Number(m[2]);
    const d = new Date(Date.UTC(Number(m[3]), month, day));
    return month < 0 || d.getUTCDate() !== day ? null : d;
  }
  return null;
}

const NUMBER = /^[-+]?\d+(\.\d+)?$/;

interface Parsed {
  rows: IncidentRow[];
  issues: FieldIssue[];
  /** Data rows read (good and bad). */
  read: number;
}

function toRow(f: Fields, line: number, profile: ImportProfile, seen: Set<string>, issues: FieldIssue[], needs: readonly string[]): IncidentRow | null {
  const before = issues.length;
  const problem = (field: string, rule: string, message: string): void => {
    issues.push({ field: `rows.${line}.${field}`, rule, message: `row ${line}, ${field}: ${message}` });
  };
  const text = (v: string | undefined): string | null => (v === undefined || v.trim() === '' ? null : v.trim());
  const id = text(f.id) ?? String(line);
  if (seen.has(id)) problem('id', 'duplicate', `the id ${id} is already used by an earlier row`);
  seen.add(id);
  let latText = text(f.latitude);
  let lonText = text(f.longitude);
  const coordinates = text(f.coordinates);
  if (latText === null && lonText === null && coordinates !== null) {
    const parts = coordinates.split(',').map((p) => p.trim());
    if (parts.length !== 2) problem('coordinates', 'format', 'must be "latitude, longitude"');
    else [latText, lonText] = parts as [string, string];
  }
  const number = (field: string, value: string | null, min: number, max: number, required: boolean): number | null => {
    if (value === null) {
      if (required) problem(field, 'required', 'is required');
      return null;
    }
    if (!NUMBER.test(value)) {
      problem(field, 'invalid_number', `must be a number, not "${value.slice(0, 40)}"`);
      return null;
    }
    const n = Number(value);
    if (n < min || n > max) problem(field, 'out_of_range', `must be from ${min} to ${max}`);
    return n;
  };
  // A file with one "lat, lon" column names that column when it is empty.
  const pointMissing = latText === null && lonText === null && f.coordinates !== undefined;
  if (pointMissing && coordinates === null) problem('coordinates', 'required', 'is required ("latitude, longitude")');
  const latitude = number('latitude', latText, -90, 90, !pointMissing);
  const longitude = number('longitude', lonText, -180, 180, !pointMissing);
  const count = (field: string, value: string | undefined): number | null => {
    const n = number(field, text(value), 0, 1_000_000, false);
    if (n !== null && !Number.isInteger(n)) problem(field, 'integer', 'must be a whole number');
    return n;
  };
  const dead = count('dead', f.dead);
  const missing = count('missing', f.missing);
  const people = count('people', f.people);
  const dateText = text(f.date);
  const occurredAt = dateText === null ? null : parseDate(dateText);
  if (dateText === null) problem('date', 'required', 'is required');
  else if (occurredAt === null) problem('date', 'invalid_date', `must be a date (2019-12-30 or December 30, 2019), not "${dateText.slice(0, 40)}"`);
  let country = text(f.country)?.toUpperCase() ?? null;
  if (country !== null && country.length === 3) country = countries.alpha3ToAlpha2(country) ?? country;
  if (country !== null && !isCountryCode(country)) problem('country', 'country_code', 'must be an ISO 3166-1 country code (SD or SDN)');
  const given = text(f.categories);
  const categories = given === null ? (profile === 'missing_migrants' ? ['death', 'missing_person'] : ['other']) : given.split(/[;,\s]+/).filter((c) => c !== '');
  for (const c of categories) if (!needs.includes(c)) problem('categories', 'unknown_category', `"${c.slice(0, 40)}" is not in the needs code list (or is retired)`);
  if (issues.length > before) return null;
  const description = [text(f.place), text(f.cause), text(f.description)].filter((p): p is string => p !== null).join(' · ');
  return {
    externalId: id, occurredAt: occurredAt as Date, latitude: latitude as number, longitude: longitude as number, country,
    admin1Code: text(f.admin1Code), admin1Name: text(f.admin1Name), admin2Code: text(f.admin2Code), admin2Name: text(f.admin2Name),
    categories: [...new Set(categories)], dead, missing, people, description: description === '' ? null : description.slice(0, 4000),
  };
}

/** Reads the whole file; rows is empty whenever issues is not. */
/** `needs`: the codes of the needs code list in use (need_codes), which categories must come from. */
export function readIncidents(csv: string, profile: ImportProfile, needs: readonly string[]): Parsed {
  let table: string[][];
  try {
    table = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unreadable';
    return { rows: [], issues: [{ field: 'file', rule: 'csv', message: `The file is not valid CSV: ${message}` }], read: 0 };
  }
  let columns: (keyof Fields | undefined)[];
  let first: number;
  if (profile === 'hxl') {
    const tagRow = findHashtagRow(table);
    if (tagRow < 0) return { rows: [], issues: [{ field: 'file', rule: 'hxl_tags', message: 'No HXL hashtag row in the first 25 rows (for example #geo+lat,#geo+lon,#date+occurred)' }], read: 0 };
    const specs = (table[tagRow] as string[]).map((cell) => (parseTagSpec(cell) ? normaliseTagSpec(cell) : ''));
    columns = specs.map((spec) => hxlFields.find(([tag]) => tag === spec)?.[1]);
    first = tagRow + 1;
  } else {
    columns = (table[0] ?? []).map((h) => missingMigrantsFields[h.trim()]);
    first = 1;
  }
  const present = new Set(columns.filter(Boolean));
  if (!(present.has('coordinates') || (present.has('latitude') && present.has('longitude'))) || !present.has('date')) {
    return { rows: [], issues: [{ field: 'file', rule: 'columns', message: 'The file needs a date column and coordinates (latitude and longitude, or "lat, lon")' }], read: 0 };
  }
  const issues: FieldIssue[] = [];
  const rows: IncidentRow[] = [];
  const seen = new Set<string>();
  for (let i = first; i < table.length; i += 1) {
    const fields: Fields = {};
    (table[i] as string[]).forEach((cell, c) => {
      const field = columns[c];
      if (field && fields[field] === undefined) fields[field] = cell;
    });
    const row = toRow(fields, i + 1, profile, seen, issues, needs);
    if (row) rows.push(row);
  }
  return { rows: issues.length > 0 ? [] : rows, issues, read: table.length - first };
}
