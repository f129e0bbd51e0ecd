/** /api/auth: sign in (password, then TOTP), two-factor set-up, session info, sign out. */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { ErrorResponse } from '../../http/responses.ts';
import { principalOf } from './guards.ts';
import { SESSION_COOKIE, SESSION_MAX_HOURS } from './auth.plugin.ts';
import * as service from './auth.service.ts';
import * as repo from './auth.repo.ts';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse };
const Email = z.string().trim().min(3).max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
const SignInBody = z.strictObject({ email: Email, password: z.string().min(1, 'must not be empty').max(256) });
const CodeBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app') });
const SignInAnswer = z.object({ status: z.enum(['signed_in', 'two_factor_required', 'two_factor_setup_required']), csrfToken: z.string() });

const Grant = z.object({ organisationId: z.uuid(), crisisId: z.uuid().nullable(), role: z.string(), breakGlassId: z.uuid().optional() });
const SessionInfo = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), displayName: z.string(), isPlatformAdmin: z.boolean(), preferredLanguage: z.string() }),
  grants: z.array(Grant),
  csrfToken: z.string(),
  twoFactorEnabled: z.boolean(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const secure = app.config.publicUrl?.startsWith('https://') ?? false;
  const setCookie = (reply: FastifyReply, token: string): void => {
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: SESSION_MAX_HOURS * 3600 });
  };

  app.post(
    '/sign-in',
    {
      config: { rateLimit: { max: app.config.authRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: SignInBody, response: { 200: SignInAnswer, ...errors } },
    },
    async (request, reply) => {
      const result = await service.signIn(app.db, request.body.email, request.body.password, String(request.id));
      setCookie(reply, result.sessionToken);
      return { status: result.status, csrfToken: result.csrfToken };
    },
  );

  const pending = (request: { session?: { id: string; userId: string } | undefined }): { id: string; userId: string } => {
    if (!request.session) throw new AppError('UNAUTHENTICATED', 'Sign in with your email and password first');
    return request.session;
  };

  app.post(
    '/two-factor',
    {
      config: { rateLimit: { max: app.config.authRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Finish signing in with a TOTP code', body: CodeBody, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const session = pending(request);
      await service.completeTwoFactor(app.db, app.secretKey, session.id, session.userId, request.body.code, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/two-factor/setup',
    { schema: { tags: ['auth'], summary: 'Start two-factor set-up (returns the secret once)', response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), ...errors } } },
    async (request) => service.beginTwoFactorSetup(app.db, app.secretKey, pending(request).userId),
  );

  app.post(
    '/two-factor/enable',
    {
      config: { rateLimit: { max: app.config.authRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Confirm two-factor set-up with a first code', body: CodeBody, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const session = pending(request);
      await service.enableTwoFactor(app.db, app.secretKey, session.id, session.userId, request.body.code, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/session',
    { schema: { tags: ['auth'], summary: 'Who is signed in, with grants and the CSRF token', response: { 200: SessionInfo, ...errors } } },
    async (request) => {
      const principal = principalOf(request);
      const user = principal.userId ? await repo.findUser(app.db, principal.userId) : undefined;
      if (!user || principal.kind !== 'user' || !request.session) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      return {
        user: { id: user.id, email: user.email, displayName: user.display_name, isPlatformAdmin: user.is_platform_admin, preferredLanguage: user.preferred_language },
        grants: principal.grants.map((g) => ({ ...g })),
        csrfToken: request.session.csrfToken,
        twoFactorEnabled: user.totp_enabled_at !== null,
      };
    },
  );

  app.post(
    '/sign-out',
    { schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const session = pending(request);
      await service.signOut(app.db, session.id, session.userId, String(request.id));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
};
