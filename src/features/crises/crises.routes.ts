/** /api/crises: parse, authorise, call the service, present. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePlatformAdmin, requireSignIn } from '../auth/guards.ts';
import { Crisis, CrisisCreate, CrisisIdParams, CrisisList, CrisisListQuery, CrisisUpdate } from './crises.schemas.ts';
import * as service from './crises.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };

export const crisesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { onRequest: requireSignIn, schema: { tags: ['crises'], summary: 'Crises you work on, most recent first', querystring: CrisisListQuery, response: { 200: CrisisList, ...errors } } },
    async (request) => service.listCrises(app.db, request.query, service.crisisScope(principalOf(request))),
  );

  app.get(
    '/:id',
    { onRequest: requireSignIn, schema: { tags: ['crises'], summary: 'One crisis', params: CrisisIdParams, response: { 200: Crisis, ...errors } } },
    async (request) => service.getCrisis(app.db, request.params.id, service.crisisScope(principalOf(request))),
  );

  app.post(
    '/',
    { onRequest: requirePlatformAdmin, schema: { tags: ['crises'], summary: 'Create a crisis (platform administrators)', body: CrisisCreate, response: { 201: Crisis, ...errors } } },
    async (request, reply) => {
      const crisis = await service.createCrisis(app.db, request.body);
      return reply.status(201).header('location', `/api/crises/${crisis.id}`).send(crisis);
    },
  );

  app.patch(
    '/:id',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['crises'],
        summary: 'Change a crisis (send the version you read)',
        params: CrisisIdParams,
        body: CrisisUpdate,
        response: { 200: Crisis, ...errors },
      },
    },
    async (request) => service.updateCrisis(app.db, request.params.id, request.body, principalOf(request)),
  );

  app.delete(
    '/:id',
    { onRequest: requirePlatformAdmin, schema: { tags: ['crises'], summary: 'Delete a crisis that has no records (platform administrators)', params: CrisisIdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.deleteCrisis(app.db, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
