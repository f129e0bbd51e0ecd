/**
 * The triage job that intake queues for every inbound message: language (with the sender's earlier
 * languages as a prior; also remembered on the contact), needs from the shipped lexicon model, and
 * urgency with its reasons, and the facts of the text (places on the map, people counts, nationalities, third
 * parties' phone numbers). triaged_at records when the machine's first pass was done; people confirm
 * or correct it in the triage queue.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { BatchHandler, ClaimedJob, JobHandler } from '../../jobs/queue.ts';
import { factColumns, readFacts } from './facts.ts';
import { detectLanguage } from './language.ts';
import { matchNeeds } from './lexicon.ts';
import type { LinearModel } from './linear-model.ts';
import { latestNeedsModel, predictedNeeds } from './training.ts';
import { type NeedList, needList } from './needs.ts';
import { needsTranslation } from './translation.service.ts';
import { assessUrgency } from './urgency.ts';

export const LEXICON_MODEL = 'lexicon-2026-11';

export function classifyHandler(db: Kysely<Database>): JobHandler {
  return async (job: ClaimedJob) => {
    const messageId = String(job.payload['messageId']);
    const message = await db
      .selectFrom('messages')
      .innerJoin('contacts', 'contacts.id', 'messages.contact_id')
      .innerJoin('crises', 'crises.id', 'messages.crisis_id')
      .select(['messages.id', 'messages.crisis_id', 'messages.text', 'messages.translation', 'messages.contact_id', 'contacts.language as contactLanguage', 'crises.affected_countries'])
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
    const trained = await latestNeedsModel(db);
    const result = triageText(message.text, prior, trained, await needList(db));
    const { guess, found, urgency, reasons, model } = result;
    const facts = readFacts(message.text, message.affected_countries, message.translation);
    const translate = await needsTranslation(db, message.crisis_id, guess.language, guess.confidence);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('messages')
        .set({ language: guess.language, language_script: guess.script, language_confidence: guess.confidence, needs: found, urgency, urgency_reasons: reasons, triage_model: model, triaged_at: new Date(),
          translation_requested_at: translate ? new Date() : null, ...factColumns(facts) })
        .where('id', '=', messageId)
        .execute();
      if (!message.contactLanguage && guess.language !== 'und' && guess.confidence >= 0.3) {
        await trx.updateTable('contacts').set({ language: guess.language }).where('id', '=', message.contact_id as string).where('language', 'is', null).execute();
      }
    });
  };
}

/**
 * The machine's first pass on one text: language (with the sender's earlier languages as a prior), needs, urgency.
 * Needs come from the shipped lexicon and the deployment's own keywords, plus its trained model when there is one;
 * a retired need is never given.
 */
export function triageText(text: string, prior: string[], trained: { id: string; model: LinearModel } | undefined, needs: NeedList) {
  const guess = detectLanguage(text, { prior });
  const predicted = predictedNeeds(trained, text, needs);
  const found = [...new Set([...matchNeeds(text, needs).map((m) => m.need), ...predicted])];
  const { urgency, reasons } = assessUrgency(text, found, needs);
  return { guess, found, urgency, reasons, model: trained ? `${LEXICON_MODEL}+linear:${trained.id}` : LEXICON_MODEL };
}

interface BatchMessage {
  id: string;
  crisis_id: string;
  text: string | null;
  translation: string | null;
  contact_id: string | null;
  contact_language: string | null;
  affected_countries: string[];
}

/**
 * The same triage for many messages in a handful of statements: read the messages and their senders' earlier
 * languages in two queries, classify in memory, write every result in one UPDATE. Under a burst this is what keeps
 * receipt-to-triage within seconds instead of minutes.
 */
export function classifyBatchHandler(db: Kysely<Database>, size: number): BatchHandler {
  return {
    size,
    async handle(jobs) {
      const ids = [...new Set(jobs.map((j) => String(j.payload['messageId'])))];
      const messages = await sql<BatchMessage>`
        select m.id, m.crisis_id, m.text, m.translation, m.contact_id, c.language as contact_language, k.affected_countries
        from messages m join contacts c on c.id = m.contact_id join crises k on k.id = m.crisis_id where m.id = any(${ids}::uuid[])`.execute(db);
      const contacts = [...new Set(messages.rows.map((m) => m.contact_id).filter((c): c is string => c !== null))];
      const earlier = contacts.length === 0 ? { rows: [] } : await sql<{ contact_id: string; language: string }>`
        select contact_id, language from (
          select contact_id, language, row_number() over (partition by contact_id order by received_at desc) as n
          from messages where contact_id = any(${contacts}::uuid[]) and language is not null and language <> 'und'
        ) recent where n <= 3`.execute(db);
      const priorOf = new Map<string, string[]>();
      for (const row of earlier.rows) priorOf.set(row.contact_id, [...(priorOf.get(row.contact_id) ?? []), row.language]);
      const trained = await latestNeedsModel(db);
      const needs = await needList(db);
      const now = new Date();
      const results: Record<string, unknown>[] = [];
      const contactLanguages: { id: string | null; language: string }[] = [];
      for (const message of messages.rows) {
        if (!message.text) continue;
        const prior = [...new Set([...(message.contact_language ? [message.contact_language.slice(0, 2)] : []), ...(priorOf.get(message.contact_id ?? '') ?? [])])];
        const r = triageText(message.text, prior, trained, needs);
        const translate = await needsTranslation(db, message.crisis_id, r.guess.language, r.guess.confidence);
        const f = readFacts(message.text, message.affected_countries, message.translation);
        results.push({ id: message.id, language: r.guess.language, script: r.guess.script, confidence: r.guess.confidence, needs: r.found, urgency: r.urgency, reasons: r.reasons, model: r.model, translate,
          places: f.places, people: f.people, nationalities: f.nationalities, phones: f.thirdPartyPhones, place_country: f.placeCountry, place_admin1: f.placeAdmin1 });
        if (!message.contact_language && r.guess.language !== 'und' && r.guess.confidence >= 0.3) contactLanguages.push({ id: message.contact_id, language: r.guess.language });
      }
      if (results.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await sql`update messages m set language = v.language, language_script = v.script, language_confidence = v.confidence, needs = v.needs, urgency = v.urgency,
            urgency_reasons = v.reasons, triage_model = v.model, triaged_at = ${now}, translation_requested_at = case when v.translate then ${now}::timestamptz else null end,
            extracted_places = coalesce(v.places, '[]'), people_counts = v.people, nationalities = v.nationalities, third_party_phones = v.phones,
            place_country = v.place_country, place_admin1 = v.place_admin1
          from jsonb_to_recordset(${JSON.stringify(results)}::jsonb)
            as v(id uuid, language text, script text, confidence real, needs text[], urgency text, reasons text[], model text, translate boolean,
              places jsonb, people jsonb, nationalities text[], phones text[], place_country text, place_admin1 text)
          where m.id = v.id`.execute(trx);
        if (contactLanguages.length > 0) {
          await sql`update contacts c set language = v.language from jsonb_to_recordset(${JSON.stringify(contactLanguages)}::jsonb) as v(id uuid, language text)
            where c.id = v.id and c.language is null`.execute(trx);
        }
      });
    },
  };
}

export function triageJobHandlers(db: Kysely<Database>): Record<string, JobHandler> {
  return { 'triage.classify': classifyHandler(db) };
}

/** Batch handlers for the server's worker (the single handlers above stay for retries and tests). */
export function triageBatchHandlers(db: Kysely<Database>, size: number): Record<string, BatchHandler> {
  return { 'triage.classify': classifyBatchHandler(db, size) };
}
