/**
 * The one inbound pipeline for every channel: normalise, then in ONE transaction store the contact,
 * the conversation, the message and the jobs that follow (acknowledgement, triage). Only after that
 * commit does the gateway get its answer, so an answered message is never lost; a retried webhook
 * finds its message by idempotency key and stores nothing new.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { RetentionTarget } from '../data-protection/retention.service.ts';
import type { ChannelInfo, InboundMessage } from './adapters/adapter.ts';
import { batcherFor } from './batcher.ts';
import { MAX_TEXT_LENGTH, normalisePhone, normaliseText } from './normalise.ts';
import { type BatchItem, storeBatch, type StoredMessage } from './store-batch.ts';

export { addressHash, type StoredMessage } from './store-batch.ts';

export const DEDUPE_WINDOW_MS = 10 * 60_000;

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

/**
 * Stores inbound messages from one webhook; returns one result per message, in order. Inside a
 * transaction it stores there; otherwise it joins the micro-batch of concurrent webhooks (see batcher.ts),
 * and resolves only after that batch has committed.
 */
export async function storeInbound(db: Kysely<Database> | Transaction<Database>, channel: ChannelInfo, inbound: InboundMessage[], context: PipelineContext, now = new Date()): Promise<StoredMessage[]> {
  const items: BatchItem[] = inbound.map((m) => {
    const message = normaliseInbound(m, context);
    const keys = message.providerMessageId ? { current: `p:${message.providerMessageId}`, previous: undefined } : contentKeys(message.address, message.text, now);
    return { channelId: channel.id, crisisId: channel.crisisId, referencePrefix: context.referencePrefix, message, key: keys.current, previousKey: keys.previous };
  });
  if (items.length === 0) return [];
  if (db.isTransaction) return storeBatch(db as Transaction<Database>, items, context.key, newReference, now);
  return batcherFor(db as Kysely<Database>, context.key).submit(items);
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
      .set({ text: null, translation: null, text_purged_at: now, media: '[]', location: null, extracted_places: '[]', people_counts: null, nationalities: [], third_party_phones: [] })
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
