/** Cases: open (from a hotline call, a walk-in, a referral, or by escalating a triaged SOS), list, read, change, plan. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { CaseCreate, CaseDetail, CaseListQuery, CasePerson, CaseSummary, CaseUpdate, Escalate, MemberCreate, Note, NoteCreate, Task, TaskCreate, TaskUpdate } from './cases.schemas.ts';
import { addMember } from './members.service.ts';
import { exportCases } from './export.service.ts';
import * as service from './cases.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['cases'];
const CrisisParams = z.strictObject({ crisisId: z.uuid('must be a crisis id') });
const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });

export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/crises/:crisisId/cases',
    { onRequest: requireSignIn, schema: { tags, summary: 'Open a case (hotline call, walk-in or referral); identity optional', params: CrisisParams, body: CaseCreate, response: { 201: CaseSummary, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.createCase(app.db, principalOf(request), request.params.crisisId, request.body, String(request.id))),
  );

  app.post(
    '/messages/:id/escalate',
    { onRequest: requireSignIn, schema: { tags, summary: 'Open a case from a triaged SOS: its needs, urgency and conversation join the case', params: IdParams, body: Escalate, response: { 201: CaseSummary, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.escalateMessage(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );

  app.get(
    '/crises/:crisisId/cases',
    { onRequest: requireSignIn, schema: { tags, summary: 'Open cases, highest priority first (mine=true, overdue=true)', params: CrisisParams, querystring: CaseListQuery, response: { 200: z.object({ items: z.array(CaseSummary), nextCursor: z.string().nullable() }), ...errors } } },
    async (request) => service.listCases(app.db, principalOf(request), request.params.crisisId, request.query),
  );

  app.get(
    '/cases/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'One case with its plan, notes and messages (audited)', params: IdParams, response: { 200: CaseDetail, ...errors } } },
    async (request) => service.getCase(app.db, principalOf(request), request.params.id, String(request.id)),
  );

  app.patch(
    '/cases/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Assess, assign, follow up or close a case (send the version you read)', params: IdParams, body: CaseUpdate, response: { 200: CaseSummary, ...errors } } },
    async (request) => service.updateCase(app.db, principalOf(request), request.params.id, request.body, String(request.id)),
  );

  app.post(
    '/cases/:id/tasks',
    { onRequest: requireSignIn, schema: { tags, summary: 'Add a task to the case plan', params: IdParams, body: TaskCreate, response: { 201: Task, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.addTask(app.db, principalOf(request), request.params.id, request.body)),
  );

  app.patch(
    '/case-tasks/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Mark a task done or not done', params: IdParams, body: TaskUpdate, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.setTaskDone(app.db, principalOf(request), request.params.id, request.body.done);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/cases/:id/notes',
    { onRequest: requireSignIn, schema: { tags, summary: 'Add a note to the case (200 with the stored note when its clientReference was sent before)', params: IdParams, body: NoteCreate, response: { 201: Note, 200: Note, ...errors } } },
    async (request, reply) => {
      const { created, ...note } = await service.addNote(app.db, principalOf(request), request.params.id, request.body.text, String(request.id), request.body.clientReference);
      return reply.status(created ? 201 : 200).send(note);
    },
  );

  app.post(
    '/cases/:id/members',
    { onRequest: requireSignIn, schema: { tags, summary: 'Add a household or group member (identity optional)', params: IdParams, body: MemberCreate, response: { 201: z.object({ id: z.uuid(), personId: z.uuid().nullable() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await addMember(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );

  app.get(
    '/crises/:crisisId/cases.csv',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'All cases of the crisis as CSV, streamed; identity=true adds names and phone (needs export:personal); audited',
        params: CrisisParams,
        querystring: z.strictObject({ identity: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const stream = await exportCases(app.db, principalOf(request), request.params.crisisId, request.query.identity === 'true', String(request.id));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="cases.csv"').header('cache-control', 'no-store').send(stream);
    },
  );

  app.put(
    '/cases/:id/person',
    { onRequest: requireSignIn, schema: { tags, summary: 'Record the identity of the person of a case that has none yet', params: IdParams, body: CasePerson, response: { 201: z.object({ personId: z.uuid() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await service.attachPerson(app.db, principalOf(request), request.params.id, request.body, String(request.id))),
  );
};
