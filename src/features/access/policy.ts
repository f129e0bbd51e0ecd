/**
 * Pure policy functions: may this principal do this, in this organisation and crisis?
 * Repos apply the same scope in SQL (scope.ts), so a forgotten check here still cannot leak.
 */
import type { Grant, Principal } from './principal.ts';
import { type Permission, rolePermissions } from './roles.ts';

function grantAllows(grant: Grant, permission: Permission, scopes: readonly Permission[] | undefined): boolean {
  if (!rolePermissions[grant.role].includes(permission)) return false;
  return scopes === undefined || scopes.includes(permission);
}

/** Grants of the principal that allow `permission` (in any organisation or crisis). */
export function grantsFor(principal: Principal, permission: Permission): Grant[] {
  return principal.grants.filter((g) => grantAllows(g, permission, principal.scopes));
}

/** May the principal do `permission` in this crisis (through any organisation)? */
export function can(principal: Principal, permission: Permission, where: { crisisId?: string | null; organisationId?: string } = {}): boolean {
  return grantsFor(principal, permission).some(
    (g) =>
      (where.organisationId === undefined || g.organisationId === where.organisationId) &&
      (where.crisisId === undefined || where.crisisId === null || g.crisisId === null || g.crisisId === where.crisisId),
  );
}

export interface Scope {
  /** Organisations whose records may be read for this permission. */
  organisationIds: string[];
  /** Crisis ids allowed per organisation; null means every crisis of that organisation. */
  crisesByOrganisation: Map<string, Set<string> | null>;
}

/** The organisations and crises in which `permission` holds: what repos filter on. */
export function scopeFor(principal: Principal, permission: Permission): Scope {
  const crisesByOrganisation = new Map<string, Set<string> | null>();
  for (const g of grantsFor(principal, permission)) {
    const current = crisesByOrganisation.get(g.organisationId);
    if (g.crisisId === null || current === null) crisesByOrganisation.set(g.organisationId, null);
    else crisesByOrganisation.set(g.organisationId, new Set([...(current ?? []), g.crisisId]));
  }
  return { organisationIds: [...crisesByOrganisation.keys()], crisesByOrganisation };
}
