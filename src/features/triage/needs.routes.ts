/** /api/needs: the needs code list (read by anyone signed in; changed by platform administrators, audited). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePlatformAdmin, requireSignIn } from '../auth/guards.ts';
import { createNeed, listNeeds, NeedCreate, NeedOut, NeedParams, NeedUpdate, setNeedRetired, updateNeed } from './needs.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['needs'];

export const needsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/needs',
    {
      onRequest: requireSignIn,
      schema: {
        tags, summary: 'The needs code list, in display order (retired needs only when asked)',
        querystring: z.strictObject({ includeRetired: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false') }),
        response: { 200: z.object({ items: z.array(NeedOut) }), ...errors },
      },
    },
    async (request) => ({ items: await listNeeds(app.db, request.query.includeRetired === 'true') }),
  );
  app.post(
    '/needs',
    { onRequest: requirePlatformAdmin, schema: { tags, summary: 'Add a need to the code list (platform administrators)', body: NeedCreate, response: { 201: NeedOut, ...errors } } },
    async (request, reply) => {
      const need = await createNeed(app.db, principalOf(request), request.body, String(request.id));
      return reply.status(201).header('location', `/api/needs/${need.code}`).send(need);
    },
  );
  app.patch(
    '/needs/:code',
    { onRequest: requirePlatformAdmin, schema: { tags, summary: 'Rename or translate a need, change its keywords, whether it is life-safety, or the urgency and reason it brings to triage (the code stays)', params: NeedParams, body: NeedUpdate, response: { 200: NeedOut, ...errors } } },
    async (request) => updateNeed(app.db, principalOf(request), request.params.code, request.body, String(request.id)),
  );
  app.post(
    '/needs/:code/retire',
    { onRequest: requirePlatformAdmin, schema: { tags, summary: 'Retire a need: no longer offered, accepted for new use or predicted; stored records keep it', params: NeedParams, response: { 200: NeedOut, ...errors } } },
    async (request) => setNeedRetired(app.db, principalOf(request), request.params.code, true, String(request.id)),
  );
  app.post(
    '/needs/:code/restore',
    { onRequest: requirePlatformAdmin, schema: { tags, summary: 'Put a retired need back in use', params: NeedParams, response: { 200: NeedOut, ...errors } } },
    async (request) => setNeedRetired(app.db, principalOf(request), request.params.code, false, String(request.id)),
  );
};
