/** PFIF 1.4 exchange with partner repositories: XML document and Atom person feed out, XML document in. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeUtf8 } from '../../http/body-parsers.ts';
import { AppError } from '../../http/errors.ts';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import { exportPfif, importPfif } from './pfif.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['tracing'];
const CrisisParams = z.strictObject({ crisisId: z.uuid('must be a crisis id') });
const ExportQuery = z.strictObject({ since: z.iso.datetime({ message: 'must be a UTC time written YYYY-MM-DDThh:mm:ssZ' }).optional().describe('Only records stored (entry_date) at or after this time') });
const MAX_PFIF_BYTES = 20 * 1024 * 1024;

export const pfifRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(['application/xml', 'text/xml', 'application/pfif+xml'], { parseAs: 'buffer', bodyLimit: MAX_PFIF_BYTES }, (_r, body, done) => {
    try {
      done(null, decodeUtf8(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  const selfUrl = (path: string): string => `${app.config.publicUrl ?? ''}${path}`;

  app.get(
    '/crises/:crisisId/pfif.xml',
    { onRequest: [requireSignIn, requirePermission('export:personal')], schema: { tags, summary: 'PFIF 1.4 document of the crisis\'s tracing records (incremental with since; expired ones as placeholders; audited)', params: CrisisParams, querystring: ExportQuery, response: { 200: z.any(), ...errors } } },
    async (request, reply) => {
      const body = await exportPfif(app.db, principalOf(request), request.params.crisisId, { since: request.query.since, format: 'xml', selfUrl: selfUrl(request.url) }, String(request.id));
      return reply.type('application/xml; charset=utf-8').header('cache-control', 'no-store').send(body);
    },
  );

  app.get(
    '/crises/:crisisId/pfif.atom',
    { onRequest: [requireSignIn, requirePermission('export:personal')], schema: { tags, summary: 'PFIF 1.4 Atom person feed (for authenticated partner repositories only; audited)', params: CrisisParams, querystring: ExportQuery, response: { 200: z.any(), ...errors } } },
    async (request, reply) => {
      const body = await exportPfif(app.db, principalOf(request), request.params.crisisId, { since: request.query.since, format: 'atom', selfUrl: selfUrl(request.url) }, String(request.id));
      return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'no-store').send(body);
    },
  );

  app.post(
    '/crises/:crisisId/pfif',
    {
      onRequest: [requireSignIn, requirePermission('tracing:work')],
      bodyLimit: MAX_PFIF_BYTES,
      schema: {
        tags,
        summary: 'Import a PFIF 1.1-1.4 document (application/xml): all or nothing, every problem named by record and field',
        params: CrisisParams,
        querystring: z.strictObject({ legalBasis: z.string().min(1).max(60).describe('The legal basis for processing the imported records'), organisationId: z.uuid('must be an organisation id').optional() }),
        response: { 200: z.object({ version: z.string(), persons: z.number(), unchanged: z.number(), expired: z.number(), notes: z.number(), dropped: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string') throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the PFIF document as application/xml');
      return importPfif(app.db, principalOf(request), request.params.crisisId, request.body, request.query, String(request.id));
    },
  );
};
