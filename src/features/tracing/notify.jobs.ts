/**
 * Telling a consenting side of a confirmed match (issue 9), worked from the job queue. A confirmation queues one
 * tracing.notify job per to_contact side; the job finds whether a Lifeline channel reaches that side (the record's
 * author, else its person: their phone in the identity store, as a keyed hash, is a contact of an SMS or WhatsApp
 * channel of the record's own organisation in the crisis, and has not opted out), and if so queues one outbound
 * message in their language through the intake dispatch (rate limits, retries, delivery status). The message says
 * only that there is news about their tracing request and that a caseworker will contact them: no names, no place,
 * nothing of the other side. Everything happens in one transaction keyed on the notification row, so a retried job
 * never queues a second message. Sending is a disclosure (a match was confirmed) and is audited.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type ClaimedJob, enqueue, type JobHandler, RetryLater } from '../../jobs/queue.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { listCurrentConsentsFor } from '../data-protection/consent.repo.ts';
import { addDays } from '../data-protection/registry.ts';
import { adapters } from '../intake/adapters/index.ts';
import { renderReply, replyLanguage } from '../intake/reply-templates.ts';
import { addressHash } from '../intake/store-batch.ts';
import { TRACING_PURPOSE } from './tracing.service.ts';

export const NOTIFY_QUEUE = 'tracing.notify';
const TEMPLATE = 'tracing_news';
const MESSAGE_RETENTION_DAYS = 365;

/** Channel kinds whose contacts are phone numbers (E.164), so that a phone from the identity store can find them. */
export const phoneChannelKinds = (): string[] => Object.entries(adapters).filter(([, a]) => a.addressIsPhone).map(([kind]) => kind);

export const REASONS = {
  queued: (kind: string) => `This side agreed to be told of a match: a message saying there is news (naming nobody) was queued on the ${kind} channel; a caseworker contacts them through Lifeline`,
  noPhone: 'This side agreed to be told of a match, but no Lifeline channel reaches them (no phone number on record): a caseworker contacts them another way',
  noContact: 'This side agreed to be told of a match, but no Lifeline channel of this organisation reaches them (their number never wrote to one): a caseworker contacts them another way',
  optedOut: 'This side agreed to be told of a match, but their number opted out of Lifeline messages: a caseworker contacts them another way',
  failed: 'This side agreed to be told of a match, but no message could be queued after every attempt: a caseworker contacts them another way',
  withdrawn: 'The consent to be told of a match was withdrawn before a message went out: nothing is said to this side',
} as const;

export type NotifyOutcome = 'queued' | 'no_channel' | 'withdrawn' | 'nothing_to_do';

