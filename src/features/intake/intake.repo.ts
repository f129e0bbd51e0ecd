/** SQL for intake: channels, contacts, conversations, messages. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export function findChannel(db: Db, id: string) {
  return db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function upsertContact(db: Db, values: { crisisId: string; channelId: string; addressHash: string; addressEncrypted: string; language: string | null; retentionUntil: string }) {
  return db
    .insertInto('contacts')
    .values({
      crisis_id: values.crisisId,
      channel_id: values.channelId,
      address_hash: values.addressHash,
      address_encrypted: values.addressEncrypted,
      language: values.language,
      retention_until: values.retentionUntil,
    })
    .onConflict((oc) =>
      oc.columns(['channel_id', 'address_hash']).doUpdateSet((eb) => ({
        last_seen_at: sql`now()`,
        retention_until: values.retentionUntil,
        language: eb.fn.coalesce('contacts.language', eb.val(values.language)),
      })),
    )
    .returning(['id', 'opted_out_at', 'language'])
    .executeTakeFirstOrThrow();
}

export function findOpenConversation(db: Db, contactId: string, since: Date) {
  return db
    .selectFrom('conversations')
    .select(['id', 'reference'])
    .where('contact_id', '=', contactId)
    .where('closed_at', 'is', null)
    .where('last_message_at', '>', since)
    .orderBy('last_message_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export function findMessageByKey(db: Db, channelId: string, direction: 'in' | 'out', key: string) {
  return db
    .selectFrom('messages')
    .leftJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.status', 'conversations.reference'])
    .where('messages.channel_id', '=', channelId)
    .where('messages.direction', '=', direction)
    .where('messages.idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function countRecentFromContact(db: Db, contactId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('contact_id', '=', contactId)
    .where('direction', '=', 'in')
    .where('received_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
