/**
 * Job handlers for the outbound side: compose a reply (acknowledgement, opt-out confirmation) as an
 * outbound message, then dispatch it through the channel's adapter within the channel's rate limit,
 * honouring the provider's Retry-After and retrying with backoff.
 */
import type { Kysely } from 'kysely';
import { RateLimiter } from 'limiter';
import type { Database } from '../../db/schema.ts';
import { decryptSecret } from '../../shared/crypto.ts';
import { type ClaimedJob, enqueue, type JobHandler, RetryLater } from '../../jobs/queue.ts';
import { addDays } from '../data-protection/registry.ts';
import { type ChannelInfo, ProviderBusy } from './adapters/adapter.ts';
import { adapters } from './adapters/index.ts';
import { openSecrets } from './channel-secrets.ts';
import { renderReply, replyLanguage, type ReplyTemplate } from './reply-templates.ts';

export interface ReplyDeps {
  db: Kysely<Database>;
  key: Buffer;
  fetcher?: typeof fetch;
}

/** One token bucket per channel, at the channel's own send rate (per process). */
const limiters = new Map<string, { rate: number; limiter: RateLimiter }>();
function limiterFor(channelId: string, perSecond: number): RateLimiter {
  const current = limiters.get(channelId);
  if (current && current.rate === perSecond) return current.limiter;
  const limiter = new RateLimiter({ tokensPerInterval: Math.max(1, Math.floor(perSecond)), interval: perSecond >= 1 ? 'second' : Math.ceil(1000 / perSecond) });
  limiters.set(channelId, { rate: perSecond, limiter });
  return limiter;
}

export function channelInfo(row: { id: string; kind: string; crisis_id: string; address: string; settings: Record<string, unknown> }): ChannelInfo {
  return { id: row.id, kind: row.kind, crisisId: row.crisis_id, address: row.address, settings: row.settings };
}

export function composeReplyHandler({ db }: ReplyDeps): JobHandler {
  return async (job: ClaimedJob) => {
    const inboundId = String(job.payload['inboundId']);
    const template = job.payload['template'] as ReplyTemplate;
    const inbound = await db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .innerJoin('channels', 'channels.id', 'messages.channel_id')
      .select(['messages.id', 'messages.crisis_id', 'messages.channel_id', 'messages.contact_id', 'messages.conversation_id', 'messages.text', 'conversations.reference', 'contacts.language', 'channels.kind', 'channels.settings'])
      .where('messages.id', '=', inboundId)
      .executeTakeFirst();
    if (!inbound || !adapters[inbound.kind]) return; // web and hotline answers are shown or spoken, not sent
    const language = replyLanguage(inbound.text ?? '', inbound.language, inbound.settings['defaultLanguage'] as string | undefined);
    const text = renderReply(template, language, { ref: inbound.reference });
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('messages')
        .values({
          crisis_id: inbound.crisis_id,
          channel_id: inbound.channel_id,
          contact_id: inbound.contact_id,
          conversation_id: inbound.conversation_id,
          direction: 'out',
          idempotency_key: `${template}:${inbound.id}`,
          text,
          status: 'queued',
          metadata: JSON.stringify({ template, language, inReplyTo: inbound.id }),
          retention_until: addDays(new Date(), 365),
        })
        .onConflict((oc) => oc.columns(['channel_id', 'direction', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) await enqueue(trx, { queue: 'intake.dispatch', crisisId: inbound.crisis_id, payload: { messageId: row.id }, dedupeKey: `dispatch:${row.id}`, maxAttempts: 8 });
    });
  };
}

export function dispatchHandler({ db, key, fetcher }: ReplyDeps): JobHandler {
  return async (job: ClaimedJob) => {
    const messageId = String(job.payload['messageId']);
    const message = await db
      .selectFrom('messages')
      .innerJoin('channels', 'channels.id', 'messages.channel_id')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select(['messages.id', 'messages.text', 'messages.status', 'messages.metadata', 'contacts.address_encrypted', 'contacts.opted_out_at', 'channels.id as channel_id', 'channels.kind', 'channels.crisis_id', 'channels.address', 'channels.settings', 'channels.credentials_encrypted', 'channels.is_active', 'channels.send_per_second'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    if (!message || message.status !== 'queued') return;
    const adapter = adapters[message.kind];
    if (!adapter || !message.is_active) {
      await db.updateTable('messages').set({ status: 'failed', last_error: 'channel is disabled or cannot send' }).where('id', '=', messageId).execute();
      return;
    }
    const isOwnReply = typeof message.metadata['inReplyTo'] === 'string';
    if (message.opted_out_at && !isOwnReply) {
      await db.updateTable('messages').set({ status: 'suppressed', last_error: 'contact opted out' }).where('id', '=', messageId).execute();
      return;
    }
    const perSecond = Number(message.send_per_second);
    if (!limiterFor(message.channel_id, perSecond).tryRemoveTokens(1)) throw new RetryLater(Math.ceil(1000 / perSecond));
    const to = decryptSecret(message.address_encrypted, key);
    try {
      const result = await adapter.send(channelInfo({ id: message.channel_id, kind: message.kind, crisis_id: message.crisis_id, address: message.address, settings: message.settings }), openSecrets(message.credentials_encrypted, key), to, message.text ?? '', fetcher);
      await db.updateTable('messages').set({ status: 'sent', provider_message_id: result.providerMessageId || null, sent_at: new Date(), attempts: job.attempts }).where('id', '=', messageId).execute();
    } catch (error) {
      if (error instanceof ProviderBusy) throw new RetryLater(error.retryAfterMs, error.message);
      const final = job.attempts >= job.maxAttempts;
      await db
        .updateTable('messages')
        .set({ attempts: job.attempts, last_error: (error as Error).message.slice(0, 300), ...(final ? { status: 'failed' } : {}) })
        .where('id', '=', messageId)
        .execute();
      throw error;
    }
  };
}

export function intakeJobHandlers(deps: ReplyDeps): Record<string, JobHandler> {
  return { 'intake.reply': composeReplyHandler(deps), 'intake.dispatch': dispatchHandler(deps) };
}
