/**
 * The triage job that intake queues for every inbound message: language (with the sender's earlier
 * languages as a prior; also remembered on the contact), needs from the shipped lexicon model, and
 * urgency with its reasons. triaged_at records when the machine's first pass was done; people confirm
 * or correct it in the triage queue.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ClaimedJob, JobHandler } from '../../jobs/queue.ts';
import { detectLanguage } from './language.ts';
import { matchNeeds } from './lexicon.ts';
import { predict } from './linear-model.ts';
import { latestNeedsModel } from './training.ts';
import type { Need } from './needs.ts';
import { needsTranslation } from './translation.service.ts';
import { assessUrgency } from './urgency.ts';

export const LEXICON_MODEL = 'lexicon-2026-11';

export function classifyHandler(db: Kysely<Database>): JobHandler {
  return async (job: ClaimedJob) => {
    const messageId = String(job.payload['messageId']);
    const message = await db
      .selectFrom('messages')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .select(['messages.id', 'messages.crisis_id', 'messages.text', 'messages.contact_id', 'contacts.language as contactLanguage'])
      .where('messages.id', '=', messageId)
      .executeTakeFirst();
    if (!message?.text) return;
    const previous = await db
      .selectFrom('messages')
      .select('language')
      .where('contact_id', '=', message.contact_id)
      .where('language', 'is not', null)
      .where('language', '!=', 'und')
      .orderBy('received_at', 'desc')
      .limit(3)
      .execute();
    const prior = [...new Set([...(message.contactLanguage ? [message.contactLanguage.slice(0, 2)] : []), ...previous.map((p) => p.language as string)])];
    const guess = detectLanguage(message.text, { prior });
    // The shipped lexicon, plus the deployment's own trained model when there is one.
    const trained = await latestNeedsModel(db);
    const found = [...new Set([...matchNeeds(message.text).map((m) => m.need), ...(trained ? predict(trained.model, message.text).map((p) => p.label as Need) : [])])];
    const { urgency, reasons } = assessUrgency(message.text, found);
    const translate = await needsTranslation(db, message.crisis_id, guess.language, guess.confidence);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({ language: guess.language, language_script: guess.script, language_confidence: guess.confidence, needs: found, urgency, urgency_reasons: reasons, triage_model: trained ? `${LEXICON_MODEL}+linear:${trained.id}` : LEXICON_MODEL, triaged_at: new Date(),
          translation_requested_at: translate ? new Date() : null })
        .where('id', '=', messageId)
        .execute();
      if (!message.contactLanguage && guess.language !== 'und' && guess.confidence >= 0.3) {
        await trx.updateTable('contacts').set({ language: guess.language }).where('id', '=', message.contact_id as string).where('language', 'is', null).execute();
      }
    });
  };
}

export function triageJobHandlers(db: Kysely<Database>): Record<string, JobHandler> {
  return { 'triage.classify': classifyHandler(db) };
}
