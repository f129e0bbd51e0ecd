/** /api/hsds: the public, read-only HSDS 3.0 API over the directory (confidential locations never appear). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { HsdsRecord, Page, PageQuery } from './directory.schemas.ts';
import * as api from './hsds/api.service.ts';

const errors = { ...errorResponses, 429: ErrorResponse };
const IdParams = z.object({ id: z.uuid('must be a UUID') });
const rateLimit = { max: 300, timeWindow: '1 minute' };

export const hsdsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { rateLimit },
      schema: { tags: ['hsds'], summary: 'HSDS API root: version and profile', response: { 200: z.object({ version: z.string(), profile: z.string(), openapi_url: z.string() }) } },
    },
    async () => {
      const base = app.config.publicUrl ?? '';
      return { version: api.HSDS_VERSION, profile: `${base}/docs/HSDS-PROFILE.md`, openapi_url: `${base}/api/openapi.json` };
    },
  );

  app.get(
    '/services',
    { config: { rateLimit }, schema: { tags: ['hsds'], summary: 'Services, paged (HSDS Page envelope)', querystring: PageQuery, response: { 200: Page, ...errors } } },
    async (request) => api.listServices(app.db, request.query),
  );

  app.get(
    '/services/:id',
    { config: { rateLimit }, schema: { tags: ['hsds'], summary: 'One service, dereferenced', params: IdParams, response: { 200: HsdsRecord, ...errors } } },
    async (request) => api.getService(app.db, request.params.id),
  );

  app.get(
    '/organizations',
    { config: { rateLimit }, schema: { tags: ['hsds'], summary: 'Organizations, paged', querystring: PageQuery, response: { 200: Page, ...errors } } },
    async (request) => api.listOrganizations(app.db, request.query),
  );

  app.get(
    '/organizations/:id',
    {
      config: { rateLimit },
      schema: { tags: ['hsds'], summary: 'One organization with its services', params: IdParams, querystring: z.strictObject({ full_service: z.enum(['true', 'false']).optional() }), response: { 200: HsdsRecord, ...errors } },
    },
    async (request) => api.getOrganization(app.db, request.params.id, request.query.full_service === 'true'),
  );
};
