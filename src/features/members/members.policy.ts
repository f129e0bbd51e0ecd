/** Who may manage memberships, invitations, tokens and resets in an organisation. Pure functions. */
import type { Principal } from '../access/principal.ts';
import { rolePermissions } from '../access/roles.ts';

function isPlatformAdmin(principal: Principal): boolean {
  return principal.isPlatformAdmin && principal.kind === 'user';
}

/**
 * May the principal grant or remove access in this organisation and crisis? An organisation-wide
 * administrator may manage any crisis; a crisis administrator only that crisis, never organisation-wide.
 */
export function canManageMembers(principal: Principal, organisationId: string, crisisId: string | null): boolean {
  if (isPlatformAdmin(principal)) return true;
  if (principal.kind !== 'user') return false;
  return principal.grants.some(
    (g) =>
      g.organisationId === organisationId &&
      g.breakGlassId === undefined &&
      rolePermissions[g.role].includes('organisation:manage') &&
      (g.crisisId === null || g.crisisId === crisisId),
  );
}

/** May the principal see the member list of this organisation at all? */
export function canSeeMembers(principal: Principal, organisationId: string): boolean {
  if (isPlatformAdmin(principal)) return true;
  return principal.grants.some((g) => g.organisationId === organisationId && rolePermissions[g.role].includes('organisation:manage'));
}
