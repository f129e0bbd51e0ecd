/**
 * Memberships, invitations, password resets, API tokens and break-glass, under /api.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import * as tokens from './api-tokens.service.ts';
import * as breakGlass from './break-glass.service.ts';
import * as links from './links.service.ts';
import * as members from './members.service.ts';
import {
  ApiToken,
  ApiTokenCreate,
  InvitationAccept,
  InvitationCreate,
  Membership,
  MembershipCreate,
  OneTimeLink,
  OrgItemParams,
  OrgParams,
  PasswordResetUse,
} from './members.schemas.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };
const BreakGlassGrant = z.object({
  id: z.uuid(), userId: z.uuid(), organisationId: z.uuid(), crisisId: z.uuid(), reason: z.string(),
  createdAt: z.string(), expiresAt: z.string(), reviewedAt: z.string().nullable(), reviewNote: z.string().nullable(),
});

export const membersRoutes: FastifyPluginAsyncZod = async (app) => {
  const baseUrl = (host: string | undefined): string => app.config.publicUrl ?? `http://${host ?? 'localhost'}`;

  app.get(
    '/organisations/:id/members',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Members of an organisation and their roles (its administrators)', params: OrgParams, response: { 200: z.object({ items: z.array(Membership) }), ...errors } } },
    async (request) => ({ items: await members.listMembers(app.db, principalOf(request), request.params.id) }),
  );

  app.post(
    '/organisations/:id/memberships',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Give a user a role in this organisation', params: OrgParams, body: MembershipCreate, response: { 201: z.object({ id: z.uuid() }), ...errors } } },
    async (request, reply) => reply.status(201).send({ id: await members.addMembership(app.db, principalOf(request), request.params.id, request.body, String(request.id)) }),
  );

  app.delete(
    '/organisations/:id/memberships/:itemId',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Take a role away', params: OrgItemParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await members.removeMembership(app.db, principalOf(request), request.params.id, request.params.itemId, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/organisations/:id/invitations',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Invite someone by email (returns a one-time link to send them)', params: OrgParams, body: InvitationCreate, response: { 201: OneTimeLink, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await links.createInvitation(app.db, principalOf(request), request.params.id, request.body, baseUrl(request.headers.host), String(request.id))),
  );

  app.post(
    '/auth/accept-invitation',
    { config: { rateLimit: { max: app.config.authRateLimitPerMinute, timeWindow: '1 minute' } }, schema: { tags: ['auth'], summary: 'Accept an invitation: create your account', body: InvitationAccept, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await links.acceptInvitation(app.db, request.body.token, request.body.displayName, request.body.password, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/users/:id/password-reset',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Issue a one-time password reset link for a user (administrators)', params: OrgParams, response: { 201: OneTimeLink, ...errors } } },
    async (request, reply) => reply.status(201).send(await links.issuePasswordReset(app.db, principalOf(request), request.params.id, baseUrl(request.headers.host), String(request.id))),
  );

  app.post(
    '/auth/password-reset',
    { config: { rateLimit: { max: app.config.authRateLimitPerMinute, timeWindow: '1 minute' } }, schema: { tags: ['auth'], summary: 'Set a new password with a reset link', body: PasswordResetUse, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await links.usePasswordReset(app.db, request.body.token, request.body.password, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/organisations/:id/api-tokens',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'API tokens of an organisation', params: OrgParams, response: { 200: z.object({ items: z.array(ApiToken) }), ...errors } } },
    async (request) => ({ items: await tokens.listApiTokens(app.db, principalOf(request), request.params.id) }),
  );

  app.post(
    '/organisations/:id/api-tokens',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Create an API token (the token is shown once)', params: OrgParams, body: ApiTokenCreate, response: { 201: ApiToken.extend({ token: z.string() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await tokens.createApiToken(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );

  app.delete(
    '/organisations/:id/api-tokens/:itemId',
    { onRequest: requireSignIn, schema: { tags: ['members'], summary: 'Revoke an API token', params: OrgItemParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await tokens.revokeApiToken(app.db, principalOf(request), request.params.id, request.params.itemId, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/break-glass',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['members'],
        summary: 'Take emergency access to a crisis, with a reason (flagged to the data protection officer)',
        body: z.strictObject({
          organisationId: z.uuid(),
          crisisId: z.uuid(),
          reason: z.string().trim().min(20, 'must explain the emergency in at least 20 characters').max(2000),
          minutes: z.number().int().min(5).max(breakGlass.BREAK_GLASS_MAX_MINUTES),
        }),
        response: { 201: BreakGlassGrant, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await breakGlass.breakGlass(app.db, principalOf(request), request.body, String(request.id))),
  );

  app.get(
    '/break-glass',
    {
      onRequest: requirePermission('data_protection:manage'),
      schema: { tags: ['members'], summary: 'Break-glass grants to review (data protection officers)', querystring: z.strictObject({ unreviewed: z.enum(['true', 'false']).default('true') }), response: { 200: z.object({ items: z.array(BreakGlassGrant) }), ...errors } },
    },
    async (request) => ({ items: await breakGlass.listBreakGlass(app.db, principalOf(request), request.query.unreviewed === 'true') }),
  );

  app.post(
    '/break-glass/:id/review',
    {
      onRequest: requirePermission('data_protection:manage'),
      schema: { tags: ['members'], summary: 'Mark a break-glass grant as reviewed', params: z.strictObject({ id: z.uuid() }), body: z.strictObject({ note: z.string().trim().min(1).max(2000) }), response: { 200: BreakGlassGrant, ...errors } },
    },
    async (request) => breakGlass.reviewBreakGlass(app.db, principalOf(request), request.params.id, request.body.note, String(request.id)),
  );
};
