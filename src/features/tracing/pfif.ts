/**
 * PFIF 1.4 (People Finder Interchange Format) documents and Atom feeds, without the database: writing persons and
 * notes in the standard field order, and reading a document (1.1 to 1.4, older field names renamed) into checked
 * records with one error per record and field. Contact fields (author_email, author_phone, phone_of_found_person,
 * email_of_found_person) are never written and are dropped on import: contact goes through Lifeline.
 */
import { XMLParser } from 'fast-xml-parser';
import { isCountryCode } from '../../shared/countries.ts';
import type { FieldIssue } from '../../http/errors.ts';

export const PFIF_NS = 'http://zesty.ca/pfif/1.4';
export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const personFields = ['person_record_id', 'entry_date', 'expiry_date', 'author_name', 'author_email', 'author_phone', 'source_name', 'source_date', 'source_url', 'full_name', 'given_name', 'family_name', 'alternate_names', 'description', 'sex', 'date_of_birth', 'age', 'home_street', 'home_neighborhood', 'home_city', 'home_state', 'home_postal_code', 'home_country', 'photo_url', 'profile_urls'] as const;
export const noteFields = ['note_record_id', 'person_record_id', 'linked_person_record_id', 'entry_date', 'author_name', 'author_email', 'author_phone', 'source_date', 'author_made_contact', 'status', 'email_of_found_person', 'phone_of_found_person', 'last_known_location', 'text', 'photo_url'] as const;
export const contactFields = ['author_email', 'author_phone', 'email_of_found_person', 'phone_of_found_person'] as const;
const renamed: Record<string, string> = { first_name: 'given_name', last_name: 'family_name', found: 'author_made_contact', other: 'description' };

export type PfifPerson = Partial<Record<(typeof personFields)[number], string>> & { notes?: PfifNote[] };
export type PfifNote = Partial<Record<(typeof noteFields)[number], string>>;

const RECORD_ID = /^[A-Za-z0-9.-]+\/.+$/;
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const noteStatuses = ['information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead'];

export const pfifDate = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// eslint-disable-next-line no-control-regex
const escapeXml = (v: string): string => v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => entities[c] as string);

function fieldsXml(fields: readonly string[], record: PfifNote | PfifPerson, indent: string): string {
  const values = record as Record<string, string | undefined>;
  return fields.filter((f) => !(contactFields as readonly string[]).includes(f) && values[f] !== undefined && values[f] !== '')
    .map((f) => `${indent}<pfif:${f}>${escapeXml(values[f] as string)}</pfif:${f}>\n`).join('');
}

export function noteXml(note: PfifNote, indent = '  '): string {
  return `${indent}<pfif:note>\n${fieldsXml(noteFields, note, `${indent}  `)}${indent}</pfif:note>\n`;
}

export function personXml(person: PfifPerson, indent = '  '): string {
  return `${indent}<pfif:person>\n${fieldsXml(personFields, person, `${indent}  `)}${(person.notes ?? []).map((n) => noteXml(n, `${indent}  `)).join('')}${indent}</pfif:person>\n`;
}

/** A PFIF 1.4 document: persons with their nested notes. */
export function pfifDocument(persons: readonly PfifPerson[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="${PFIF_NS}">\n${persons.map((p) => personXml(p)).join('')}</pfif:pfif>\n`;
}

/** The Atom person feed (Person Finder's shape): one entry per person, its notes nested. */
export function atomPersonFeed(options: { id: string; title: string; selfUrl: string; updated: Date; persons: readonly PfifPerson[] }): string {
  const entries = options.persons.map((p) => {
    const title = p.full_name ?? '';
    return `<entry>\n<id>pfif:${escapeXml(p.person_record_id ?? '')}</id>\n<title>${escapeXml(title)}</title>\n<author><name>${escapeXml(p.source_name ?? 'Lifeline')}</name></author>\n`
      + `<updated>${escapeXml(p.source_date ?? '')}</updated>\n<source><title>${escapeXml(options.title)}</title></source>\n<content>${escapeXml(title)}</content>\n${personXml(p, '')}</entry>\n`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="${ATOM_NS}" xmlns:pfif="${PFIF_NS}">\n<id>${escapeXml(options.id)}</id>\n<title>${escapeXml(options.title)}</title>\n`
    + `<subtitle>PFIF 1.4 person feed</subtitle>\n<updated>${pfifDate(options.updated)}</updated>\n<link rel="self" href="${escapeXml(options.selfUrl)}"/>\n${entries}</feed>\n`;
}

export interface ParsedDocument {
  version: string;
  persons: PfifPerson[];
  /** Top-level notes, which name their person by person_record_id. */
  notes: PfifNote[];
  errors: FieldIssue[];
  /** Fields dropped on purpose (contact details), per record: not errors. */
  dropped: string[];
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true, processEntities: true, isArray: (name) => ['person', 'note'].includes(name) });

