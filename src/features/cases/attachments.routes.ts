/** Case attachments: upload the file's bytes as the body (any of the accepted types), list, download (audited). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { addAttachment, listAttachments, MAX_ATTACHMENT_BYTES, readAttachment } from './attachments.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['cases'];
const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });
const Attachment = z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), sha256: z.string(), createdAt: z.string() });

export const attachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  // The bytes are checked for their real type in the service; the declared type only gets them here.
  app.addContentTypeParser(['application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png', 'image/webp'], { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES }, (_r, body, done) => done(null, body));

  app.post(
    '/cases/:id/attachments',
    {
      onRequest: requireSignIn,
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags,
        summary: 'Attach a photo (JPEG, PNG, WebP) or a PDF document, up to 10 MB: send the bytes as the body',
        params: IdParams,
        querystring: z.strictObject({ name: z.string().trim().min(1, 'must name the file').max(200) }),
        response: { 201: Attachment, ...errors },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return reply.status(201).send(await addAttachment(app.db, app.secretKey, principalOf(request), request.params.id, body, request.query.name, String(request.id)));
    },
  );

  app.get(
    '/cases/:id/attachments',
    { onRequest: requireSignIn, schema: { tags, summary: 'The attachments of a case (names and types only)', params: IdParams, response: { 200: z.object({ items: z.array(Attachment) }), ...errors } } },
    async (request) => ({ items: await listAttachments(app.db, principalOf(request), request.params.id) }),
  );

  app.get(
    '/case-attachments/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Download an attachment (audited)', params: IdParams, response: { 200: z.any(), ...errors } } },
    async (request, reply) => {
      const file = await readAttachment(app.db, app.secretKey, principalOf(request), request.params.id, String(request.id));
      return reply
        .type(file.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'no-store')
        .send(file.content);
    },
  );
};
