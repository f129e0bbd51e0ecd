/** The 3W / activity matrix of a crisis, reported needs per area, the gap view and the HXL export. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { Activity, ActivityCreate, ActivityListQuery, ActivityParams, ActivityUpdate, AreaNeedCreate, CrisisParams, GapList } from './activities.schemas.ts';
import * as service from './activities.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['activities'];

export const activitiesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/activities',
    { onRequest: requireSignIn, schema: { tags, summary: 'Who does what where: the activity matrix of a crisis', params: CrisisParams, querystring: ActivityListQuery, response: { 200: z.object({ items: z.array(Activity) }), ...errors } } },
    async (request) => ({ items: await service.listActivities(app.db, request.params.crisisId, request.query, principalOf(request)) }),
  );

  app.get(
    '/crises/:crisisId/activities.csv',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'The activity matrix as HXL-tagged CSV (3W), counts below 5 suppressed',
        params: CrisisParams,
        querystring: ActivityListQuery,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const csv = await service.exportHxl(app.db, request.params.crisisId, request.query, principalOf(request));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="activities-3w-hxl.csv"').send(csv);
    },
  );

  app.post(
    '/crises/:crisisId/activities',
    { onRequest: requireSignIn, schema: { tags, summary: 'Report an activity (coordinators and directory managers of the crisis)', params: CrisisParams, body: ActivityCreate, response: { 201: Activity, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.createActivity(app.db, request.params.crisisId, request.body, principalOf(request))),
  );

  app.patch(
    '/activities/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Change an activity (send the version you read)', params: ActivityParams, body: ActivityUpdate, response: { 200: Activity, ...errors } } },
    async (request) => service.updateActivity(app.db, request.params.id, request.body, principalOf(request)),
  );

  app.delete(
    '/activities/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'Remove an activity', params: ActivityParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await service.deleteActivity(app.db, request.params.id, principalOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/crises/:crisisId/area-needs',
    { onRequest: requireSignIn, schema: { tags, summary: 'Report a need in an area (from an assessment or a meeting)', params: CrisisParams, body: AreaNeedCreate, response: { 201: z.object({ id: z.uuid() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await service.reportAreaNeed(app.db, request.params.crisisId, request.body, principalOf(request))),
  );

  app.get(
    '/crises/:crisisId/gaps',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'Needs reported per area beside the activities and services that answer them; gaps=true lists only the uncovered ones',
        params: CrisisParams,
        querystring: z.strictObject({ gaps: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false') }),
        response: { 200: GapList, ...errors },
      },
    },
    async (request) => ({ items: await service.listGaps(app.db, request.params.crisisId, principalOf(request), request.query.gaps === 'true') }),
  );
};
