/** The translation queue and the languages a responder reads. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import { listTranslationQueue, ReadingLanguages, setReadingLanguages, submitTranslation, TranslationInput, TranslationItem } from './translation.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };

export const translationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/translation-queue',
    {
      onRequest: requirePermission('translation:work'),
      schema: {
        tags: ['triage'],
        summary: 'Messages nobody on shift reads, in the languages you read (all=true: every language), oldest first',
        params: z.strictObject({ crisisId: z.uuid('must be a crisis id') }),
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50), all: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ readingLanguages: z.array(z.string()), items: z.array(TranslationItem) }), ...errors },
      },
    },
    async (request) => listTranslationQueue(app.db, principalOf(request), request.params.crisisId, { limit: request.query.limit, all: request.query.all === 'true', requestId: String(request.id) }),
  );

  app.post(
    '/messages/:id/translation',
    {
      onRequest: requirePermission('translation:work'),
      schema: {
        tags: ['triage'],
        summary: 'Store a translation (the first one wins); triage runs again on it',
        params: z.strictObject({ id: z.uuid('must be a message id') }),
        body: TranslationInput,
        response: { 200: z.object({ id: z.uuid(), needs: z.array(z.string()), urgency: z.string(), urgencyReasons: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => submitTranslation(app.db, principalOf(request), request.params.id, request.body),
  );

  app.put(
    '/me/reading-languages',
    {
      onRequest: requireSignIn,
      schema: { tags: ['triage'], summary: 'The languages you can read (for the translation queue and shift coverage)', body: ReadingLanguages, response: { 200: z.object({ languages: z.array(z.string()) }), ...errors } },
    },
    async (request) => ({ languages: await setReadingLanguages(app.db, principalOf(request), request.body.languages) }),
  );
};
