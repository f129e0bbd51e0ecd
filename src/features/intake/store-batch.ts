/**
 * Stores many inbound messages (from one webhook or from many concurrent ones) in one transaction with
 * set-based SQL: one statement each for the idempotency check, the contacts, the open conversations,
 * the new conversations, the messages and the jobs. Rows are taken in a fixed order (by channel and
 * address hash) so that concurrent batches cannot deadlock.
 */
import { createHmac } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { RateLimiter } from 'limiter';
import type { Database } from '../../db/schema.ts';
import { encryptSecret } from '../../shared/crypto.ts';
import { addDays } from '../data-protection/registry.ts';
import type { InboundMessage } from './adapters/adapter.ts';
import { isStopWord } from './normalise.ts';

export const CONVERSATION_GAP_HOURS = 24;
export const FLOOD_PER_MINUTE = 30;
const MESSAGE_RETENTION_DAYS = 365;

/** A normalised message ready to store. */
export interface BatchItem {
  channelId: string;
  crisisId: string;
  referencePrefix: string;
  message: InboundMessage & { address: string };
  /** The idempotency key, and for content-hash keys the key of the previous window too. */
  key: string;
  previousKey: string | undefined;
}

export interface StoredMessage {
  messageId: string;
  reference: string | null;
  duplicate: boolean;
}

export function addressHash(address: string, key: Buffer): string {
  return createHmac('sha256', key).update(address, 'utf8').digest('hex');
}

/** Per-sender flood detection, in memory: beyond 30 messages a minute, messages are kept but not triaged. */
const floodLimiters = new Map<string, RateLimiter>();
function isFlooding(addressKey: string): boolean {
  let limiter = floodLimiters.get(addressKey);
  if (!limiter) {
    if (floodLimiters.size > 100_000) floodLimiters.clear();
    limiter = new RateLimiter({ tokensPerInterval: FLOOD_PER_MINUTE, interval: 'minute' });
    floodLimiters.set(addressKey, limiter);
  }
  return !limiter.tryRemoveTokens(1);
}

