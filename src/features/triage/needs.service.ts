/**
 * Managing the needs code list (need_codes): list, add, rename or translate, and retire or restore a need. Only a
 * platform administrator changes it, since it is the whole deployment's; every change is audited in its transaction.
 * A need is never deleted: the messages, labels, cases and reports that carry its code keep their meaning.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database, NeedCodesTable } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { forgetNeedList, needCodeSchema } from './needs.ts';
import { URGENCY_RULE, urgencyLevels } from './urgency.ts';

const label = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
/** Labels in the console's languages; English is required when a need is added. */
const labelFields = { fr: label.optional(), ar: label.optional(), es: label.optional() };
const keywords = z
  .array(z.string().trim().min(2, 'each keyword must be at least 2 characters').max(60, 'each keyword must be at most 60 characters'))
  .max(200, 'must list at most 200 keywords')
  .describe('Keywords and phrases matched like the shipped lexicon: Latin script at the start of a word, accents ignored; other scripts anywhere');
const urgency = z.enum(urgencyLevels, { message: URGENCY_RULE }).describe('The urgency a triaged message with this need has at least (injuries and vulnerable people can raise it)');
const reasonText = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');
const urgencyReason = z
  .strictObject({ en: reasonText, fr: reasonText.optional(), ar: reasonText.optional(), es: reasonText.optional() })
  .nullable()
  .describe('The reason shown when this need raises urgency ("trapped people"), per console language; English required. Triage shows the English one. Null: none (for a deployment\'s own need, its English label)');

export const NeedCreate = z.strictObject({
  code: needCodeSchema.describe('Lowercase snake_case, unique, never changed afterwards'),
  labels: z.strictObject({ en: label, ...labelFields }),
  keywords: keywords.default([]),
  isLifeSafety: z.boolean().default(false).describe('Life at risk: weighs more in case priority, trained recall-first'),
  urgency: urgency.optional().describe('The urgency a triaged message with this need has at least; by default medium for a life-safety need, else low'),
  urgencyReason: urgencyReason.default(null),
});
export type NeedCreate = z.infer<typeof NeedCreate>;

export const NeedUpdate = z
  .strictObject({
    labels: z.strictObject({ en: label.optional(), ...labelFields }).describe('Only the languages given change'),
    keywords: keywords.optional().describe('Replaces the keywords'),
    isLifeSafety: z.boolean().optional(),
    urgency: urgency.optional(),
    urgencyReason: urgencyReason.optional().describe('Replaces the reason; null removes it'),
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { message: 'must change labels, keywords, isLifeSafety, urgency or urgencyReason', path: ['labels'] });
export type NeedUpdate = z.infer<typeof NeedUpdate>;

export const NeedParams = z.strictObject({ code: needCodeSchema });

export const NeedOut = z.object({
  code: z.string(),
  labels: z.record(z.string(), z.string()),
  keywords: z.array(z.string()),
  isLifeSafety: z.boolean(),
  isShipped: z.boolean().describe('Seeded by Lifeline (its shipped lexicon knows it), not added by this deployment'),
  urgency: z.enum(urgencyLevels),
  urgencyReason: z.record(z.string(), z.string()).nullable(),
  position: z.number(),
  isRetired: z.boolean(),
  retiredAt: z.string().nullable(),
});
export type NeedOut = z.infer<typeof NeedOut>;

type Db = Kysely<Database>;
type Row = Selectable<NeedCodesTable>;

export function presentNeed(row: Row): NeedOut {
  return {
    code: row.code, labels: row.labels, keywords: row.keywords, isLifeSafety: row.is_life_safety, isShipped: row.is_shipped, urgency: row.urgency, urgencyReason: row.urgency_reason,
    position: row.position,
    isRetired: row.retired_at !== null, retiredAt: row.retired_at?.toISOString() ?? null,
  };
}

function assertAdmin(principal: Principal): string {
  if (!principal.isPlatformAdmin || principal.kind !== 'user' || !principal.userId) throw new AppError('FORBIDDEN', 'Only a platform administrator can change the needs code list');
  return principal.userId;
}

const cleanKeywords = (list: readonly string[]): string[] => [...new Set(list.map((k) => k.normalize('NFC')))];

export async function listNeeds(db: Db, includeRetired: boolean): Promise<NeedOut[]> {
  let query = db.selectFrom('need_codes').selectAll().orderBy('position').orderBy('code');
  if (!includeRetired) query = query.where('retired_at', 'is', null);
  return (await query.execute()).map(presentNeed);
}

export async function createNeed(db: Db, principal: Principal, input: NeedCreate, requestId: string): Promise<NeedOut> {
  const userId = assertAdmin(principal);
  const row = await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('need_codes').select(['code', 'retired_at']).where('code', '=', input.code).executeTakeFirst();
    if (existing) {
      throw new AppError('VALIDATION', 'This need code exists already', {
        details: [{ field: 'code', rule: 'unique', message: `${input.code} is already in the needs code list${existing.retired_at ? ' (retired: restore it instead)' : ''}` }],
      });
    }
    const last = await trx.selectFrom('need_codes').select((eb) => eb.fn.max('position').as('max')).executeTakeFirstOrThrow();
    const created = await trx
      .insertInto('need_codes')
      .values({
        code: input.code, labels: JSON.stringify(input.labels), keywords: cleanKeywords(input.keywords), is_life_safety: input.isLifeSafety, is_shipped: false,
        urgency: input.urgency ?? (input.isLifeSafety ? 'medium' : 'low'), urgency_reason: input.urgencyReason ? JSON.stringify(input.urgencyReason) : null,
        position: Number(last.max ?? 0) + 1, created_by: userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), subjectType: 'need_code', subjectId: input.code, requestId, fields: ['labels', 'keywords', 'is_life_safety', 'urgency', ...(input.urgencyReason ? ['urgency_reason'] : [])] });
    return created;
  });
  forgetNeedList(db);
  return presentNeed(row);
}

