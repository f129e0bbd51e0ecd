/**
 * HXL (Humanitarian Exchange Language 1.1): tag-spec parsing, normalisation and validation, hashtag-row detection,
 * table building, small-cell suppression and CSV output. Pure functions, no I/O. Design: STANDARDS.md §1 (shared design notes).
 */

export type TagSpec = { hashtag: string; attributes: string[] };
export type Cell = string | number | null;

/** Core hashtags of HXL 1.1 (STANDARDS.md §1.2): places, people, responses, cash, crises, metadata. */
export const HXL_CORE_HASHTAGS: ReadonlySet<string> = new Set([
  'region', 'country', 'adm1', 'adm2', 'adm3', 'adm4', 'adm5', 'loc', 'geo',
  'population', 'affected', 'inneed', 'targeted', 'reached', 'beneficiary', 'respondee',
  'org', 'sector', 'subsector', 'activity', 'service', 'item', 'need', 'access', 'capacity', 'contact', 'indicator', 'output', 'operations',
  'frequency',
  'value', 'currency', 'modality', 'channel',
  'crisis', 'event', 'cause', 'impact', 'severity', 'group',
  'date', 'status', 'description', 'meta',
]);

/** Core attributes of HXL 1.1 (STANDARDS.md §1.3); language attributes (`+i_en`) are matched by LANGUAGE_ATTRIBUTE instead. */
export const HXL_CORE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'f', 'm', 'i', 'infants', 'children', 'adolescents', 'adults', 'elderly',
  'hh', 'ind',
  'displaced', 'idps', 'refugees', 'incamp', 'noncamp', 'abducted', 'infected', 'injured', 'killed',
  'funder', 'impl', 'prog', 'cluster', 'activity', 'project', 'programme', 'provided', 'used',
  'code', 'type',
  'lat', 'lon', 'coord', 'bounds', 'elevation', 'origin', 'dest',
  'start', 'end', 'reported', 'occurred', 'approved', 'canceled', 'converted',
  'name', 'num', 'text', 'label', 'url', 'email', 'phone', 'id', 'source',
]);

/** Language attributes: `i_` plus an ISO 639-1 or 639-3 code, e.g. `+i_en`, `+i_fr`, `+i_ar`. */
export const LANGUAGE_ATTRIBUTE = /^i_[a-z]{2,3}$/;

/** Hashtags whose values must be numbers. */
export const NUMERIC_HASHTAGS: ReadonlySet<string> = new Set(['population', 'affected', 'inneed', 'targeted', 'reached', 'value']);

// ASCII-only on purpose: no `u` flag, so /i cannot fold e.g. U+212A (Kelvin sign) into `k`.
const TAG_SPEC = /^#([a-z][a-z0-9_]*)((?:\s*\+\s*[a-z][a-z0-9_]*)*)$/i;
const CUSTOM_HASHTAG = /^x_[a-z0-9_]+$/;
const PLAIN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
// OWASP CSV injection triggers, plus the full-width forms some spreadsheets normalise to ASCII.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** Parses `#hashtag +attr ...` ignoring case, whitespace, order and repeats; null if it is not a tag spec. */
export function parseTagSpec(spec: string): TagSpec | null {
  const match = TAG_SPEC.exec(spec.trim());
  if (!match) return null;
  const attributes = match[2]!.split('+').map((a) => a.trim().toLowerCase()).filter((a) => a !== '');
  return { hashtag: match[1]!.toLowerCase(), attributes: [...new Set(attributes)].sort() };
}

/** Normal form: lower case, no spaces, attributes sorted and de-duplicated (`#affected+children+f`); throws if it does not parse. */
export function normaliseTagSpec(spec: string): string {
  const parsed = parseTagSpec(spec);
  if (!parsed) throw new Error(`${JSON.stringify(spec)} is not an HXL tag spec (expected #hashtag +attribute ..., letters, digits and _ only)`);
  return `#${parsed.hashtag}${parsed.attributes.map((a) => `+${a}`).join('')}`;
}

