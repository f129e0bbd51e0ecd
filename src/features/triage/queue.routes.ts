/** The triage queue: list, claim, release, accept or correct. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission } from '../auth/guards.ts';
import { DuplicateCandidate, findDuplicates, MergeInput, mergeDuplicate } from './duplicates.service.ts';
import { claimMessage, listQueue, QueueItem, releaseMessage, reviewMessage, TriageDecision } from './queue.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const MessageParams = z.strictObject({ id: z.uuid({ message: 'must be a message id (UUID)' }) });

export const triageQueueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/triage-queue',
    {
      onRequest: requirePermission('triage:work'),
      schema: { tags: ['triage'], summary: 'Messages waiting for a person, most urgent and oldest first', params: z.strictObject({ crisisId: z.uuid() }), querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.object({ items: z.array(QueueItem) }), ...errors } },
    },
    async (request) => ({ items: await listQueue(app.db, principalOf(request), request.params.crisisId, request.query.limit, String(request.id)) }),
  );
  app.post(
    '/messages/:id/claim',
    { onRequest: requirePermission('triage:work'), schema: { tags: ['triage'], summary: 'Take a message (one operator at a time; lapses after 10 minutes)', params: MessageParams, response: { 200: z.object({ claimedUntil: z.string() }), ...errors } } },
    async (request) => claimMessage(app.db, principalOf(request), request.params.id),
  );
  app.post(
    '/messages/:id/release',
    { onRequest: requirePermission('triage:work'), schema: { tags: ['triage'], summary: 'Give a message back to the queue', params: MessageParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await releaseMessage(app.db, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/messages/:id/triage',
    { onRequest: requirePermission('triage:work'), schema: { tags: ['triage'], summary: "Accept or correct the machine's needs and urgency", params: MessageParams, body: TriageDecision, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await reviewMessage(app.db, principalOf(request), request.params.id, request.body, String(request.id));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/messages/:id/duplicates',
    { onRequest: requirePermission('triage:work'), schema: { tags: ['triage'], summary: 'Messages that may report the same event (similar text or same place, within a day)', params: MessageParams, response: { 200: z.object({ items: z.array(DuplicateCandidate) }), ...errors } } },
    async (request) => ({ items: await findDuplicates(app.db, principalOf(request), request.params.id) }),
  );
  app.post(
    '/messages/:id/merge',
    {
      onRequest: requirePermission('triage:work'),
      schema: {
        tags: ['triage'],
        summary: 'Merge this message into another report of the same event (it leaves the queue; needs and urgency join)',
        params: MessageParams,
        body: MergeInput,
        response: { 200: z.object({ id: z.uuid(), duplicateOf: z.uuid(), needs: z.array(z.string()), urgency: z.string().nullable() }), ...errors },
      },
    },
    async (request) => mergeDuplicate(app.db, principalOf(request), request.params.id, request.body.into),
  );
};