function flatten(node: Record<string, unknown>, fields: readonly string[], where: string, errors: FieldIssue[], dropped: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(node)) {
    if (rawKey.startsWith('@') || rawKey === 'note' || value === '') continue;
    const key = renamed[rawKey] ?? rawKey;
    if (!fields.includes(key)) {
      errors.push({ field: `${where}.${rawKey}`, rule: 'unknown_field', message: `${rawKey} is not a PFIF field` });
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      errors.push({ field: `${where}.${rawKey}`, rule: 'text', message: `${rawKey} must be text, not nested elements` });
      continue;
    }
    if ((contactFields as readonly string[]).includes(key)) {
      dropped.push(`${where}.${key}`);
      continue;
    }
    out[key] = String(value);
  }
  return out;
}

function checkDate(errors: FieldIssue[], where: string, field: string, value: string | undefined, required = false): void {
  if (value === undefined || value === '') {
    if (required) errors.push({ field: `${where}.${field}`, rule: 'required', message: `${field} is required` });
  } else if (!UTC.test(value) || Number.isNaN(Date.parse(value))) {
    errors.push({ field: `${where}.${field}`, rule: 'utc_date', message: `${field} must be a UTC time written YYYY-MM-DDThh:mm:ssZ` });
  }
}

function checkRecordId(errors: FieldIssue[], where: string, field: string, value: string | undefined, required = true): void {
  if (!value) {
    if (required) errors.push({ field: `${where}.${field}`, rule: 'required', message: `${field} is required` });
  } else if (!RECORD_ID.test(value) || value.length > 300) {
    errors.push({ field: `${where}.${field}`, rule: 'record_id', message: `${field} must be domain/local-id` });
  }
}

export function checkPerson(p: PfifPerson, where: string, errors: FieldIssue[]): void {
  checkRecordId(errors, where, 'person_record_id', p.person_record_id);
  checkDate(errors, where, 'source_date', p.source_date, true);
  checkDate(errors, where, 'entry_date', p.entry_date);
  checkDate(errors, where, 'expiry_date', p.expiry_date);
  if (!p.full_name) errors.push({ field: `${where}.full_name`, rule: 'required', message: 'full_name is required' });
  else if (p.full_name.length > 200) errors.push({ field: `${where}.full_name`, rule: 'max_length', message: 'full_name must be at most 200 characters' });
  if (p.sex !== undefined && !['female', 'male', 'other'].includes(p.sex)) errors.push({ field: `${where}.sex`, rule: 'enum', message: 'sex must be female, male or other' });
  if (p.date_of_birth !== undefined && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(p.date_of_birth)) errors.push({ field: `${where}.date_of_birth`, rule: 'format', message: 'date_of_birth must be YYYY, YYYY-MM or YYYY-MM-DD' });
  if (p.age !== undefined && !/^\d{1,3}(-\d{1,3})?$/.test(p.age)) errors.push({ field: `${where}.age`, rule: 'format', message: 'age must be an integer or a range such as 30-40' });
  if (p.home_country !== undefined && (!/^[A-Z]{2}$/.test(p.home_country) || !isCountryCode(p.home_country))) errors.push({ field: `${where}.home_country`, rule: 'iso3166', message: 'home_country must be an ISO 3166-1 alpha-2 code in upper case' });
}

export function checkNote(n: PfifNote, where: string, errors: FieldIssue[], personRecordId?: string): void {
  checkRecordId(errors, where, 'note_record_id', n.note_record_id);
  checkRecordId(errors, where, 'person_record_id', n.person_record_id, personRecordId === undefined);
  if (personRecordId !== undefined && n.person_record_id !== undefined && n.person_record_id !== personRecordId) {
    errors.push({ field: `${where}.person_record_id`, rule: 'nested', message: 'a nested note must name the person it is in' });
  }
  checkRecordId(errors, where, 'linked_person_record_id', n.linked_person_record_id, false);
  checkDate(errors, where, 'source_date', n.source_date, true);
  checkDate(errors, where, 'entry_date', n.entry_date);
  if (!n.author_name) errors.push({ field: `${where}.author_name`, rule: 'required', message: 'author_name is required' });
  if (n.author_made_contact !== undefined && !['true', 'false'].includes(n.author_made_contact)) errors.push({ field: `${where}.author_made_contact`, rule: 'boolean', message: 'author_made_contact must be true or false' });
  if (n.status !== undefined && n.status !== '' && !noteStatuses.includes(n.status)) errors.push({ field: `${where}.status`, rule: 'enum', message: `status must be one of ${noteStatuses.join(', ')}` });
  if (n.status === 'is_note_author' && n.author_made_contact !== 'true') errors.push({ field: `${where}.author_made_contact`, rule: 'is_note_author', message: 'is_note_author needs author_made_contact true' });
}