async function lockNeed(trx: Db, code: string): Promise<Row> {
  const row = await trx.selectFrom('need_codes').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
  if (!row) throw AppError.notFound(`Need "${code}"`);
  return row;
}

export async function updateNeed(db: Db, principal: Principal, code: string, input: NeedUpdate, requestId: string): Promise<NeedOut> {
  assertAdmin(principal);
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockNeed(trx, code);
    const labels = { ...current.labels, ...Object.fromEntries(Object.entries(input.labels ?? {}).filter((e): e is [string, string] => e[1] !== undefined)) };
    const changed = [
      ...(input.labels ? ['labels'] : []),
      ...(input.keywords ? ['keywords'] : []),
      ...(input.isLifeSafety !== undefined ? ['is_life_safety'] : []),
      ...(input.urgency ? ['urgency'] : []),
      ...(input.urgencyReason !== undefined ? ['urgency_reason'] : []),
    ];
    const updated = await trx
      .updateTable('need_codes')
      .set({
        labels: JSON.stringify(labels),
        ...(input.keywords ? { keywords: cleanKeywords(input.keywords) } : {}),
        ...(input.isLifeSafety !== undefined ? { is_life_safety: input.isLifeSafety } : {}),
        ...(input.urgency ? { urgency: input.urgency } : {}),
        ...(input.urgencyReason !== undefined ? { urgency_reason: input.urgencyReason === null ? null : JSON.stringify(input.urgencyReason) } : {}),
        updated_at: new Date(),
      })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), subjectType: 'need_code', subjectId: code, requestId, fields: changed });
    return updated;
  });
  forgetNeedList(db);
  return presentNeed(row);
}

/** Retires a need (retire = true) or puts it back in use. Stored records keep the code either way. */
export async function setNeedRetired(db: Db, principal: Principal, code: string, retire: boolean, requestId: string): Promise<NeedOut> {
  const userId = assertAdmin(principal);
  const row = await db.transaction().execute(async (trx) => {
    const current = await lockNeed(trx, code);
    if (retire && current.retired_at) throw AppError.conflict(`The need ${code} is retired already`);
    if (!retire && !current.retired_at) throw AppError.conflict(`The need ${code} is in use`);
    if (retire) {
      const inUse = await trx.selectFrom('need_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('retired_at', 'is', null).executeTakeFirstOrThrow();
      if (Number(inUse.n) <= 1) throw AppError.conflict('The last need in use cannot be retired');
    }
    const updated = await trx
      .updateTable('need_codes')
      .set(retire ? { retired_at: new Date(), retired_by: userId, updated_at: new Date() } : { retired_at: null, retired_by: null, updated_at: new Date() })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), subjectType: 'need_code', subjectId: code, requestId, fields: ['retired_at'], metadata: { retired: retire } });
    return updated;
  });
  forgetNeedList(db);
  return presentNeed(row);
}
