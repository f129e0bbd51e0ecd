/**
 * /webhooks/:kind/:channelId: the providers' side. Verify, parse, store durably, then answer. An unknown
 * or disabled channel is 404; a bad signature 401; a database outage 503 (the gateway keeps the message
 * and retries: nothing is answered 200 that is not stored).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { safeEqual } from '../../shared/crypto.ts';
import { adapters } from './adapters/index.ts';
import { openSecrets } from './channel-secrets.ts';
import * as repo from './intake.repo.ts';
import { storeInbound, storeStatuses } from './pipeline.ts';
import { channelInfo } from './replies.ts';

const Params = z.strictObject({ kind: z.string().max(40), channelId: z.uuid({ message: 'must be a channel id (UUID)' }) });

export const webhooksRoutes: FastifyPluginAsyncZod = async (app) => {
  async function activeChannel(kind: string, id: string) {
    const channel = await repo.findChannel(app.db, id);
    if (!channel || channel.kind !== kind || !channel.is_active || !adapters[kind]) throw AppError.notFound('Channel');
    return channel;
  }

  // WhatsApp subscription handshake: echo hub.challenge when the verify token matches.
  app.get(
    '/whatsapp/:channelId',
    { schema: { hide: true, params: z.strictObject({ channelId: z.uuid() }), querystring: z.object({ 'hub.mode': z.string().optional(), 'hub.verify_token': z.string().optional(), 'hub.challenge': z.string().max(200).optional() }) } },
    async (request, reply) => {
      const channel = await activeChannel('whatsapp', request.params.channelId);
      const secrets = openSecrets(channel.credentials_encrypted, app.secretKey);
      const token = request.query['hub.verify_token'];
      if (request.query['hub.mode'] !== 'subscribe' || !secrets.verifyToken || typeof token !== 'string' || !safeEqual(token, secrets.verifyToken)) {
        throw new AppError('FORBIDDEN', 'The verify token does not match');
      }
      return reply.type('text/plain; charset=utf-8').send(request.query['hub.challenge'] ?? '');
    },
  );

  app.post(
    '/:kind/:channelId',
    { config: { rateLimit: { max: app.config.webhookRateLimitPerMinute, timeWindow: '1 minute' } }, schema: { hide: true, params: Params } },
    async (request, reply) => {
      const channel = await activeChannel(request.params.kind, request.params.channelId);
      const adapter = adapters[channel.kind]!;
      const info = channelInfo(channel);
      const publicUrl = app.config.publicUrl ?? `${request.protocol}://${request.headers.host ?? 'localhost'}`;
      adapter.verify(request, info, openSecrets(channel.credentials_encrypted, app.secretKey), publicUrl);
      const parsed = adapter.parse(request, info);
      const crisis = await app.db.selectFrom('crises').select(['affected_countries']).where('id', '=', channel.crisis_id).executeTakeFirstOrThrow();
      const stored = parsed.messages.length
        ? await storeInbound(app.db, info, parsed.messages, {
            key: app.secretKey,
            defaultCountry: crisis.affected_countries[0],
            referencePrefix: crisis.affected_countries[0] ?? 'LL',
            addressIsPhone: adapter.addressIsPhone,
          })
        : [];
      const statuses = await storeStatuses(app.db, channel.id, parsed.statuses);
      const answer = adapter.acknowledge?.();
      if (answer) return reply.type(answer.contentType).send(answer.body);
      return { received: stored.length, duplicates: stored.filter((s) => s.duplicate).length, statuses };
    },
  );
};