/** The PFIF namespace the root element is in (its prefix bound to it), or undefined. */
function rootNamespace(xml: string): string | undefined {
  const tag = /<(?:([A-Za-z_][\w.-]*):)?pfif[\s>/][^>]*>?/.exec(xml.replace(/<\?[^>]*\?>/g, '').replace(/<!--[\s\S]*?-->/g, ''));
  if (!tag) return undefined;
  const prefix = tag[1];
  const declared = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["'](http://zesty\\.ca/pfif/1\\.[1-4])["']`).exec(tag[0]);
  return declared?.[1];
}

/** Reads and checks a PFIF document; `errors` lists every problem (record index and field). */
export function parsePfif(xml: string, maxRecords = 5000): ParsedDocument {
  const errors: FieldIssue[] = [];
  const dropped: string[] = [];
  if (/<!DOCTYPE/i.test(xml)) return { version: '', persons: [], notes: [], errors: [{ field: 'body', rule: 'doctype', message: 'PFIF documents must not carry a DOCTYPE (entity declarations are refused)' }], dropped };
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? 'malformed' : 'malformed';
    return { version: '', persons: [], notes: [], errors: [{ field: 'body', rule: 'xml', message: `The body is not well-formed XML (${message.slice(0, 200)})` }], dropped };
  }
  const root = doc['pfif'] as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') return { version: '', persons: [], notes: [], errors: [{ field: 'body', rule: 'pfif_root', message: 'The root element must be pfif:pfif' }], dropped };
  const ns = rootNamespace(xml);
  if (!ns) return { version: '', persons: [], notes: [], errors: [{ field: 'body', rule: 'namespace', message: 'The root must declare the PFIF namespace http://zesty.ca/pfif/1.4 (1.1 to 1.3 are read too)' }], dropped };
  const rawPersons = (root['person'] as Record<string, unknown>[] | undefined) ?? [];
  const rawNotes = (root['note'] as Record<string, unknown>[] | undefined) ?? [];
  if (rawPersons.length + rawNotes.length > maxRecords) return { version: ns.slice(-3), persons: [], notes: [], errors: [{ field: 'body', rule: 'max_records', message: `At most ${maxRecords} records per import` }], dropped };
  const persons = rawPersons.map((raw, i) => {
    const where = `person[${i}]`;
    const node = typeof raw === 'object' && raw !== null ? raw : {};
    const person: PfifPerson = flatten(node, personFields, where, errors, dropped);
    if (!person.full_name && (person.given_name || person.family_name)) person.full_name = [person.given_name, person.family_name].filter(Boolean).join(' ');
    checkPerson(person, where, errors);
    person.notes = ((node['note'] as Record<string, unknown>[] | undefined) ?? []).map((n, j) => {
      const note: PfifNote = flatten(typeof n === 'object' && n !== null ? n : {}, noteFields, `${where}.note[${j}]`, errors, dropped);
      checkNote(note, `${where}.note[${j}]`, errors, person.person_record_id ?? '');
      return note;
    });
    return person;
  });
  const notes = rawNotes.map((n, j) => {
    const note: PfifNote = flatten(typeof n === 'object' && n !== null ? n : {}, noteFields, `note[${j}]`, errors, dropped);
    checkNote(note, `note[${j}]`, errors);
    return note;
  });
  const ids = new Map<string, string>();
  persons.forEach((p, i) => {
    if (p.person_record_id && ids.has(p.person_record_id)) errors.push({ field: `person[${i}].person_record_id`, rule: 'unique', message: `person_record_id repeats ${ids.get(p.person_record_id)}` });
    else if (p.person_record_id) ids.set(p.person_record_id, `person[${i}]`);
  });
  return { version: ns.slice(-3), persons, notes, errors, dropped };
}
