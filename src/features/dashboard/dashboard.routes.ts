/** GET /api/crises/:crisisId/dashboard: the crisis dashboard's counts (no personal data). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { getDashboard } from './dashboard.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const count = z.number().int().min(0);
const Dashboard = z.object({
  triage: z.object({
    waiting: count,
    overdue: count,
    lastHours: z.array(count).describe('Messages still waiting, by hour received over the last 12 hours, oldest first'),
    topNeeds: z.array(z.object({ need: z.string(), count })),
  }).nullable().describe('null when your roles do not include triage in this crisis'),
  openCases: count.nullable().describe('null when your roles do not include reading cases in this crisis'),
  referrals: z.object({ waiting: count, overdue: count }),
});

export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/dashboard',
    {
      onRequest: requireSignIn,
      schema: { tags: ['dashboard'], summary: 'The crisis dashboard: waiting and overdue SOS, open cases, referrals waiting (counts only, within your organisations)', params: z.strictObject({ crisisId: z.uuid('must be a crisis id (UUID)') }), response: { 200: Dashboard, ...errors } },
    },
    async (request) => getDashboard(app.db, principalOf(request), request.params.crisisId),
  );
};
