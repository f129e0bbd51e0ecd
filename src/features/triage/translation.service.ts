/**
 * The translation queue. Triage asks for a translation when nobody on shift for the crisis reads the message's
 * language ("on shift": a triage-capable member of the crisis with a live session seen in the last hour; what they
 * read: their reading languages and their interface language). Volunteer translators see the messages in the
 * languages they read; the first translation stored wins, and triage runs again on it.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { rolePermissions, roles } from '../access/roles.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { macroLanguage } from './language-codes.ts';
import { matchNeeds } from './lexicon.ts';
import { needList } from './needs.ts';
import { factColumns, readFacts } from './facts.ts';
import { latestNeedsModel, predictedNeeds } from './training.ts';
import { assessUrgency } from './urgency.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const ON_SHIFT_MINUTES = 60;
const CACHE_MS = 60_000;
const triageRoles = roles.filter((r) => rolePermissions[r].includes('triage:work'));

export const TranslationInput = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
  language: z.string().trim().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as en or fr').default('en'),
});
export type TranslationInput = z.infer<typeof TranslationInput>;

export const ReadingLanguages = z.strictObject({
  languages: z.array(z.string().trim().regex(/^[a-zA-Z]{2,3}$/, 'each must be an ISO 639 code such as ar or ti')).max(30, 'must list at most 30 languages'),
});

export const TranslationItem = z.object({
  id: z.uuid(),
  receivedAt: z.string(),
  language: z.string().nullable(),
  text: z.string().nullable(),
  needs: z.array(z.string()),
  urgency: z.string().nullable(),
  waitingMinutes: z.number(),
});

const cache = new Map<string, { at: number; languages: Set<string> }>();

/** Languages read by the people on shift for a crisis (cached for a minute per process). */
export async function languagesOnShift(db: Db, crisisId: string, now = new Date()): Promise<Set<string>> {
  const hit = cache.get(crisisId);
  if (hit && now.getTime() - hit.at < CACHE_MS) return hit.languages;
  const since = new Date(now.getTime() - ON_SHIFT_MINUTES * 60_000);
  const rows = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.reads_languages', 'users.preferred_language'])
    .where('users.is_active', '=', true)
    .where('memberships.role', 'in', triageRoles)
    .where((eb) => eb.or([eb('memberships.crisis_id', 'is', null), eb('memberships.crisis_id', '=', crisisId)]))
    .where((eb) => eb.exists(eb.selectFrom('sessions').select(sql.lit(1).as('one')).whereRef('sessions.user_id', '=', 'users.id')
      .where('sessions.revoked_at', 'is', null).where('sessions.expires_at', '>', now).where('sessions.last_seen_at', '>', since)))
    .execute();
  const languages = new Set(rows.flatMap((r) => [...r.reads_languages, r.preferred_language]).map((l) => macroLanguage(l)));
  cache.set(crisisId, { at: now.getTime(), languages });
  return languages;
}

/** Forget the cached languages (tests, and after someone changes what they read). */
export function forgetShiftLanguages(): void {
  cache.clear();
}

/** Does this language need a translator? Unknown languages always do; a shift that reads it does not. */
export async function needsTranslation(db: Db, crisisId: string, language: string, confidence: number): Promise<boolean> {
  if (language === 'und' || confidence < 0.3) return true;
  return !(await languagesOnShift(db, crisisId)).has(macroLanguage(language));
}

