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
