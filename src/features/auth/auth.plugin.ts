/**
 * Resolves who is calling, on every request, before the body is read:
 * - `Authorization: Bearer <api token>`: an integration, scoped to its organisation, crisis and scopes;
 * - the `lifeline_session` cookie: a signed-in user. Writes made with the cookie must echo the
 *   session's CSRF token in `X-CSRF-Token`.
 * A missing or dead credential leaves `request.principal` undefined; guards turn that into 401.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../http/errors.ts';
import { safeEqual, sha256Hex } from '../../shared/crypto.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission, Role } from '../access/roles.ts';
import * as repo from './auth.repo.ts';

export const SESSION_COOKIE = 'lifeline_session';
export const SESSION_IDLE_MINUTES = 120;
export const SESSION_MAX_HOURS = 12;

/** A session that exists but has not finished two-factor sign-in (or set-up). */
export interface PendingSession {
  id: string;
  userId: string;
  csrfToken: string;
  isVerified: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    session: PendingSession | undefined;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function fromToken(app: FastifyInstance, token: string): Promise<Principal> {
  const row = await repo.findLiveToken(app.db, sha256Hex(token), new Date());
  if (!row) throw new AppError('UNAUTHENTICATED', 'The API token is not valid, has expired or was revoked');
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) await repo.touchToken(app.db, row.id);
  return {
    kind: 'token',
    userId: row.created_by,
    tokenId: row.id,
    displayName: `API token "${row.name}"`,
    isPlatformAdmin: false,
    grants: [{ organisationId: row.organisation_id, crisisId: row.crisis_id, role: row.role as Role }],
    scopes: row.scopes as Permission[],
    sessionId: null,
  };
}

async function fromSession(app: FastifyInstance, request: FastifyRequest, cookie: string): Promise<void> {
  const id = sha256Hex(cookie);
  const now = new Date();
  const session = await repo.findLiveSession(app.db, id, now, new Date(now.getTime() - SESSION_IDLE_MINUTES * 60_000));
  if (!session) return;
  request.session = { id, userId: session.user_id, csrfToken: session.csrf_token, isVerified: session.is_two_factor_verified };
  if (!SAFE_METHODS.has(request.method)) {
    const given = request.headers['x-csrf-token'];
    if (typeof given !== 'string' || !safeEqual(given, session.csrf_token)) {
      throw new AppError('FORBIDDEN', 'This change needs the X-CSRF-Token header from your session; reload the page and try again');
    }
  }
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) await repo.touchSession(app.db, id);
  if (!session.is_two_factor_verified) return;
  request.principal = {
    kind: 'user',
    userId: session.user_id,
    tokenId: null,
    displayName: session.display_name,
    isPlatformAdmin: session.is_platform_admin,
    grants: repo.toGrants(session.grants),
    scopes: undefined,
    sessionId: id,
  };
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  await app.register(fastifyCookie);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('session', undefined);
  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(authorization);
      if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Authorization must be "Bearer <API token>"');
      request.principal = await fromToken(app, match[1]);
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie && /^[A-Za-z0-9_-]{20,200}$/.test(cookie)) await fromSession(app, request, cookie);
  });
}, { name: 'lifeline-auth' });
