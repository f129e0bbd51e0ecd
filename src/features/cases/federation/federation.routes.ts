/**
 * Federation between Lifeline deployments: this deployment's public key, partner registration (platform
 * administrators), sending a case, the signed inbound endpoint partners post to, and the transfer inboxes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../../http/responses.ts';
import { principalOf, requirePlatformAdmin, requireSignIn } from '../../auth/guards.ts';
import { deploymentKey } from './keys.ts';
import { acceptTransfer, listTransfers, PartnerCreate, receiveTransfer, registerPartner, retryTransfer, sendTransfer, Transfer, TransferCreate } from './transfers.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse };
const tags = ['federation'];
const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });

export const federationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/federation/key',
    { schema: { tags, summary: 'This deployment\'s public key, for partners to register', response: { 200: z.object({ publicKey: z.string() }) } } },
    async () => ({ publicKey: (await deploymentKey(app.db, app.secretKey)).publicKey }),
  );

  app.post(
    '/federation/partners',
    { onRequest: requirePlatformAdmin, schema: { tags, summary: 'Register a partner deployment (its address, public key and the organisation here that works with it)', body: PartnerCreate, response: { 201: z.object({ id: z.uuid() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await registerPartner(app.db, request.body)),
  );

  app.post(
    '/cases/:id/transfers',
    { onRequest: requireSignIn, schema: { tags, summary: 'Transfer the case to a partner deployment (consent and agreement checked; both sides record what moved)', params: IdParams, body: TransferCreate, response: { 201: Transfer, ...errors } } },
    async (request, reply) => reply.status(201).send(await sendTransfer(app.db, principalOf(request), app.secretKey, request.params.id, request.body, String(request.id))),
  );

  app.post(
    '/federation/transfers',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Inbound transfer from a partner deployment, signed with its key (x-lifeline-signature)', response: { 202: z.object({ receipt: z.string(), receivedAt: z.string() }), ...errors } },
    },
    async (request, reply) => {
      const signature = request.headers['x-lifeline-signature'];
      return reply.status(202).send(await receiveTransfer(app.db, app.secretKey, request.rawBody, typeof signature === 'string' ? signature : undefined));
    },
  );

  app.get(
    '/transfers',
    { onRequest: requireSignIn, schema: { tags, summary: 'Transfers your organisation received or sent (audited)', querystring: z.strictObject({ direction: z.enum(['incoming', 'outgoing']).default('incoming') }), response: { 200: z.object({ items: z.array(Transfer) }), ...errors } } },
    async (request) => ({ items: await listTransfers(app.db, principalOf(request), request.query.direction, String(request.id)) }),
  );

  app.post(
    '/transfers/:id/accept',
    { onRequest: requireSignIn, schema: { tags, summary: 'Take an incoming transfer into a new case in one of your crises', params: IdParams, body: z.strictObject({ crisisId: z.uuid('must be a crisis id') }), response: { 201: z.object({ caseId: z.uuid(), unmatchedNeeds: z.array(z.string()).describe('Needs codes of the sending deployment that this one does not have in use: stored as "other", for a caseworker to recode') }), ...errors } } },
    async (request, reply) => reply.status(201).send(await acceptTransfer(app.db, principalOf(request), request.params.id, request.body.crisisId, String(request.id))),
  );

  app.post(
    '/transfers/:id/retry',
    { onRequest: requireSignIn, schema: { tags, summary: 'Send a pending transfer again (the partner stores it once)', params: IdParams, response: { 200: Transfer, ...errors } } },
    async (request) => retryTransfer(app.db, principalOf(request), app.secretKey, request.params.id),
  );
};