function translatorOrganisations(principal: Principal, crisisId: string): string[] {
  return [...new Set(grantsFor(principal, 'translation:work').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
}

async function readingLanguages(db: Db, principal: Principal): Promise<string[]> {
  if (!principal.userId) return [];
  const user = await db.selectFrom('users').select(['reads_languages', 'preferred_language']).where('id', '=', principal.userId).executeTakeFirst();
  return user ? [...new Set([...user.reads_languages, user.preferred_language].map((l) => macroLanguage(l)))] : [];
}

/** Messages waiting for a translation in the languages the translator reads (all languages with `all`), oldest first. */
export async function listTranslationQueue(db: Kysely<Database>, principal: Principal, crisisId: string, options: { limit: number; all: boolean; requestId: string }) {
  const orgs = translatorOrganisations(principal, crisisId);
  if (orgs.length === 0) throw AppError.notFound('Crisis');
  const languages = await readingLanguages(db, principal);
  let query = db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .select(['messages.id', 'messages.received_at', 'messages.language', 'messages.text', 'messages.needs', 'messages.urgency'])
    .where('messages.crisis_id', '=', crisisId)
    .where('messages.translation_requested_at', 'is not', null)
    .where('messages.translated_at', 'is', null)
    .where('messages.text', 'is not', null)
    .where('channels.organisation_id', 'in', orgs);
  if (!options.all) {
    if (languages.length === 0) return { items: [], readingLanguages: languages };
    query = query.where('messages.language', 'in', languages);
  }
  const rows = await query.orderBy('messages.translation_requested_at').limit(options.limit).execute();
  if (rows.length > 0) {
    await recordAudit(db, { action: 'view', actor: actorOf(principal), crisisId, subjectType: 'translation_queue', fields: ['text'], requestId: options.requestId, metadata: { messageIds: rows.map((r) => r.id) } });
  }
  const now = Date.now();
  return {
    readingLanguages: languages,
    items: rows.map((r) => ({
      id: r.id, receivedAt: r.received_at.toISOString(), language: r.language, text: r.text, needs: r.needs, urgency: r.urgency,
      waitingMinutes: Math.floor((now - r.received_at.getTime()) / 60_000),
    })),
  };
}

/**
 * Stores a translation (the first wins) and runs triage again on it: the needs already found, plus those the lexicon,
 * the deployment's keywords and its trained model find in the translation; urgency on both texts.
 */
export async function submitTranslation(db: Kysely<Database>, principal: Principal, messageId: string, input: TranslationInput) {
  return db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('messages')
      .innerJoin('channels', 'channels.id', 'messages.channel_id')
      .innerJoin('crises', 'crises.id', 'messages.crisis_id')
      .select(['messages.id', 'messages.crisis_id', 'messages.text', 'messages.needs', 'messages.translated_at', 'messages.triage_model', 'channels.organisation_id', 'crises.affected_countries'])
      .where('messages.id', '=', messageId)
      .where('messages.direction', '=', 'in')
      .executeTakeFirst();
    if (!message || !translatorOrganisations(principal, message.crisis_id).includes(message.organisation_id)) throw AppError.notFound('Message');
    if (!message.text) throw AppError.conflict('The message text has been purged; there is nothing to translate');
    const list = await needList(trx);
    const trained = await latestNeedsModel(trx);
    const predicted = predictedNeeds(trained, input.text, list);
    const needs = [...new Set([...message.needs, ...matchNeeds(input.text, list).map((m) => m.need), ...predicted])];
    const { urgency, reasons } = assessUrgency(`${message.text}\n${input.text}`, needs, list);
    const now = new Date();
    const updated = await trx
      .updateTable('messages')
      .set({
        translation: input.text, translation_language: macroLanguage(input.language), translated_by: principal.userId, translated_at: now,
        needs, urgency, urgency_reasons: reasons, triage_model: `${(message.triage_model ?? 'lexicon').replace(/\+translation$/, '')}+translation`, triaged_at: now,
        ...factColumns(readFacts(message.text, message.affected_countries, input.text)),
      })
      .where('id', '=', messageId)
      .where('translated_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw AppError.conflict('Someone else has already translated this message');
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), crisisId: message.crisis_id, subjectType: 'message', subjectId: messageId, fields: ['translation'] });
    return { id: messageId, needs, urgency, urgencyReasons: reasons };
  });
}

export async function setReadingLanguages(db: Kysely<Database>, principal: Principal, languages: string[]): Promise<string[]> {
  if (!principal.userId || principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Only a person signed in can say which languages they read');
  const codes = [...new Set(languages.map((l) => macroLanguage(l)))];
  await db.updateTable('users').set({ reads_languages: codes, updated_at: new Date() }).where('id', '=', principal.userId).execute();
  forgetShiftLanguages();
  return codes;
}
