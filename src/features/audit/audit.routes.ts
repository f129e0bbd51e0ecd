/** /api/audit: the audit log, for data protection officers of the organisations it concerns. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { scopeFor } from '../access/policy.ts';
import { principalOf, requirePermission } from '../auth/guards.ts';
import { actorOf, auditActions, listAudit, recordAudit, verifyAuditChain } from './audit.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const Entry = z.object({
  id: z.string(),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorTokenId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  organisationId: z.string().nullable(),
  crisisId: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  personId: z.string().nullable(),
  fields: z.array(z.string()),
  recipient: z.string().nullable(),
  purpose: z.string().nullable(),
  requestId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      onRequest: requirePermission('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'Audit entries of your organisations, newest first',
        querystring: z.strictObject({
          crisisId: z.uuid().optional(),
          action: z.enum(auditActions).optional(),
          personId: z.uuid().optional(),
          before: z.string().regex(/^\d{1,18}$/, 'must be an entry id').optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(Entry), nextBefore: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const scope = scopeFor(principal, 'audit:read');
      const items = await listAudit(app.db, {
        organisationIds: scope.organisationIds,
        crisesByOrganisation: scope.crisesByOrganisation,
        crisisId: request.query.crisisId,
        action: request.query.action,
        personId: request.query.personId,
        beforeId: request.query.before,
        limit: request.query.limit,
      });
      // Reading the log is itself recorded: who looked at whose trail.
      await recordAudit(app.db, {
        action: 'view',
        actor: actorOf(principal),
        organisationId: scope.organisationIds[0] ?? null,
        subjectType: 'audit_log',
        requestId: String(request.id),
        metadata: { entries: items.length, personFilter: request.query.personId !== undefined },
      });
      return { items, nextBefore: items.length === request.query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.get(
    '/verify',
    {
      onRequest: requirePermission('audit:read'),
      schema: { tags: ['audit'], summary: 'Check the hash chain of the whole log', response: { 200: z.object({ ok: z.boolean(), checked: z.number(), firstBrokenId: z.string().optional(), reason: z.string().optional() }), ...errors } },
    },
    async () => verifyAuditChain(app.db),
  );
};
