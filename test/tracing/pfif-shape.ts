/**
 * The PFIF 1.4 shape as STANDARDS.md §3 states it (there is no network to fetch the published XSD): namespace and
 * root, person and note fields in the standard order, required fields, value formats, placeholders after expiry,
 * no contact fields, and the Atom person feed's entry shape. Returns the problems found (empty when none).
 */
import { XMLParser } from 'fast-xml-parser';
import { noteFields, personFields, PFIF_NS } from '../../src/features/tracing/pfif.ts';

type Ordered = Array<Record<string, unknown>>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });

const tagOf = (node: Record<string, unknown>): string => Object.keys(node).find((k) => k !== ':@') as string;
const textOf = (node: Record<string, unknown>): string => {
  const children = node[tagOf(node)] as Ordered;
  return children.map((c) => String(c['#text'] ?? '')).join('');
};
const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const RECORD_ID = /^[A-Za-z0-9.-]+\/.+$/;
const PLACEHOLDER = ['person_record_id', 'entry_date', 'expiry_date', 'source_date'];
const CONTACT = ['author_email', 'author_phone', 'email_of_found_person', 'phone_of_found_person'];
const STATUSES = ['information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead'];

function checkFields(node: Record<string, unknown>, order: readonly string[], where: string, problems: string[]): Map<string, string> {
  const values = new Map<string, string>();
  let last = -1;
  for (const child of node[tagOf(node)] as Ordered) {
    const tag = tagOf(child);
    if (tag === 'pfif:note') continue;
    if (!tag.startsWith('pfif:')) problems.push(`${where}: ${tag} is not in the PFIF namespace prefix`);
    const field = tag.slice(5);
    const index = order.indexOf(field);
    if (index < 0) problems.push(`${where}: ${field} is not a PFIF 1.4 field`);
    else if (index <= last) problems.push(`${where}: ${field} is out of the standard order`);
    last = Math.max(last, index);
    if (CONTACT.includes(field)) problems.push(`${where}: contact field ${field} must not be published`);
    values.set(field, textOf(child));
  }
  return values;
}

function checkNote(note: Record<string, unknown>, where: string, problems: string[]): void {
  const v = checkFields(note, noteFields, where, problems);
  for (const f of ['note_record_id', 'author_name', 'source_date']) if (!v.get(f)) problems.push(`${where}: ${f} is required`);
  if (v.has('note_record_id') && !RECORD_ID.test(v.get('note_record_id') ?? '')) problems.push(`${where}: note_record_id must be domain/local-id`);
  for (const f of ['source_date', 'entry_date']) if (v.has(f) && !UTC.test(v.get(f) ?? '')) problems.push(`${where}: ${f} must be UTC YYYY-MM-DDThh:mm:ssZ`);
  if (v.has('status') && !STATUSES.includes(v.get('status') ?? '')) problems.push(`${where}: status ${v.get('status')} is not a PFIF status`);
  if (v.has('author_made_contact') && !['true', 'false'].includes(v.get('author_made_contact') ?? '')) problems.push(`${where}: author_made_contact must be true or false`);
}

function checkPerson(person: Record<string, unknown>, where: string, problems: string[]): string | undefined {
  const v = checkFields(person, personFields, where, problems);
  const placeholder = !v.has('full_name') && [...v.keys()].every((k) => PLACEHOLDER.includes(k));
  for (const f of placeholder ? PLACEHOLDER : ['person_record_id', 'source_date', 'full_name']) if (!v.get(f)) problems.push(`${where}: ${f} is required`);
  if (!RECORD_ID.test(v.get('person_record_id') ?? '')) problems.push(`${where}: person_record_id must be domain/local-id`);
  for (const f of ['entry_date', 'expiry_date', 'source_date']) if (v.has(f) && !UTC.test(v.get(f) ?? '')) problems.push(`${where}: ${f} must be UTC YYYY-MM-DDThh:mm:ssZ`);
  if (v.has('sex') && !['female', 'male', 'other'].includes(v.get('sex') ?? '')) problems.push(`${where}: sex must be female, male or other`);
  if (v.has('date_of_birth') && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v.get('date_of_birth') ?? '')) problems.push(`${where}: date_of_birth format`);
  if (v.has('age') && !/^\d+(-\d+)?$/.test(v.get('age') ?? '')) problems.push(`${where}: age format`);
  if (v.has('home_country') && !/^[A-Z]{2}$/.test(v.get('home_country') ?? '')) problems.push(`${where}: home_country must be ISO 3166-1 alpha-2 upper case`);
  const notes = (person[tagOf(person)] as Ordered).filter((c) => tagOf(c) === 'pfif:note');
  if (placeholder && notes.length > 0) problems.push(`${where}: a placeholder keeps no notes`);
  notes.forEach((n, i) => checkNote(n, `${where}.note[${i}]`, problems));
  return v.get('person_record_id');
}

export function pfifShapeProblems(xml: string): string[] {
  const problems: string[] = [];
  const doc = parser.parse(xml) as Ordered;
  const root = doc.find((n) => tagOf(n) !== '?xml');
  if (!root || tagOf(root) !== 'pfif:pfif') return ['root element must be pfif:pfif'];
  if ((root[':@'] as Record<string, string> | undefined)?.['@xmlns:pfif'] !== PFIF_NS) problems.push(`root must bind pfif to ${PFIF_NS}`);
  (root['pfif:pfif'] as Ordered).forEach((child, i) => {
    const tag = tagOf(child);
    if (tag === 'pfif:person') checkPerson(child, `person[${i}]`, problems);
    else if (tag === 'pfif:note') checkNote(child, `note[${i}]`, problems);
    else problems.push(`root child ${tag} is neither pfif:person nor pfif:note`);
  });
  return problems;
}

export function atomShapeProblems(xml: string): string[] {
  const problems: string[] = [];
  const doc = parser.parse(xml) as Ordered;
  const feed = doc.find((n) => tagOf(n) === 'feed');
  if (!feed) return ['root element must be feed'];
  const attrs = (feed[':@'] as Record<string, string> | undefined) ?? {};
  if (attrs['@xmlns'] !== 'http://www.w3.org/2005/Atom') problems.push('feed must be in the Atom namespace');
  if (attrs['@xmlns:pfif'] !== PFIF_NS) problems.push('feed must bind pfif to the PFIF 1.4 namespace');
  const children = feed['feed'] as Ordered;
  for (const f of ['id', 'title', 'subtitle', 'updated']) if (!children.some((c) => tagOf(c) === f)) problems.push(`feed needs ${f}`);
  if (!children.some((c) => tagOf(c) === 'link' && (c[':@'] as Record<string, string> | undefined)?.['@rel'] === 'self')) problems.push('feed needs link rel="self"');
  children.filter((c) => tagOf(c) === 'entry').forEach((entry, i) => {
    const parts = entry['entry'] as Ordered;
    const get = (t: string) => parts.find((p) => tagOf(p) === t);
    for (const f of ['id', 'title', 'author', 'updated', 'source', 'content']) if (!get(f)) problems.push(`entry[${i}] needs ${f}`);
    const persons = parts.filter((p) => tagOf(p) === 'pfif:person');
    if (persons.length !== 1) problems.push(`entry[${i}] must hold exactly one pfif:person`);
    const id = persons[0] ? checkPerson(persons[0], `entry[${i}].person`, problems) : undefined;
    if (get('id') && textOf(get('id') as Record<string, unknown>) !== `pfif:${id}`) problems.push(`entry[${i}] id must be pfif:person_record_id`);
  });
  return problems;
}
