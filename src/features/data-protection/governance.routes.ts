/** The registry, sharing agreements, authority requests (and the public transparency figure), data subject requests. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import { Agreement, AgreementCreate } from './agreements.schemas.ts';
import { createAgreement, listAgreements, revokeAgreement } from './agreements.service.ts';
import * as authoritySchemas from './authority-requests.schemas.ts';
import * as authority from './authority-requests.service.ts';
import { readRegistry } from './registry.ts';
import * as dsrSchemas from './subject-requests.schemas.ts';
import * as dsr from './subject-requests.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const Labelled = z.object({ code: z.string(), labels: z.record(z.string(), z.string()) }).loose();
const IdParams = z.strictObject({ id: z.uuid() });

export const governanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/data-protection/registry',
    {
      onRequest: requireSignIn,
      schema: { tags: ['data protection'], summary: 'Processing purposes, legal bases, sensitivity levels and retention policies', response: { 200: z.object({ purposes: z.array(Labelled), legalBases: z.array(Labelled), sensitivityLevels: z.array(Labelled), retentionPolicies: z.array(z.object({ code: z.string() }).loose()) }), ...errors } },
    },
    async () => readRegistry(app.db),
  );

  app.get(
    '/organisations/:id/sharing-agreements',
    { onRequest: requireSignIn, schema: { tags: ['data protection'], summary: 'Data-sharing agreements of an organisation', params: IdParams, response: { 200: z.object({ items: z.array(Agreement) }), ...errors } } },
    async (request) => ({ items: await listAgreements(app.db, principalOf(request), request.params.id) }),
  );
  app.post(
    '/organisations/:id/sharing-agreements',
    { onRequest: requireSignIn, schema: { tags: ['data protection'], summary: 'Register a data-sharing agreement with a partner (not a consulate)', params: IdParams, body: AgreementCreate, response: { 201: Agreement, ...errors } } },
    async (request, reply) => reply.status(201).send(await createAgreement(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );
  app.delete(
    '/organisations/:id/sharing-agreements/:agreementId',
    { onRequest: requireSignIn, schema: { tags: ['data protection'], summary: 'Revoke a data-sharing agreement', params: z.strictObject({ id: z.uuid(), agreementId: z.uuid() }), response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await revokeAgreement(app.db, principalOf(request), request.params.id, request.params.agreementId, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/authority-requests',
    { onRequest: requireSignIn, schema: { tags: ['data protection'], summary: 'Record a request for data from an authority (refused by default, sent to the data protection officer)', body: authoritySchemas.AuthorityRequestCreate, response: { 201: authoritySchemas.AuthorityRequest, ...errors } } },
    async (request, reply) => reply.status(201).send(await authority.recordAuthorityRequest(app.db, principalOf(request), request.body, String(request.id))),
  );
  app.get(
    '/authority-requests',
    { onRequest: requirePermission('data_protection:manage'), schema: { tags: ['data protection'], summary: 'Authority requests of your organisations (undecided=true: your queue)', querystring: authoritySchemas.AuthorityRequestQuery, response: { 200: z.object({ items: z.array(authoritySchemas.AuthorityRequest) }), ...errors } } },
    async (request) => ({ items: await authority.listAuthorityRequests(app.db, principalOf(request), { undecided: request.query.undecided === 'true' }) }),
  );
  app.post(
    '/authority-requests/:id/decision',
    { onRequest: requirePermission('data_protection:manage'), schema: { tags: ['data protection'], summary: 'Decide an authority request (data protection officers; disclosure only under a court order)', params: IdParams, body: authoritySchemas.AuthorityDecision, response: { 200: authoritySchemas.AuthorityRequest, ...errors } } },
    async (request) => authority.decideAuthorityRequest(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );
  app.get(
    '/transparency',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { tags: ['data protection'], summary: 'Public: requests from authorities per year, organisation, crisis, kind and outcome (counts only)', querystring: authoritySchemas.TransparencyQuery, response: { 200: authoritySchemas.Transparency, 400: ErrorResponse } },
    },
    async (request) => authority.transparencyFigures(app.db, request.query),
  );

  app.post(
    '/data-subject-requests',
    { onRequest: requireSignIn, schema: { tags: ['data protection'], summary: 'Record a request from a person about their data', body: dsrSchemas.SubjectRequestCreate, response: { 201: dsrSchemas.SubjectRequest, ...errors } } },
    async (request, reply) => reply.status(201).send(await dsr.createSubjectRequest(app.db, principalOf(request), request.body, String(request.id))),
  );
  app.get(
    '/data-subject-requests',
    { onRequest: requirePermission('data_protection:manage'), schema: { tags: ['data protection'], summary: 'Data subject requests, soonest due first', querystring: dsrSchemas.SubjectRequestQuery, response: { 200: z.object({ items: z.array(dsrSchemas.SubjectRequest) }), ...errors } } },
    async (request) => ({ items: await dsr.listSubjectRequests(app.db, principalOf(request), request.query.overdue === 'true') }),
  );
  app.patch(
    '/data-subject-requests/:id',
    { onRequest: requirePermission('data_protection:manage'), schema: { tags: ['data protection'], summary: 'Progress or close a data subject request', params: IdParams, body: dsrSchemas.SubjectRequestUpdate, response: { 200: dsrSchemas.SubjectRequest, ...errors } } },
    async (request) => dsr.updateSubjectRequest(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );
};
