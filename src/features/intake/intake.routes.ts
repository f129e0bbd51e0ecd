/** Channels of a crisis (coordinators) and hotline call entry (operators). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { can } from '../access/policy.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { e164 } from '../data-protection/people.schemas.ts';
import { Channel, ChannelCreate, ChannelUpdate, createChannel, listChannels, updateChannel } from './channels.service.ts';
import { storeInbound } from './pipeline.ts';
import { channelInfo } from './replies.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse, 503: ErrorResponse };
const CrisisParams = z.strictObject({ crisisId: z.uuid() });

export const HotlineCall = z.strictObject({
  channelId: z.uuid().describe('The hotline channel the call came in on'),
  clientReference: z.uuid().describe('A key made by the operator\'s device, so a form sent twice (offline sync) is stored once'),
  callerPhone: e164.optional().describe('Only if the caller wants a call back; leave out for an anonymous call'),
  text: z.string().trim().min(1, 'must say what the caller needs').max(4000),
  language: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as ar').optional(),
  callStartedAt: z.iso.datetime({ offset: true }),
  durationSeconds: z.number().int().min(0).max(86_400).optional(),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), precisionM: z.number().int().min(1).max(100_000) }).optional(),
});

export const intakeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/crises/:crisisId/channels',
    { onRequest: requireSignIn, schema: { tags: ['intake'], summary: 'Channels of a crisis (secrets are never returned)', params: CrisisParams, response: { 200: z.object({ items: z.array(Channel) }), ...errors } } },
    async (request) => ({ items: await listChannels(app.db, principalOf(request), request.params.crisisId) }),
  );
  app.post(
    '/crises/:crisisId/channels',
    { onRequest: requireSignIn, schema: { tags: ['intake'], summary: 'Add a channel (coordinators)', params: CrisisParams, body: ChannelCreate, response: { 201: Channel, ...errors } } },
    async (request, reply) => reply.status(201).send(await createChannel(app.db, app.secretKey, principalOf(request), request.params.crisisId, request.body, String(request.id))),
  );
  app.patch(
    '/channels/:id',
    { onRequest: requireSignIn, schema: { tags: ['intake'], summary: 'Rename, disable or re-key a channel', params: z.strictObject({ id: z.uuid() }), body: ChannelUpdate, response: { 200: Channel, ...errors } } },
    async (request) => updateChannel(app.db, app.secretKey, principalOf(request), request.params.id, request.body, String(request.id)),
  );

  app.post(
    '/crises/:crisisId/hotline-calls',
    {
      onRequest: requireSignIn,
      schema: {
        tags: ['intake'],
        summary: 'Enter a hotline call (operators); stored once per clientReference',
        params: CrisisParams,
        body: HotlineCall,
        response: { 201: z.object({ messageId: z.uuid(), reference: z.string().nullable(), duplicate: z.boolean() }), 200: z.object({ messageId: z.uuid(), reference: z.string().nullable(), duplicate: z.boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      const channel = await app.db.selectFrom('channels').selectAll().where('id', '=', body.channelId).where('crisis_id', '=', request.params.crisisId).executeTakeFirst();
      if (!channel || !can(principal, 'intake:write', { organisationId: channel.organisation_id, crisisId: channel.crisis_id })) throw AppError.notFound('Channel');
      if (channel.kind !== 'hotline' || !channel.is_active) throw AppError.validation('channelId', 'hotline', 'The channel must be an active hotline channel');
      const crisis = await app.db.selectFrom('crises').select('affected_countries').where('id', '=', channel.crisis_id).executeTakeFirstOrThrow();
      const [stored] = await storeInbound(
        app.db,
        channelInfo(channel),
        [
          {
            from: body.callerPhone ?? `anonymous:${body.clientReference}`,
            text: body.text,
            providerMessageId: body.clientReference,
            ...(body.language ? { language: body.language } : {}),
            ...(body.location ? { location: body.location } : {}),
            sentAt: new Date(body.callStartedAt),
            metadata: { hotline: { durationSeconds: body.durationSeconds ?? null, callbackWanted: body.callerPhone !== undefined } },
          },
        ],
        { key: app.secretKey, defaultCountry: crisis.affected_countries[0], referencePrefix: crisis.affected_countries[0] ?? 'LL', addressIsPhone: body.callerPhone !== undefined },
      );
      if (!stored) throw new AppError('INTERNAL', 'The call was not stored');
      if (!stored.duplicate) {
        await recordAudit(app.db, { action: 'create', actor: actorOf(principal), organisationId: channel.organisation_id, crisisId: channel.crisis_id, subjectType: 'message', subjectId: stored.messageId, requestId: String(request.id), metadata: { channel: 'hotline' } });
      }
      return reply.status(stored.duplicate ? 200 : 201).send(stored);
    },
  );
};
