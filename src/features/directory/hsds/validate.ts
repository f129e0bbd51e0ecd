/**
 * Turns HSDS records (CSV cells, all strings, or JSON values) into database rows, collecting every problem as
 * { file, row, field, rule, message } instead of stopping at the first. Built with zod from the table description.
 */
import { z } from 'zod';
import { isCountryCode } from '../../../shared/countries.ts';
import { columnOf, type FieldSpec, type Row, type TableSpec } from './tables.ts';

export interface RowIssue {
  /** The CSV file, or the JSON path of the record. */
  file: string;
  /** 1-based data row (the CSV header is row 0), or the record's index in JSON. */
  row: number;
  field: string;
  rule: string;
  message: string;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f']);

function numberSchema(field: FieldSpec, integer: boolean): z.ZodType<number> {
  const word = integer ? 'a whole number' : 'a number';
  const fromText = z.string().trim().regex(integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, `must be ${word}`).transform(Number);
  let schema: z.ZodType<number> = z.union([integer ? z.number().int(`must be ${word}`) : z.number(), fromText], { message: `must be ${word}` });
  const range = field.range;
  if (range) schema = schema.refine((n) => n >= range[0] && n <= range[1], `must be between ${range[0]} and ${range[1]}`);
  return schema;
}

function listSchema(field: FieldSpec): z.ZodType<string[]> {
  const fromText = z.string().transform((s) => s.split(/[;,]/).map((v) => v.trim()).filter(Boolean));
  const values = field.values;
  const list = z.union([z.array(z.string()), fromText]).transform((items) => [...new Set(items)]);
  if (!values) return list;
  return list.refine((items) => items.every((v) => values.includes(v)), `each item must be one of ${values.join(', ')}`);
}

/** The zod schema for one field's non-empty value. */
function fieldSchema(field: FieldSpec): z.ZodType {
  switch (field.type) {
    case 'uuid':
      return z.string().trim().toLowerCase().pipe(z.guid('must be a UUID such as 3f2b8c1e-0a4d-4c5e-9f1a-2b3c4d5e6f70'));
    case 'int':
      return numberSchema(field, true);
    case 'number':
      return numberSchema(field, false);
    case 'bool':
      return z.union([
        z.boolean(),
        z.string().trim().toLowerCase().refine((s) => TRUE.has(s) || FALSE.has(s), 'must be true or false').transform((s) => TRUE.has(s)),
      ], { message: 'must be true or false' });
    case 'date':
      return z.string().trim().pipe(z.iso.date({ message: 'must be a date written YYYY-MM-DD' }));
    case 'timestamp':
      return z.string().trim().pipe(z.union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'must be a date and time such as 2026-11-24T09:30:00Z' }));
    case 'country':
      return z.string().trim().toUpperCase().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code such as SD or LB');
    case 'list':
      return listSchema(field);
    case 'text': {
      let schema: z.ZodType<string> = z.string().max(20_000, 'must be at most 20,000 characters');
      const { values, pattern } = field;
      if (values) schema = schema.refine((s) => values.includes(s), `must be one of ${values.join(', ')}`);
      if (pattern) schema = schema.refine((s) => pattern.regex.test(s), pattern.rule);
      return schema;
    }
  }
}

const schemas = new Map<FieldSpec, z.ZodType>();
const schemaOf = (field: FieldSpec): z.ZodType => {
  let schema = schemas.get(field);
  if (!schema) {
    schema = fieldSchema(field);
    schemas.set(field, schema);
  }
  return schema;
};

const isBlank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** One record to one row (keyed by column), or the issues found; unknown properties are ignored, as HSDS allows. */
export function toRow(spec: TableSpec, record: Record<string, unknown>, where: { file: string; row: number }, issues: RowIssue[]): Row | null {
  const row: Row = {};
  let ok = true;
  for (const field of spec.fields) {
    const raw = record[field.name];
    if (isBlank(raw)) {
      if (field.required) {
        issues.push({ ...where, field: field.name, rule: 'required', message: `${field.name} is required` });
        ok = false;
      }
      continue;
    }
    const parsed = schemaOf(field).safeParse(raw);
    if (parsed.success) {
      row[columnOf(field)] = parsed.data;
    } else {
      const message = parsed.error.issues[0]?.message ?? 'is not valid';
      issues.push({ ...where, field: field.name, rule: ruleOf(message), message: `${field.name} ${message}` });
      ok = false;
    }
  }
  return ok ? row : null;
}

function ruleOf(message: string): string {
  if (message.startsWith('must be one of')) return 'allowed_values';
  if (message.startsWith('each item')) return 'allowed_values';
  if (message.includes('between')) return 'range';
  if (message.includes('UUID')) return 'uuid';
  if (message.includes('date')) return 'date';
  if (message.includes('number')) return 'number';
  if (message.includes('country')) return 'country';
  if (message.includes('true or false')) return 'boolean';
  if (message.includes('at most')) return 'max_length';
  return 'format';
}
