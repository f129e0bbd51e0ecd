/** /api/directory: search, shelter capacity, HSDS import (zip or JSON) and export, for signed-in responders. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import { Capacity, CapacityUpdate, HsdsRecord, ImportResult, JsonImport, SearchQuery, SearchResults, ServiceIdParams } from './directory.schemas.ts';
import * as service from './directory.service.ts';
import { serviceDocuments } from './hsds/export.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
/** Largest HSDS upload (zip or JSON). */
export const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

export const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('application/zip', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get(
    '/directory/search',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['directory'],
        summary: 'Find services by need, kind, language, distance, admin area, opening hours and free beds',
        description: 'Safe houses (confidential locations) are included only for caseworkers, coordinators and directory managers, and each such view is audited.',
        querystring: SearchQuery,
        response: { 200: SearchResults, ...errors },
      },
    },
    async (request) => ({ items: await service.search(app.db, request.query, principalOf(request)) }),
  );

  app.get(
    '/directory/services/:id',
    { onRequest: requireSignIn, schema: { tags: ['directory'], summary: 'One service, dereferenced (HSDS JSON)', params: ServiceIdParams, response: { 200: HsdsRecord, ...errors } } },
    async (request) => {
      const principal = principalOf(request);
      const [doc] = await serviceDocuments(app.db, [request.params.id], { includeConfidential: service.maySeeConfidential(principal) });
      if (!doc) throw AppError.notFound('Service');
      return doc;
    },
  );

  app.put(
    '/directory/services/:id/capacity',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['directory'],
        summary: 'Report a shelter\'s free beds (the shelter\'s own staff, or a directory manager)',
        params: ServiceIdParams,
        body: CapacityUpdate,
        response: { 200: Capacity, ...errors },
      },
    },
    async (request) => service.updateCapacity(app.db, request.params.id, request.body, principalOf(request)),
  );

  app.delete(
    '/directory/services/:id',
    { onRequest: requirePermission('directory:manage'), schema: { tags: ['directory'], summary: 'Remove a service', params: ServiceIdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.deleteService(app.db, request.params.id, principalOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/directory/imports',
    {
      onRequest: requirePermission('directory:manage'),
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['directory'],
        summary: 'Import an HSDS 3.0 package: a zip of CSV files (application/zip) or dereferenced services (JSON)',
        description:
          'All or nothing: any problem refuses the whole package, listing each by file, row and field. Records are matched by id, so a re-import updates. ' +
          'With a zip, list the crises in the query string (?crisisIds=a,b); with JSON, in the body.',
        querystring: z.strictObject({ crisisIds: z.string().regex(/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i, 'must be crisis ids separated by commas').optional() }),
        response: { 201: ImportResult, ...errors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const queryCrises = request.query.crisisIds?.split(',');
      let result;
      if (Buffer.isBuffer(request.body)) {
        result = await service.importZip(app.db, request.body, principal, queryCrises);
      } else {
        const parsed = JsonImport.safeParse(request.body);
        if (!parsed.success) throw parsed.error;
        result = await service.importJson(app.db, parsed.data.services, principal, parsed.data.crisisIds ?? queryCrises);
      }
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/directory/export.zip',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['directory'],
        summary: 'The directory as an HSDS 3.0 tabular package (zip of CSV files and datapackage.json)',
        querystring: z.strictObject({ includeConfidential: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const zip = await service.exportZip(app.db, principalOf(request), request.query.includeConfidential === 'true');
      return reply.type('application/zip').header('content-disposition', 'attachment; filename="lifeline-directory-hsds.zip"').send(zip);
    },
  );
};
