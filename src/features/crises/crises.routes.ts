/** /api/crises: parse, authorise, call the service, present. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/responses.ts';
import { Crisis, CrisisCreate, CrisisIdParams, CrisisList, CrisisListQuery, CrisisUpdate } from './crises.schemas.ts';
import * as service from './crises.service.ts';

export const crisesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { schema: { tags: ['crises'], summary: 'List crises, most recent first', querystring: CrisisListQuery, response: { 200: CrisisList, ...errorResponses } } },
    async (request) => service.listCrises(app.db, request.query),
  );

  app.get(
    '/:id',
    { schema: { tags: ['crises'], summary: 'One crisis', params: CrisisIdParams, response: { 200: Crisis, ...errorResponses } } },
    async (request) => service.getCrisis(app.db, request.params.id),
  );

  app.post(
    '/',
    { schema: { tags: ['crises'], summary: 'Create a crisis', body: CrisisCreate, response: { 201: Crisis, ...errorResponses } } },
    async (request, reply) => {
      const crisis = await service.createCrisis(app.db, request.body);
      return reply.status(201).header('location', `/api/crises/${crisis.id}`).send(crisis);
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['crises'],
        summary: 'Change a crisis (send the version you read)',
        params: CrisisIdParams,
        body: CrisisUpdate,
        response: { 200: Crisis, ...errorResponses },
      },
    },
    async (request) => service.updateCrisis(app.db, request.params.id, request.body),
  );

  app.delete(
    '/:id',
    { schema: { tags: ['crises'], summary: 'Delete a crisis that has no records', params: CrisisIdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      await service.deleteCrisis(app.db, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
