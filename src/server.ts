/** Builds the Fastify app from config and an open database. No business logic lives here. */
import { randomUUID } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { authPlugin } from './features/auth/auth.plugin.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { codeListsRoutes } from './features/code-lists/code-lists.routes.ts';
import { crisesRoutes } from './features/crises/crises.routes.ts';
import { membersRoutes } from './features/members/members.routes.ts';
import { organisationsRoutes } from './features/organisations/organisations.routes.ts';
import { governanceRoutes } from './features/data-protection/governance.routes.ts';
import { peopleRoutes } from './features/data-protection/people.routes.ts';
import { intakeRoutes } from './features/intake/intake.routes.ts';
import { webhooksRoutes } from './features/intake/webhooks.routes.ts';
import { sosRoutes } from './features/public/sos.routes.ts';
import { servicesRoutes } from './features/public/services.routes.ts';
import { infoRoutes } from './features/public/info.routes.ts';
import { needsRoutes } from './features/triage/needs.routes.ts';
import { triageQueueRoutes } from './features/triage/queue.routes.ts';
import { translationRoutes } from './features/triage/translation.routes.ts';
import { casesRoutes } from './features/cases/cases.routes.ts';
import { attachmentsRoutes } from './features/cases/attachments.routes.ts';
import { detentionsRoutes } from './features/cases/detentions.routes.ts';
import { formsRoutes } from './features/cases/forms.routes.ts';
import { federationRoutes } from './features/cases/federation/federation.routes.ts';
import { referralsRoutes } from './features/cases/referrals.routes.ts';
import { activitiesRoutes } from './features/activities/activities.routes.ts';
import { directoryRoutes } from './features/directory/directory.routes.ts';
import { hsdsRoutes } from './features/directory/hsds.routes.ts';
import { mapRoutes } from './features/map/map.routes.ts';
import { publicMapApiRoutes, publicMapPageRoutes } from './features/map/public-map.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { consoleRoutes } from './features/console/console.routes.ts';
import { pfifRoutes } from './features/tracing/pfif.routes.ts';
import { publicTracingRoutes } from './features/tracing/public-search.routes.ts';
import { tracingRoutes } from './features/tracing/tracing.routes.ts';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.ts';
import { registerBodyParsers } from './http/body-parsers.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { AppError } from './http/errors.ts';
import { loggerOptions } from './http/logger.ts';
import { registerOpenApi } from './http/openapi.ts';
import { loadSecretKey } from './shared/secret-key.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    db: DatabaseHandle['db'];
    config: Config;
    /** Encrypts secrets at rest (TOTP secrets, channel credentials). */
    secretKey: Buffer;
  }
}

function rateLimited(after: string): AppError {
  return new AppError('RATE_LIMITED', `Too many requests; try again in ${after}`);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface BuildAppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Replace the logger (tests pass false). */
  logger?: boolean;
  /** Where log lines go (tests read them); standard output by default. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp({ config, database, logger, logStream }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === false ? false : { ...(loggerOptions(config) as object), ...(logStream ? { stream: logStream } : {}) },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('config', config);
  app.decorate('secretKey', loadSecretKey(config));
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // API answers hold personal data: no browser or proxy keeps them (the console's offline copies are its own,
  // bounded and wiped: docs/decisions/0012-offline-personal-data.md). A route that may be cached says so itself.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  const tileOrigins = config.mapTilesUrl ? [new URL(config.mapTilesUrl).origin] : [];
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // The console map fetches online raster tiles only from the configured tile server (MAP_TILES_URL).
        imgSrc: ["'self'", 'data:', ...tileOrigins],
        connectSrc: ["'self'", ...tileOrigins],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.publicUrl?.startsWith('https://') ?? false,
  });
  registerBodyParsers(app);
  registerErrorHandling(app);
  // Per-route limits only (sign-in, public forms, webhooks); in memory, per process.
  await app.register(fastifyRateLimit, { global: false, errorResponseBuilder: (_req, context) => rateLimited(context.after) });
  await registerOpenApi(app);
  await app.register(authPlugin);

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(organisationsRoutes, { prefix: '/api/organisations' });
  await app.register(membersRoutes, { prefix: '/api' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(peopleRoutes, { prefix: '/api' });
  await app.register(governanceRoutes, { prefix: '/api' });
  await app.register(intakeRoutes, { prefix: '/api' });
  await app.register(webhooksRoutes, { prefix: '/webhooks' });
  await app.register(needsRoutes, { prefix: '/api' });
  await app.register(triageQueueRoutes, { prefix: '/api' });
  await app.register(translationRoutes, { prefix: '/api' });
  await app.register(directoryRoutes, { prefix: '/api' });
  await app.register(activitiesRoutes, { prefix: '/api' });
  await app.register(casesRoutes, { prefix: '/api' });
  await app.register(referralsRoutes, { prefix: '/api' });
  await app.register(dashboardRoutes, { prefix: '/api' });
  await app.register(detentionsRoutes, { prefix: '/api' });
  await app.register(attachmentsRoutes, { prefix: '/api' });
  await app.register(formsRoutes, { prefix: '/api' });
  await app.register(federationRoutes, { prefix: '/api' });
  await app.register(hsdsRoutes, { prefix: '/api/hsds' });
  await app.register(tracingRoutes, { prefix: '/api' });
  await app.register(pfifRoutes, { prefix: '/api' });
  await app.register(sosRoutes);
  await app.register(servicesRoutes);
  await app.register(infoRoutes);
  await app.register(mapRoutes, { prefix: '/api' });
  await app.register(publicMapApiRoutes, { prefix: '/api/public' });
  await app.register(publicMapPageRoutes);
  await app.register(publicTracingRoutes);
  await app.register(crisesRoutes, { prefix: '/api/crises' });
  await app.register(codeListsRoutes, { prefix: '/api/code-lists' });
  await app.register(consoleRoutes);
  return app;
}
