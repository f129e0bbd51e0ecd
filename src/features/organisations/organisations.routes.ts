/** /api/organisations */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, ErrorResponse } from '../../http/responses.ts';
import { principalOf, requirePlatformAdmin, requireSignIn } from '../auth/guards.ts';
import { Organisation, OrganisationCreate, OrganisationIdParams, OrganisationUpdate } from './organisations.schemas.ts';
import * as service from './organisations.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };

export const organisationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { onRequest: requireSignIn, schema: { tags: ['organisations'], summary: 'Organisations you belong to (all, for a platform administrator)', response: { 200: z.object({ items: z.array(Organisation) }), ...errors } } },
    async (request) => ({ items: await service.listOrganisations(app.db, principalOf(request)) }),
  );

  app.get(
    '/:id',
    { onRequest: requireSignIn, schema: { tags: ['organisations'], summary: 'One organisation', params: OrganisationIdParams, response: { 200: Organisation, ...errors } } },
    async (request) => service.getOrganisation(app.db, principalOf(request), request.params.id),
  );

  app.post(
    '/',
    { onRequest: requirePlatformAdmin, schema: { tags: ['organisations'], summary: 'Register an organisation (platform administrators)', body: OrganisationCreate, response: { 201: Organisation, ...errors } } },
    async (request, reply) => {
      const organisation = await service.createOrganisation(app.db, principalOf(request), request.body, String(request.id));
      return reply.status(201).header('location', `/api/organisations/${organisation.id}`).send(organisation);
    },
  );

  app.patch(
    '/:id',
    { onRequest: requireSignIn, schema: { tags: ['organisations'], summary: 'Change an organisation (its administrators)', params: OrganisationIdParams, body: OrganisationUpdate, response: { 200: Organisation, ...errors } } },
    async (request) => service.updateOrganisation(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );
};
