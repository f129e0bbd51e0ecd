/** Tracing records, their PFIF notes, the candidate review queue and model retraining. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requirePermission, requireSignIn } from '../auth/guards.ts';
import * as review from './review.service.ts';
import { Candidate, CandidateListQuery, Decision, DecisionResult, NoteCreate, RecordListQuery, TracingNote, TracingNotification, TracingRecord, TracingRecordCreate, TracingRecordDetail, TracingRecordUpdate } from './tracing.schemas.ts';
import * as service from './tracing.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['tracing'];
const CrisisParams = z.strictObject({ crisisId: z.uuid('must be a crisis id') });
const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });

/** The PFIF domain of this repository: the host of PUBLIC_URL, else lifeline.local. */
export function pfifDomain(config: Config): string {
  return config.publicUrl ? new URL(config.publicUrl).hostname : 'lifeline.local';
}

export const tracingRoutes: FastifyPluginAsyncZod = async (app) => {
  const domain = pfifDomain(app.config);

  app.post(
    '/crises/:crisisId/tracing-records',
    { onRequest: requireSignIn, schema: { tags, summary: 'File a tracing record ("looking for", "I am safe", missing or deceased migrant); queues its matching', params: CrisisParams, body: TracingRecordCreate, response: { 201: TracingRecord, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.createRecord(app.db, principalOf(request), request.params.crisisId, request.body, domain, String(request.id))),
  );

  app.get(
    '/crises/:crisisId/tracing-records',
    { onRequest: requireSignIn, schema: { tags, summary: 'Tracing records of the crisis in entry order (names only with personal:read; audited)', params: CrisisParams, querystring: RecordListQuery, response: { 200: z.object({ items: z.array(TracingRecord), nextCursor: z.string().nullable() }), ...errors } } },
    async (request) => service.listRecords(app.db, principalOf(request), request.params.crisisId, request.query, String(request.id)),
  );

  app.get(
    '/tracing-records/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'One tracing record with its notes and confirmed matches only (audited)', params: IdParams, response: { 200: TracingRecordDetail, ...errors } } },
    async (request) => service.getRecord(app.db, principalOf(request), request.params.id, String(request.id)),
  );

  app.patch(
    '/tracing-records/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Update remains status, last known location or the PFIF expiry (send the version you read)', params: IdParams, body: TracingRecordUpdate, response: { 200: TracingRecord, ...errors } } },
    async (request) => service.updateRecord(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );

  app.post(
    '/tracing-records/:id/notes',
    { onRequest: requireSignIn, schema: { tags, summary: 'Add a PFIF status note (information_sought, is_note_author, believed_alive, believed_missing, believed_dead)', params: IdParams, body: NoteCreate, response: { 201: TracingNote, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.addNote(app.db, principalOf(request), request.params.id, request.body, domain, String(request.id))),
  );

  app.get(
    '/crises/:crisisId/tracing-candidates',
    { onRequest: [requireSignIn, requirePermission('tracing:work')], schema: { tags, summary: 'Candidate pairs to review, most probable first, with the explanation (tracing:work; audited)', params: CrisisParams, querystring: CandidateListQuery, response: { 200: z.object({ items: z.array(Candidate) }), ...errors } } },
    async (request) => review.listCandidates(app.db, principalOf(request), request.params.crisisId, request.query, String(request.id)),
  );

  app.post(
    '/tracing-candidates/:id/claim',
    { onRequest: [requireSignIn, requirePermission('tracing:work')], schema: { tags, summary: 'Claim a pair for review (409 when another volunteer holds it)', params: IdParams, response: { 200: Candidate, ...errors } } },
    async (request) => review.claimCandidate(app.db, principalOf(request), request.params.id, String(request.id)),
  );

  app.post(
    '/tracing-candidates/:id/decision',
    { onRequest: [requireSignIn, requirePermission('tracing:work')], schema: { tags, summary: 'Confirm or reject a pair you claimed, with a note; a confirmation records who may be told', params: IdParams, body: Decision, response: { 200: DecisionResult, ...errors } } },
    async (request) => review.decideCandidate(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );

  app.get(
    '/crises/:crisisId/tracing-notifications',
    { onRequest: requireSignIn, schema: { tags, summary: 'Sides of confirmed matches: to_contact (their consent allows telling them) or withheld', params: CrisisParams, response: { 200: z.object({ items: z.array(TracingNotification) }), ...errors } } },
    async (request) => review.listNotifications(app.db, principalOf(request), request.params.crisisId),
  );

  app.post(
    '/tracing-notifications/:id/contacted',
    { onRequest: requireSignIn, schema: { tags, summary: 'Record that this side was told of the match, through Lifeline (audited as a disclosure)', params: IdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await review.markContacted(app.db, principalOf(request), request.params.id, String(request.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/crises/:crisisId/tracing-model/retrain',
    { onRequest: [requireSignIn, requirePermission('tracing:work')], schema: { tags, summary: 'Retrain the matching model from the reviewers\' decisions', params: CrisisParams, response: { 201: z.object({ id: z.uuid(), labelCount: z.number(), matches: z.number(), matcher: z.string(), createdAt: z.string() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await review.retrainModel(app.db, principalOf(request), request.params.crisisId, String(request.id))),
  );
};
