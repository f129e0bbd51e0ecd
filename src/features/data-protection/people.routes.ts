/** People (identity store), their consent and their disclosure history. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import { Consent, ConsentCreate, ConsentWithdraw, ConsentWithdrawn } from './consent.schemas.ts';
import { listConsents, recordConsent, withdrawConsent } from './consent.service.ts';
import { Person, PersonCreate } from './people.schemas.ts';
import { createPerson, getPerson } from './people.service.ts';
import { accessReport } from './subject-requests.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const PersonParams = z.strictObject({ id: z.uuid({ message: 'must be a person id (UUID)' }) });

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/crises/:crisisId/people',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['people'],
        summary: 'Record a person (needs a purpose and a legal basis; every identity field is optional)',
        params: z.strictObject({ crisisId: z.uuid() }),
        body: PersonCreate,
        response: { 201: Person, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createPerson(app.db, principalOf(request), request.params.crisisId, request.body, String(request.id))),
  );

  app.get(
    '/people/:id',
    { onRequest: requireSignIn, schema: { tags: ['people'], summary: 'One person (identity fields only for roles that may see them; audited)', params: PersonParams, response: { 200: Person, ...errors } } },
    async (request) => getPerson(app.db, principalOf(request), request.params.id, String(request.id)),
  );

  app.get(
    '/people/:id/consents',
    { onRequest: requirePermission('personal:read'), schema: { tags: ['people'], summary: 'What the person agreed to (current and withdrawn)', params: PersonParams, response: { 200: z.object({ items: z.array(Consent) }), ...errors } } },
    async (request) => ({ items: await listConsents(app.db, principalOf(request), request.params.id) }),
  );

  app.post(
    '/people/:id/consents',
    { onRequest: requireSignIn, schema: { tags: ['people'], summary: 'Record consent', params: PersonParams, body: ConsentCreate, response: { 201: Consent, ...errors } } },
    async (request, reply) => reply.status(201).send(await recordConsent(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );

  app.post(
    '/people/:id/consents/:consentId/withdraw',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['people'],
        summary: 'Withdraw consent (effective at once; lists the organisations that received data under it and must be told)',
        params: z.strictObject({ id: z.uuid(), consentId: z.uuid() }),
        body: ConsentWithdraw,
        response: { 200: ConsentWithdrawn, ...errors },
      },
    },
    async (request) => withdrawConsent(app.db, principalOf(request), request.params.id, request.params.consentId, request.body.method, String(request.id)),
  );

  app.get(
    '/people/:id/disclosures',
    {
      onRequest: requirePermission('data_protection:manage'),
      schema: {
        tags: ['people'],
        summary: "The person's own disclosure history, for an access request (data protection officers)",
        params: PersonParams,
        response: {
          200: z.object({
            personId: z.uuid(),
            disclosures: z.array(z.object({ id: z.string(), occurredAt: z.string(), by: z.string(), action: z.string(), organisationId: z.string().nullable(), fields: z.array(z.string()), recipient: z.string().nullable(), purpose: z.string().nullable() })),
          }),
          ...errors,
        },
      },
    },
    async (request) => accessReport(app.db, principalOf(request), request.params.id, String(request.id)),
  );
};
