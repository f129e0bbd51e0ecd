/**
 * The caller's scope as a SQL condition, so that repos filter by organisation and crisis in the query
 * itself: a forgotten policy check still cannot reach another organisation's records.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Scope, scopeFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';

/** The union of the scopes of several permissions (a grant with any one of them counts). */
export function scopeForAny(principal: Principal, permissions: readonly Permission[]): Scope {
  const merged = new Map<string, Set<string> | null>();
  for (const permission of permissions) {
    for (const [organisationId, crises] of scopeFor(principal, permission).crisesByOrganisation) {
      const current = merged.get(organisationId);
      if (crises === null || current === null) merged.set(organisationId, null);
      else merged.set(organisationId, new Set([...(current ?? []), ...crises]));
    }
  }
  return { organisationIds: [...merged.keys()], crisesByOrganisation: merged };
}

export const isEmptyScope = (scope: Scope): boolean => scope.organisationIds.length === 0;

/**
 * `organisationColumn` within the scope; for organisations the scope limits to some crises, also
 * `crisisColumn` in those crises (a row whose crisis is null is then outside). An empty scope is `false`.
 */
export function inScope(scope: Scope, organisationColumn: string, crisisColumn: string | null): RawBuilder<SqlBool> {
  const whole: string[] = [];
  const parts: RawBuilder<SqlBool>[] = [];
  for (const [organisationId, crises] of scope.crisesByOrganisation) {
    if (crises === null) whole.push(organisationId);
    else if (crises.size > 0 && crisisColumn !== null) {
      parts.push(sql<SqlBool>`(${sql.ref(organisationColumn)} = ${organisationId} and ${sql.ref(crisisColumn)} in (${sql.join([...crises])}))`);
    }
  }
  if (whole.length > 0) parts.push(sql<SqlBool>`${sql.ref(organisationColumn)} in (${sql.join(whole)})`);
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/** May the scope reach this organisation (and crisis, when given)? For checks before an insert. */
export function scopeCovers(scope: Scope, organisationId: string, crisisId: string | null): boolean {
  if (!scope.crisesByOrganisation.has(organisationId)) return false;
  const crises = scope.crisesByOrganisation.get(organisationId);
  if (crises === null || crises === undefined) return true;
  return crisisId !== null && crises.has(crisisId);
}