export async function storeBatch(trx: Transaction<Database>, items: BatchItem[], secretKey: Buffer, newReference: (prefix: string) => string, now = new Date()): Promise<StoredMessage[]> {
  const results: Array<StoredMessage | undefined> = new Array(items.length);

  // 1. Already stored (a retried webhook)?
  const keys = [...new Set(items.flatMap((i) => (i.previousKey ? [i.key, i.previousKey] : [i.key])))];
  const existing = await trx
    .selectFrom('messages')
    .leftJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.channel_id', 'messages.idempotency_key', 'conversations.reference'])
    .where('messages.direction', '=', 'in')
    .where('messages.channel_id', 'in', [...new Set(items.map((i) => i.channelId))])
    .where('messages.idempotency_key', 'in', keys)
    .execute();
  const byKey = new Map(existing.map((e) => [`${e.channel_id}|${e.idempotency_key}`, e]));
  const fresh: number[] = [];
  const seenInBatch = new Map<string, number>();
  items.forEach((item, index) => {
    const found = byKey.get(`${item.channelId}|${item.key}`) ?? (item.previousKey ? byKey.get(`${item.channelId}|${item.previousKey}`) : undefined);
    if (found) results[index] = { messageId: found.id, reference: found.reference, duplicate: true };
    else if (seenInBatch.has(`${item.channelId}|${item.key}`)) results[index] = undefined; // filled from its twin below
    else {
      seenInBatch.set(`${item.channelId}|${item.key}`, index);
      fresh.push(index);
    }
  });
  if (fresh.length === 0) return fillTwins(items, results);

  // 2. Contacts: one upsert, one row per (channel, address), in a fixed order.
  const retentionUntil = addDays(now, MESSAGE_RETENTION_DAYS);
  const contactRows = new Map<string, { crisis_id: string; channel_id: string; address_hash: string; address_encrypted: string; language: string | null; retention_until: string }>();
  const hashOf = new Map<number, string>();
  for (const index of fresh) {
    const item = items[index] as BatchItem;
    const hash = addressHash(item.message.address, secretKey);
    hashOf.set(index, hash);
    const k = `${item.channelId}|${hash}`;
    if (!contactRows.has(k)) {
      contactRows.set(k, { crisis_id: item.crisisId, channel_id: item.channelId, address_hash: hash, address_encrypted: encryptSecret(item.message.address, secretKey), language: item.message.language ?? null, retention_until: retentionUntil });
    }
  }
  const sortedContacts = [...contactRows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const contacts = await trx
    .insertInto('contacts')
    .values(sortedContacts)
    .onConflict((oc) =>
      oc.columns(['channel_id', 'address_hash']).doUpdateSet((eb) => ({
        last_seen_at: sql`now()`,
        retention_until: eb.ref('excluded.retention_until'),
        language: eb.fn.coalesce('contacts.language', eb.ref('excluded.language')),
      })),
    )
    .returning(['id', 'channel_id', 'address_hash'])
    .execute();
  const contactId = new Map(contacts.map((c) => [`${c.channel_id}|${c.address_hash}`, c.id]));

  // 3. Conversations: the open one of each contact, else a new one.
  const contactIds = [...new Set(contacts.map((c) => c.id))].sort();
  const since = new Date(now.getTime() - CONVERSATION_GAP_HOURS * 3_600_000);
  const open = await trx
    .selectFrom('conversations')
    .select(['id', 'contact_id', 'reference', 'last_message_at'])
    .where('contact_id', 'in', contactIds)
    .where('closed_at', 'is', null)
    .where('last_message_at', '>', since)
    .orderBy('contact_id')
    .orderBy('last_message_at', 'desc')
    .forUpdate()
    .execute();
  const conversationOf = new Map<string, { id: string; reference: string; isNew: boolean }>();
  for (const c of open) if (!conversationOf.has(c.contact_id)) conversationOf.set(c.contact_id, { id: c.id, reference: c.reference, isNew: false });
  const needNew = contactIds.filter((id) => !conversationOf.has(id));
  if (needNew.length > 0) {
    const prefixOf = new Map<string, string>();
    for (const index of fresh) {
      const item = items[index] as BatchItem;
      prefixOf.set(contactId.get(`${item.channelId}|${hashOf.get(index)}`) as string, item.referencePrefix);
    }
    const crisisOf = new Map(contacts.map((c) => [c.id, contactRows.get(`${c.channel_id}|${c.address_hash}`)?.crisis_id as string]));
    const created = await trx
      .insertInto('conversations')
      .values(needNew.map((id) => ({ crisis_id: crisisOf.get(id) as string, contact_id: id, reference: newReference(prefixOf.get(id) ?? 'LL') })))
      .returning(['id', 'contact_id', 'reference'])
      .execute();
    for (const c of created) conversationOf.set(c.contact_id, { id: c.id, reference: c.reference, isNew: true });
  }
  const continuing = open.filter((c) => conversationOf.get(c.contact_id)?.id === c.id).map((c) => c.id);
  if (continuing.length > 0) await trx.updateTable('conversations').set({ last_message_at: now }).where('id', 'in', continuing).execute();

  // 4. Messages: one insert; a conflict means a parallel retry won, and we report that row.
  const rows = fresh.map((index) => {
    const item = items[index] as BatchItem;
    const contact = contactId.get(`${item.channelId}|${hashOf.get(index)}`) as string;
    const stop = isStopWord(item.message.text);
    const flood = isFlooding(`${item.channelId}|${hashOf.get(index)}`);
    return {
      index,
      contact,
      stop,
      flood,
      values: {
        crisis_id: item.crisisId,
        channel_id: item.channelId,
        contact_id: contact,
        conversation_id: conversationOf.get(contact)?.id as string,
        direction: 'in' as const,
        idempotency_key: item.key,
        provider_message_id: item.message.providerMessageId ?? null,
        text: item.message.text,
        media: JSON.stringify(item.message.media ?? []),
        location: item.message.location ? JSON.stringify(item.message.location) : null,
        metadata: JSON.stringify({ ...(item.message.metadata ?? {}), ...(flood ? { throttled: true } : {}), ...(stop ? { optOut: true } : {}), ...(item.message.sentAt ? { sentAt: item.message.sentAt.toISOString() } : {}) }),
        status: 'received',
        received_at: now,
        retention_until: retentionUntil,
      },
    };
  });
  const inserted = await trx
    .insertInto('messages')
    .values(rows.map((r) => r.values))
    .onConflict((oc) => oc.columns(['channel_id', 'direction', 'idempotency_key']).doNothing())
    .returning(['id', 'channel_id', 'idempotency_key'])
    .execute();
  const insertedId = new Map(inserted.map((m) => [`${m.channel_id}|${m.idempotency_key}`, m.id]));

  // 5. Jobs (ids only, never text) and opt-outs.
  const jobs: Array<{ queue: string; crisis_id: string; payload: string; dedupe_key: string }> = [];
  const optOuts: string[] = [];
  const acknowledged = new Set<string>();
  for (const r of rows) {
    const item = items[r.index] as BatchItem;
    const id = insertedId.get(`${item.channelId}|${item.key}`);
    const conversation = conversationOf.get(r.contact);
    if (!id) {
      const again = await trx.selectFrom('messages').select('id').where('channel_id', '=', item.channelId).where('direction', '=', 'in').where('idempotency_key', '=', item.key).executeTakeFirst();
      results[r.index] = { messageId: again?.id ?? '', reference: conversation?.reference ?? null, duplicate: true };
      continue;
    }
    results[r.index] = { messageId: id, reference: conversation?.reference ?? null, duplicate: false };
    if (r.stop) {
      optOuts.push(r.contact);
      jobs.push({ queue: 'intake.reply', crisis_id: item.crisisId, payload: JSON.stringify({ inboundId: id, template: 'opted_out' }), dedupe_key: `optout:${id}` });
    } else if (!r.flood) {
      if (conversation?.isNew && !acknowledged.has(conversation.id)) {
        acknowledged.add(conversation.id);
        jobs.push({ queue: 'intake.reply', crisis_id: item.crisisId, payload: JSON.stringify({ inboundId: id, template: 'acknowledgement' }), dedupe_key: `ack:${conversation.id}` });
      }
      jobs.push({ queue: 'triage.classify', crisis_id: item.crisisId, payload: JSON.stringify({ messageId: id }), dedupe_key: `triage:${id}` });
    }
  }
  if (optOuts.length > 0) await trx.updateTable('contacts').set({ opted_out_at: now }).where('id', 'in', optOuts).execute();
  if (jobs.length > 0) await trx.insertInto('jobs').values(jobs).onConflict((oc) => oc.column('dedupe_key').doNothing()).execute();
  return fillTwins(items, results);
}

/** A message that appeared twice in one batch gets its twin's answer, marked as a duplicate. */
function fillTwins(items: BatchItem[], results: Array<StoredMessage | undefined>): StoredMessage[] {
  return items.map((item, index) => {
    const result = results[index];
    if (result) return result;
    const twin = items.findIndex((other, j) => j !== index && results[j] && other.channelId === item.channelId && other.key === item.key);
    const found = results[twin];
    return { messageId: found?.messageId ?? '', reference: found?.reference ?? null, duplicate: true };
  });
}
