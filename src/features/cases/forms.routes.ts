/** Assessment forms per crisis (versioned data) and a case's answers. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { crisisScope, getCrisis } from '../crises/crises.service.ts';
import { AssessmentInput, currentForm, FormDefinition, saveAssessment, saveForm } from './forms.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['cases'];
const CrisisParams = z.strictObject({ crisisId: z.uuid('must be a crisis id') });
const Form = z.object({ version: z.number(), fields: z.array(z.record(z.string(), z.unknown())) });

export const formsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/assessment-form',
    { onRequest: requireSignIn, schema: { tags, summary: 'The current assessment form of the crisis (version=N: an earlier one)', params: CrisisParams, querystring: z.strictObject({ version: z.coerce.number().int().min(1).optional() }), response: { 200: Form, ...errors } } },
    async (request) => {
      await getCrisis(app.db, request.params.crisisId, crisisScope(principalOf(request)));
      const form = await currentForm(app.db, request.params.crisisId, request.query.version);
      if (!form) throw AppError.notFound('Assessment form');
      return { version: form.version, fields: form.fields as unknown as Record<string, unknown>[] };
    },
  );

  app.post(
    '/crises/:crisisId/assessment-form',
    { onRequest: requireSignIn, schema: { tags, summary: 'Save a new version of the crisis\'s assessment form (coordinators)', params: CrisisParams, body: FormDefinition, response: { 201: Form, ...errors } } },
    async (request, reply) => reply.status(201).send(await saveForm(app.db, principalOf(request), request.params.crisisId, request.body)),
  );

  app.put(
    '/cases/:id/assessment',
    {
      onRequest: requireSignIn,
      schema: { tags, summary: 'Answer the assessment form (checked against the version you name)', params: z.strictObject({ id: z.uuid() }), body: AssessmentInput, response: { 200: z.object({ formVersion: z.number(), answers: z.record(z.string(), z.unknown()) }), ...errors } },
    },
    async (request) => saveAssessment(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );
};