/** Works one notification; safe to run any number of times (only a pending one is acted on, under a row lock). */
export async function notifySide(db: Kysely<Database>, key: Buffer, notificationId: string): Promise<NotifyOutcome> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('tracing_notifications')
      .innerJoin('tracing_candidates', 'tracing_candidates.id', 'tracing_notifications.candidate_id')
      .innerJoin('tracing_records', 'tracing_records.id', 'tracing_notifications.tracing_record_id')
      .select(['tracing_notifications.id', 'tracing_notifications.status', 'tracing_notifications.message_status', 'tracing_notifications.candidate_id', 'tracing_notifications.tracing_record_id',
        'tracing_records.crisis_id', 'tracing_records.organisation_id', 'tracing_records.author_person_id', 'tracing_records.person_id'])
      .where('tracing_notifications.id', '=', notificationId)
      .forUpdate('tracing_notifications')
      .executeTakeFirst();
    if (!row || row.status !== 'to_contact' || row.message_status !== 'pending') return 'nothing_to_do';
    const settle = (values: { message_status: 'no_channel' | null; reason: string; status?: 'withheld' }) =>
      trx.updateTable('tracing_notifications').set(values).where('id', '=', row.id).execute();

    const personId = row.author_person_id ?? row.person_id;
    if (!personId || (await listCurrentConsentsFor(trx, personId, TRACING_PURPOSE, true)).length === 0) {
      await settle({ status: 'withheld', message_status: null, reason: REASONS.withdrawn });
      return 'withdrawn';
    }
    const person = await trx.selectFrom('people').select(['phone_e164', 'preferred_language', 'anonymised_at']).where('id', '=', personId).executeTakeFirst();
    if (!person?.phone_e164 || person.anonymised_at) {
      await settle({ message_status: 'no_channel', reason: REASONS.noPhone });
      return 'no_channel';
    }
    const contacts = await reachableContacts(trx, { crisisId: row.crisis_id, organisationId: row.organisation_id, addressHash: addressHash(person.phone_e164, key) });
    const contact = contacts.find((c) => c.opted_out_at === null && c.conversation_id !== null);
    if (!contact) {
      await settle({ message_status: 'no_channel', reason: contacts.length > 0 ? REASONS.optedOut : REASONS.noContact });
      return 'no_channel';
    }
    const consentLanguage = await trx.selectFrom('consent_records').select('language').where('person_id', '=', personId).where('withdrawn_at', 'is', null)
      .where((eb) => eb(eb.val(TRACING_PURPOSE), '=', eb.fn.any('purposes'))).orderBy('recorded_at', 'desc').limit(1).executeTakeFirst();
    const language = replyLanguage('', person.preferred_language ?? consentLanguage?.language ?? contact.language, contact.settings['defaultLanguage'] as string | undefined);
    const idempotencyKey = `${TEMPLATE}:${row.id}`;
    const inserted = await trx.insertInto('messages').values({
      crisis_id: row.crisis_id, channel_id: contact.channel_id, contact_id: contact.id, conversation_id: contact.conversation_id, direction: 'out', idempotency_key: idempotencyKey,
      text: renderReply(TEMPLATE, language, { ref: contact.reference ?? '' }), status: 'queued',
      metadata: JSON.stringify({ template: TEMPLATE, language, tracingNotificationId: row.id }), retention_until: addDays(new Date(), MESSAGE_RETENTION_DAYS),
    }).onConflict((oc) => oc.columns(['channel_id', 'direction', 'idempotency_key']).doNothing()).returning('id').executeTakeFirst();
    const messageId = inserted?.id ?? (await trx.selectFrom('messages').select('id').where('direction', '=', 'out').where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow()).id;
    await enqueue(trx, { queue: 'intake.dispatch', crisisId: row.crisis_id, payload: { messageId }, dedupeKey: `dispatch:${messageId}`, maxAttempts: 8 });
    await trx.updateTable('tracing_notifications').set({ message_status: 'queued', message_id: messageId, message_queued_at: new Date(), reason: REASONS.queued(contact.kind) }).where('id', '=', row.id).execute();
    await recordAudit(trx, {
      action: 'disclose', actor: 'system', organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'tracing_notification', subjectId: row.id, personId,
      fields: ['confirmedMatch'], recipient: 'data_subject', purpose: TRACING_PURPOSE,
      metadata: { recordId: row.tracing_record_id, candidateId: row.candidate_id, messageId, channelKind: contact.kind, template: TEMPLATE, language },
    });
    return 'queued';
  });
}

/**
 * The contacts of this phone (by keyed hash) on the active phone channels of the record's organisation in the crisis,
 * most recently seen first, each with its newest conversation (open ones first): the reference the person knows.
 */
async function reachableContacts(trx: Transaction<Database>, f: { crisisId: string; organisationId: string; addressHash: string }) {
  return trx.selectFrom('contacts')
    .innerJoin('channels', 'channels.id', 'contacts.channel_id')
    .leftJoinLateral(
      (eb) => eb.selectFrom('conversations').select(['conversations.id', 'conversations.reference']).whereRef('conversations.contact_id', '=', 'contacts.id')
        .orderBy(sql`conversations.closed_at is null`, 'desc').orderBy('conversations.last_message_at', 'desc').limit(1).as('conversation'),
      (join) => join.onTrue(),
    )
    .select(['contacts.id', 'contacts.channel_id', 'contacts.language', 'contacts.opted_out_at', 'channels.kind', 'channels.settings', 'conversation.id as conversation_id', 'conversation.reference'])
    .where('contacts.crisis_id', '=', f.crisisId).where('contacts.address_hash', '=', f.addressHash)
    .where('channels.organisation_id', '=', f.organisationId).where('channels.is_active', '=', true).where('channels.kind', 'in', phoneChannelKinds())
    .orderBy('contacts.last_seen_at', 'desc')
    .execute();
}

/**
 * After the job's last attempt failed, a notification still pending says so, so that the caseworker does not wait
 * for a message that will never go. Only a pending one changes: a side already settled keeps its outcome.
 */
export async function markNotifyFailed(db: Kysely<Database>, notificationId: string): Promise<boolean> {
  const updated = await db.updateTable('tracing_notifications').set({ message_status: 'failed', reason: REASONS.failed })
    .where('id', '=', notificationId).where('status', '=', 'to_contact').where('message_status', '=', 'pending').executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export function notifyHandler(db: Kysely<Database>, key: Buffer): JobHandler {
  return async (job: ClaimedJob) => {
    const notificationId = String(job.payload['notificationId']);
    try {
      await notifySide(db, key, notificationId);
    } catch (error) {
      if (!(error instanceof RetryLater) && job.attempts >= job.maxAttempts) await markNotifyFailed(db, notificationId);
      throw error;
    }
  };
}