/** True for a core attribute or a language attribute (`i_xx`); custom attributes are allowed too, this only classifies. */
export function isCoreAttribute(attribute: string): boolean {
  return HXL_CORE_ATTRIBUTES.has(attribute) || LANGUAGE_ATTRIBUTE.test(attribute);
}

/** Null if the spec is valid HXL 1.1 (core or `#x_` hashtag, any well-formed attributes), else a plain-English error. */
export function validateTagSpec(spec: string): string | null {
  const parsed = parseTagSpec(spec);
  if (!parsed) return `${JSON.stringify(spec)} is not an HXL tag spec: it must be #hashtag followed by +attributes, using letters, digits and _ only`;
  if (HXL_CORE_HASHTAGS.has(parsed.hashtag) || CUSTOM_HASHTAG.test(parsed.hashtag)) return null;
  return `#${parsed.hashtag} is not an HXL 1.1 core hashtag; custom hashtags start with #x_`;
}

/** Index of the first of the first `maxScan` rows where more than half the non-empty cells are tag specs; -1 if none. */
export function findHashtagRow(rows: readonly (readonly string[])[], maxScan = 25): number {
  for (const [index, row] of rows.slice(0, maxScan).entries()) {
    const filled = row.map((cell) => cell.trim()).filter((cell) => cell !== '');
    const tags = filled.filter((cell) => parseTagSpec(cell) !== null).length;
    if (tags * 2 > filled.length) return index;
  }
  return -1;
}

/** Header row, normalised hashtag row (an empty tag leaves the column untagged), then data rows as strings; throws on a bad tag. */
export function hxlTable(columns: readonly { header: string; tag: string }[], rows: readonly (readonly Cell[])[]): string[][] {
  const tags = columns.map(({ tag }) => {
    if (tag.trim() === '') return '';
    const problem = validateTagSpec(tag);
    if (problem) throw new Error(problem);
    return normaliseTagSpec(tag);
  });
  const body = rows.map((row, index) => {
    if (row.length !== columns.length) throw new Error(`row ${index} has ${row.length} cells; the table has ${columns.length} columns`);
    return row.map(cellText);
  });
  return [columns.map(({ header }) => header), tags, ...body];
}

/** A cell as text: null is '', numbers must be finite. */
function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number' && !Number.isFinite(cell)) throw new Error(`${cell} is not a number HXL can carry`);
  return String(cell);
}

/**
 * Replaces counts with 0 < value < threshold in the given columns by `marker`; 0 stays (a true zero discloses nobody).
 * PRIMARY suppression only: if totals or other cells of the same breakdown are published, a suppressed cell can be recovered by
 * subtraction, so the caller must also apply complementary suppression (or publish no totals) before release.
 */
export function suppressSmallCounts(rows: readonly (readonly Cell[])[], columnIndexes: readonly number[], threshold = 5, marker = `<${threshold}`): Cell[][] {
  const columns = new Set(columnIndexes);
  return rows.map((row) => row.map((cell, index) => {
    if (!columns.has(index)) return cell;
    const value = typeof cell === 'number' ? cell : typeof cell === 'string' && PLAIN_NUMBER.test(cell.trim()) ? Number(cell) : NaN;
    return value > 0 && value < threshold ? marker : cell;
  }));
}

/** One CSV field: formula triggers get a leading apostrophe unless the cell is a plain number; quoted when needed (RFC 4180). */
function csvField(cell: string): string {
  const safe = FORMULA_START.has(cell.charAt(0)) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * RFC 4180 CSV, CRLF after every record, with formula-injection defence. Hashtag-row cells start with `#`, so their `+attributes`
 * are never escaped. Hand-written rather than csv-stringify: its `escape_formulas` also prefixes string numbers such as '-3.5'.
 */
export function toCsv(table: readonly (readonly string[])[]): string {
  return table.map(csvRecord).join('');
}

/** One record of toCsv, with its CRLF. */
export function csvRecord(row: readonly string[]): string {
  return `${row.map(csvField).join(',')}\r\n`;
}
