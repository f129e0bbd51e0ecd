/** Detention tracking on a case: record, list, consular access (through the sharing gate), outcome and visits. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { addVisit, Detention, DetentionCreate, DetentionUpdate, listDetentions, recordDetention, requestConsularAccess, updateDetention, VisitCreate } from './detentions.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['cases'];
const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });

export const detentionsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/cases/:id/detentions',
    { onRequest: requireSignIn, schema: { tags, summary: 'Record that the person is detained', params: IdParams, body: DetentionCreate, response: { 201: Detention, ...errors } } },
    async (request, reply) => reply.status(201).send(await recordDetention(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );
  app.get(
    '/cases/:id/detentions',
    { onRequest: requireSignIn, schema: { tags, summary: 'Detentions of a case with their visits (audited)', params: IdParams, response: { 200: z.object({ items: z.array(Detention) }), ...errors } } },
    async (request) => ({ items: await listDetentions(app.db, principalOf(request), request.params.id, String(request.id)) }),
  );
  app.post(
    '/detentions/:id/consular-access',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'Ask a consulate for access: only with the person\'s consent naming that consulate, never one of a state they fear',
        params: IdParams,
        body: z.strictObject({ consulateOrganisationId: z.uuid('must be an organisation id') }),
        response: { 200: Detention, ...errors },
      },
    },
    async (request) => requestConsularAccess(app.db, principalOf(request), request.params.id, request.body.consulateOrganisationId, String(request.id)),
  );
  app.patch(
    '/detentions/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Outcome, legal aid referral or consular access granted (send the version you read)', params: IdParams, body: DetentionUpdate, response: { 200: Detention, ...errors } } },
    async (request) => updateDetention(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );
  app.post(
    '/detentions/:id/visits',
    { onRequest: requireSignIn, schema: { tags, summary: 'Record a visit to the person in detention', params: IdParams, body: VisitCreate, response: { 201: z.object({ id: z.uuid() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await addVisit(app.db, principalOf(request), request.params.id, request.body)),
  );
};
