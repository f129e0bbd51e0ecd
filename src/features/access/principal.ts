/**
 * Who is acting: a signed-in user (session) or an integration (API token), with the memberships
 * that scope every query. Built by the auth plugin and attached to the request as `request.principal`.
 */
import type { Permission, Role } from './roles.ts';

export interface Grant {
  organisationId: string;
  /** null: every crisis of the organisation. */
  crisisId: string | null;
  role: Role;
  /** Set for a break-glass grant: the grant id, for the audit log. */
  breakGlassId?: string;
}

export interface Principal {
  kind: 'user' | 'token';
  /** The user, or for a token the user who created it (may be null if that user was deleted). */
  userId: string | null;
  tokenId: string | null;
  displayName: string;
  isPlatformAdmin: boolean;
  grants: readonly Grant[];
  /** For tokens: the scopes granted; for users: undefined (permissions come from roles). */
  scopes: readonly Permission[] | undefined;
  /** Session id (hash) for users signed in by cookie; used for CSRF and sign-out. */
  sessionId: string | null;
}

/** The id recorded as "actor" in the audit log. */
export function actorId(principal: Principal): string {
  return principal.userId ?? `token:${principal.tokenId ?? 'unknown'}`;
}
