/**
 * Who may see what on the crisis map, as organisation lists for one crisis (repos filter on them in SQL):
 * counts for roles with aggregate:read; single (jittered) points and report details for responders, who also have
 * personal:read; exact points only in exports, for roles with export:personal.
 */
import { grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';
import { AppError } from '../../http/errors.ts';

export function organisationsWith(principal: Principal, permission: Permission, crisisId: string): string[] {
  return [...new Set(grantsFor(principal, permission).filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
}

const intersect = (a: string[], b: string[]): string[] => a.filter((x) => b.includes(x));

/** Organisations whose reports the principal sees one by one (jittered). */
export const pointOrganisations = (p: Principal, crisisId: string): string[] => intersect(organisationsWith(p, 'personal:read', crisisId), organisationsWith(p, 'aggregate:read', crisisId));

/** Organisations whose reports the principal sees as counts. */
export const countOrganisations = (p: Principal, crisisId: string): string[] => organisationsWith(p, 'aggregate:read', crisisId);

/** Organisations through which the principal may create reports: responders who triage or work cases. */
export function reporterOrganisations(p: Principal, crisisId: string): string[] {
  return [...new Set([...organisationsWith(p, 'triage:work', crisisId), ...organisationsWith(p, 'case:write', crisisId)])];
}

/** Organisations through which the principal may import datasets and manage evacuation points: coordinators. */
export const coordinatorOrganisations = (p: Principal, crisisId: string): string[] => organisationsWith(p, 'crisis:manage', crisisId);

/** The one organisation a write is made for: the given one if allowed, else the only one; 404 when there is none. */
export function pickOrganisation(allowed: string[], given: string | undefined, what: string): string {
  if (allowed.length === 0) throw AppError.notFound('Crisis');
  if (given !== undefined) {
    if (!allowed.includes(given)) throw AppError.validation('organisationId', 'membership', `organisationId must be an organisation through which you ${what} in this crisis`);
    return given;
  }
  if (allowed.length > 1) throw AppError.validation('organisationId', 'required', 'organisationId is required when you work for several organisations in this crisis');
  return allowed[0] as string;
}
