/** Referrals: send a case's minimum data to a service, and the receiver's answers. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { actOnReferral, countWaitingReferrals, listReferrals, Referral, ReferralCreate, referralActions, sendReferral } from './referrals.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['referrals'];
const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });

export const referralsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/referrals/waiting',
    {
      onRequest: requireSignIn,
      schema: { tags, summary: 'How many referrals your organisations received in this crisis wait for an answer (counts only, for the dashboard)', params: z.strictObject({ crisisId: z.uuid() }), response: { 200: z.object({ waiting: z.number(), overdue: z.number() }), ...errors } },
    },
    async (request) => countWaitingReferrals(app.db, principalOf(request), request.params.crisisId),
  );

  app.post(
    '/cases/:id/referrals',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'Refer the case to a service (or organisation): only the fields the service needs travel, if consent and agreements allow',
        params: IdParams,
        body: ReferralCreate,
        response: { 201: Referral, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await sendReferral(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );

  app.get(
    '/referrals',
    {
      onRequest: requireSignIn,
      schema: { tags, summary: 'Referrals your organisation received (with what was shared) or sent', querystring: z.strictObject({ direction: z.enum(['incoming', 'outgoing']).default('incoming') }), response: { 200: z.object({ items: z.array(Referral) }), ...errors } },
    },
    async (request) => ({ items: await listReferrals(app.db, principalOf(request), request.query.direction, String(request.id)) }),
  );

  app.post(
    '/referrals/:id/:action',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'acknowledge, accept, decline (with a reason) or complete (with feedback) as the receiver; revoke as the sender',
        params: IdParams.extend({ action: z.enum(referralActions, { message: `must be one of ${referralActions.join(', ')}` }) }),
        body: z.strictObject({ reason: z.string().trim().min(2).max(1000).optional(), feedback: z.string().trim().min(2).max(2000).optional() }).default({}),
        response: { 200: Referral, ...errors },
      },
    },
    async (request) => actOnReferral(app.db, principalOf(request), request.params.id, request.params.action, request.body, String(request.id)),
  );
};
