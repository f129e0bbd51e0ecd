/**
 * Hooks and helpers that routes use to require a signed-in principal and a permission. Use them as
 * `onRequest` hooks, so that authentication comes before body parsing and validation (the house order:
 * rate-limit, authenticate, validate, authorise, act).
 * Lacking a permission everywhere is 403; a record outside the caller's scope is 404 (decided in the
 * service, from a scoped query), so existence never leaks.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.ts';
import { can, grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';

/** The principal, or 401 (with a hint when two-factor sign-in is unfinished). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal) return request.principal;
  if (request.session && !request.session.isVerified) {
    throw new AppError('UNAUTHENTICATED', 'Finish two-factor sign-in first');
  }
  throw new AppError('UNAUTHENTICATED', 'Sign in first');
}

export async function requireSignIn(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  principalOf(request);
}

/** Requires the permission in at least one organisation or crisis; scoping to records happens in SQL. */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = principalOf(request);
    if (grantsFor(principal, permission).length === 0) {
      throw new AppError('FORBIDDEN', `Your role does not allow this (needs ${permission})`);
    }
  };
}

export async function requirePlatformAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const principal = principalOf(request);
  if (!principal.isPlatformAdmin || principal.kind !== 'user') {
    throw new AppError('FORBIDDEN', 'Only a platform administrator can do this');
  }
}

/** For services: throw NOT_FOUND (not FORBIDDEN) when the record is outside the principal's scope. */
export function assertCan(principal: Principal, permission: Permission, where: { crisisId?: string | null; organisationId?: string }, what: string): void {
  if (!can(principal, permission, where)) throw AppError.notFound(what);
}
