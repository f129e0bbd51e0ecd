/** Liveness (/healthz: the process answers) and readiness (/readyz: the database answers). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ping } from '../../db/client.ts';
import { AppError } from '../../http/errors.ts';

const Status = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']).optional() });

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Status } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: { tags: ['health'], response: { 200: Status } } }, async () => {
    try {
      await Promise.race([
        ping(app.db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    } catch (error) {
      throw new AppError('UNAVAILABLE', 'The database is not answering', { retryAfter: 5, cause: error });
    }
    return { status: 'ok' as const, database: app.database.kind };
  });
};
