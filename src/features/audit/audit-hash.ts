/** The one canonical form of an audit entry, hashed when written and again by `verify`. */
import { createHash } from 'node:crypto';

export const GENESIS = 'genesis';

export interface HashedFields {
  occurredAt: Date;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorLabel: string;
  action: string;
  organisationId: string | null;
  crisisId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  personId: string | null;
  fields: readonly string[];
  recipient: string | null;
  purpose: string | null;
  requestId: string | null;
  metadata: unknown;
}

/** JSON with object keys sorted at every level, so jsonb's own key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A string as the database will hand it back: UTF-8 encoding turns a lone surrogate into U+FFFD, and
 * PostgreSQL text refuses NUL, so that becomes U+FFFD too. Hashing anything else would make an honest
 * entry look tampered with at the next `verify`, and the log can never be corrected.
 */
export function storableText(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8').replaceAll('\u0000', '\uFFFD');
}

function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableValue(v)]));
  }
  return value;
}

/** Metadata as jsonb will hand it back: a JSON round trip (a Date becomes its ISO string, undefined keys go), storable strings. */
export function storableJson(value: unknown): unknown {
  return storableValue(JSON.parse(JSON.stringify(value ?? {})));
}

export function entryHash(entry: HashedFields, prevHash: string): string {
  const canonical = canonicalJson([
    entry.occurredAt.toISOString(),
    entry.actorUserId,
    entry.actorTokenId,
    entry.actorLabel,
    entry.action,
    entry.organisationId,
    entry.crisisId,
    entry.subjectType,
    entry.subjectId,
    entry.personId,
    [...entry.fields],
    entry.recipient,
    entry.purpose,
    entry.requestId,
    entry.metadata ?? {},
    prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
