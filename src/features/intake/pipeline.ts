/**
 * The one inbound pipeline for every channel: normalise, then in ONE transaction store the contact,
 * the conversation, the message and the jobs that follow (acknowledgement, triage). Only after that
 * commit does the gateway get its answer, so an answered message is never lost; a retried webhook
 * finds its message by idempotency key and stores nothing new.
 */
import { createHash, createHmac, randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { encryptSecret } from '../../shared/crypto.ts';
import { enqueue } from '../../jobs/queue.ts';
import { addDays } from '../data-protection/registry.ts';
import type { RetentionTarget } from '../data-protection/retention.service.ts';
import type { ChannelInfo, InboundMessage } from './adapters/adapter.ts';
import * as repo from './intake.repo.ts';
import { isStopWord, MAX_TEXT_LENGTH, normalisePhone, normaliseText } from './normalise.ts';

export const CONVERSATION_GAP_HOURS = 24;
export const DEDUPE_WINDOW_MS = 10 * 60_000;
export const FLOOD_PER_MINUTE = 30;
const MESSAGE_RETENTION_DAYS = 365;

export interface StoredMessage {
  messageId: string;
  reference: string | null;
  duplicate: boolean;
}

export function addressHash(address: string, key: Buffer): string {
  return createHmac('sha256', key).update(address, 'utf8').digest('hex');
}

const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newReference(prefix: string): string {
  let code = '';
  for (let i = 0; i < 6; i += 1) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${prefix}-${code}`;
}

/** Channels without provider ids: the same sender and text within ten minutes is the same message. */
export function contentKeys(from: string, text: string, now: Date): { current: string; previous: string } {
  const hash = createHash('sha256').update(`${from}\n${text}`, 'utf8').digest('hex').slice(0, 32);
  const bucket = Math.floor(now.getTime() / DEDUPE_WINDOW_MS);
  return { current: `h:${hash}:${bucket}`, previous: `h:${hash}:${bucket - 1}` };
}

export interface PipelineContext {
  key: Buffer;
  /** ISO country used to read numbers written without a country code (the crisis's first country). */
  defaultCountry: string | undefined;
  /** Two letters for references, e.g. SD. */
  referencePrefix: string;
  addressIsPhone: boolean;
}

function normaliseInbound(message: InboundMessage, context: PipelineContext): InboundMessage & { address: string } {
  const text = normaliseText(message.text);
  if (text.length > MAX_TEXT_LENGTH) throw AppError.validation('text', 'too_long', `The message is longer than ${MAX_TEXT_LENGTH} characters`);
  if (text.length === 0 && (message.media ?? []).length === 0 && !message.location) {
    throw AppError.validation('text', 'empty', 'The message has no text, media or location');
  }
  const address = context.addressIsPhone ? normalisePhone(message.from, context.defaultCountry) : message.from.trim();
  if (!address) throw AppError.validation('from', 'phone', 'The sender is not a phone number Lifeline can read');
  return { ...message, text, address };
}

/** Stores a batch of inbound messages from one webhook; returns one result per message, in order. */
export async function storeInbound(db: Kysely<Database> | Transaction<Database>, channel: ChannelInfo, inbound: InboundMessage[], context: PipelineContext, now = new Date()): Promise<StoredMessage[]> {
  const normalised = inbound.map((m) => normaliseInbound(m, context));
  const run = async (trx: Transaction<Database>): Promise<StoredMessage[]> => {
    const results: StoredMessage[] = [];
    for (const message of normalised) {
      const keys = message.providerMessageId ? { current: `p:${message.providerMessageId}`, previous: undefined } : contentKeys(message.address, message.text, now);
      const existing =
        (await repo.findMessageByKey(trx, channel.id, 'in', keys.current)) ??
        (keys.previous ? await repo.findMessageByKey(trx, channel.id, 'in', keys.previous) : undefined);
      if (existing) {
        results.push({ messageId: existing.id, reference: existing.reference, duplicate: true });
        continue;
      }
      const retentionUntil = addDays(now, MESSAGE_RETENTION_DAYS);
      const contact = await repo.upsertContact(trx, {
        crisisId: channel.crisisId,
        channelId: channel.id,
        addressHash: addressHash(message.address, context.key),
        addressEncrypted: encryptSecret(message.address, context.key),
        language: message.language ?? null,
        retentionUntil,
      });
      let conversation = await repo.findOpenConversation(trx, contact.id, new Date(now.getTime() - CONVERSATION_GAP_HOURS * 3_600_000));
      const isNewConversation = conversation === undefined;
      if (!conversation) {
        conversation = await trx
          .insertInto('conversations')
          .values({ crisis_id: channel.crisisId, contact_id: contact.id, reference: newReference(context.referencePrefix) })
          .returning(['id', 'reference'])
          .executeTakeFirstOrThrow();
      } else {
        await trx.updateTable('conversations').set({ last_message_at: now }).where('id', '=', conversation.id).execute();
      }
      const flood = (await repo.countRecentFromContact(trx, contact.id, new Date(now.getTime() - 60_000))) >= FLOOD_PER_MINUTE;
      const stop = isStopWord(message.text);
      const row = await trx
        .insertInto('messages')
        .values({
          crisis_id: channel.crisisId,
          channel_id: channel.id,
          contact_id: contact.id,
          conversation_id: conversation.id,
          direction: 'in',
          idempotency_key: keys.current,
          provider_message_id: message.providerMessageId ?? null,
          text: message.text,
          media: JSON.stringify(message.media ?? []),
          location: message.location ? JSON.stringify(message.location) : null,
          metadata: JSON.stringify({ ...(flood ? { throttled: true } : {}), ...(stop ? { optOut: true } : {}), ...(message.sentAt ? { sentAt: message.sentAt.toISOString() } : {}) }),
          status: 'received',
          received_at: now,
          retention_until: retentionUntil,
        })
        .onConflict((oc) => oc.columns(['channel_id', 'direction', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        // The same message committed by a parallel retry between our check and our insert.
        const again = await repo.findMessageByKey(trx, channel.id, 'in', keys.current);
        results.push({ messageId: again?.id ?? '', reference: again?.reference ?? null, duplicate: true });
        continue;
      }
      if (stop) {
        await trx.updateTable('contacts').set({ opted_out_at: now }).where('id', '=', contact.id).execute();
        await enqueue(trx, { queue: 'intake.reply', crisisId: channel.crisisId, payload: { inboundId: row.id, template: 'opted_out' }, dedupeKey: `optout:${row.id}` });
      } else if (!flood) {
        if (isNewConversation) await enqueue(trx, { queue: 'intake.reply', crisisId: channel.crisisId, payload: { inboundId: row.id, template: 'acknowledgement' }, dedupeKey: `ack:${conversation.id}` });
        await enqueue(trx, { queue: 'triage.classify', crisisId: channel.crisisId, payload: { messageId: row.id }, dedupeKey: `triage:${row.id}` });
      }
      results.push({ messageId: row.id, reference: conversation.reference, duplicate: false });
    }
    return results;
  };
  return db.isTransaction ? run(db as Transaction<Database>) : db.transaction().execute(run);
}

/** Delivery receipts: attach the provider's status to our outbound message. */
export async function storeStatuses(db: Kysely<Database>, channelId: string, statuses: Array<{ providerMessageId: string; status: string; providerStatus: string; errorCode?: string }>): Promise<number> {
  if (statuses.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let matched = 0;
    for (const s of statuses) {
      const message = await trx.selectFrom('messages').select('id').where('channel_id', '=', channelId).where('direction', '=', 'out').where('provider_message_id', '=', s.providerMessageId).executeTakeFirst();
      if (!message) continue;
      matched += 1;
      await trx.insertInto('message_status_events').values({ message_id: message.id, status: s.status, provider_status: s.providerStatus, error_code: s.errorCode ?? null }).execute();
      await trx.updateTable('messages').set({ status: s.status }).where('id', '=', message.id).execute();
    }
    return matched;
  });
}

/**
 * Retention for SOS texts: the raw text is purged 90 days after triage (or a year after receipt if never
 * triaged); the triaged, pseudonymised record stays.
 */
export const sosTextRetention: RetentionTarget = {
  name: 'sos_messages',
  async countDue(db, now) {
    const row = await dueTexts(db, now).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { sos_text_90d: Number(row.n) };
  },
  async apply(trx, now) {
    const result = await trx
      .updateTable('messages')
      .set({ text: null, text_purged_at: now, media: '[]', location: null })
      .where('id', 'in', dueTexts(trx, now).select('id'))
      .executeTakeFirst();
    return { sos_text_90d: Number(result.numUpdatedRows) };
  },
};

function dueTexts(db: Kysely<Database> | Transaction<Database>, now: Date) {
  const triagedBefore = new Date(now.getTime() - 90 * 86_400_000);
  return db
    .selectFrom('messages')
    .where('text_purged_at', 'is', null)
    .where((eb) => eb.or([eb('triaged_at', '<', triagedBefore), eb('retention_until', '<', now.toISOString().slice(0, 10))]));
}
