/**
 * The needs code list, owned as data in the need_codes table (migration 0042; managed through /api/needs). Every
 * check of a need code reads it from here: the triage queue, training, cases, activities, area needs, the directory
 * and the map. It is cached per process and per database handle for CACHE_MS, and dropped at once when this process
 * changes it (another process sees a change within CACHE_MS).
 *
 * Two checks: a need given for new use (a decision, a case, a report) must be in use; a need given as a filter may
 * also be retired, since stored records keep their retired codes and must stay findable.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { compileKeywords, type KeywordMatcher } from './lexicon.ts';
import type { Urgency } from './urgency.ts';

export const NEED_CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const NEED_CODE_RULE = 'must be a need code: lowercase letters and digits in snake_case, such as cholera_symptoms';
/** The shape of a need code; whether it is in the code list is checked against the database (checkNeeds). */
export const needCodeSchema = z.string().max(40, 'must be at most 40 characters').regex(NEED_CODE, NEED_CODE_RULE);
/** A list of need codes as given in a body: at most 50, duplicates dropped later by the service. */
export const needCodesSchema = z.array(needCodeSchema).max(50, 'must list at most 50 needs');

export const CACHE_MS = 30_000;

export interface NeedCode {
  code: string;
  labels: Record<string, string>;
  keywords: string[];
  isLifeSafety: boolean;
  isShipped: boolean;
  /** The urgency a message with this need has at least (triage/urgency.ts). */
  urgency: Urgency;
  /** The reason shown when it raises urgency, per console language (English present), or null. */
  urgencyReason: Record<string, string> | null;
  position: number;
  retiredAt: Date | null;
}

export interface NeedList {
  /** Every code, in use or retired, in display order. */
  all: readonly NeedCode[];
  /** Codes in use, in display order. */
  active: readonly string[];
  byCode: ReadonlyMap<string, NeedCode>;
  /** The deployment's own keywords of the codes in use, compiled once per list. */
  keywords: KeywordMatcher;
}

type Db = Kysely<Database>;

const cache = new WeakMap<Db, { at: number; list: Promise<NeedList> }>();

async function readNeedList(db: Db): Promise<NeedList> {
  const rows = await db.selectFrom('need_codes').selectAll().orderBy('position').orderBy('code').execute();
  const all: NeedCode[] = rows.map((r) => ({ code: r.code, labels: r.labels, keywords: r.keywords, isLifeSafety: r.is_life_safety, isShipped: r.is_shipped, urgency: r.urgency, urgencyReason: r.urgency_reason, position: r.position, retiredAt: r.retired_at }));
  const inUse = all.filter((n) => n.retiredAt === null);
  return {
    all,
    active: inUse.map((n) => n.code),
    byCode: new Map(all.map((n) => [n.code, n])),
    keywords: compileKeywords(inUse.filter((n) => n.keywords.length > 0).map((n) => [n.code, n.keywords])),
  };
}

/**
 * The code list. Pass the handle you hold: inside a transaction, its handle (on PGlite's single connection a query
 * on the outer handle would wait for the transaction). The list is then read once for that transaction.
 */
export function needList(db: Db): Promise<NeedList> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.list;
  const list = readNeedList(db);
  cache.set(db, { at: Date.now(), list });
  list.catch(() => cache.delete(db));
  return list;
}

/** Drops the cached list (after a change, once committed). */
export function forgetNeedList(db: Db): void {
  cache.delete(db);
}

/** The label in a language, falling back to English and then to the code itself. */
export function needLabel(list: NeedList, code: string, language = 'en'): string {
  const need = list.byCode.get(code);
  return need?.labels[language] ?? need?.labels['en'] ?? code;
}

/** Codes that are in the list but retired (kept on old records, not for new use). */
export function isRetired(list: NeedList, code: string): boolean {
  return list.byCode.get(code)?.retiredAt != null;
}

export interface NeedCheck {
  /** 'new' (the default): codes must be in use; 'filter': retired codes are accepted too. */
  use?: 'new' | 'filter';
  /** Codes the record already carries: they may stay even when retired since. */
  keep?: readonly string[];
}

/** What is wrong with each code that is not in the code list or, for new use, is retired. */
export function needProblems(list: NeedList, codes: readonly string[], check: NeedCheck = {}): Array<{ index: number; rule: 'code_list' | 'retired'; message: string }> {
  const problems: Array<{ index: number; rule: 'code_list' | 'retired'; message: string }> = [];
  codes.forEach((code, index) => {
    const shown = code.slice(0, 40);
    if (!list.byCode.has(code)) problems.push({ index, rule: 'code_list', message: `"${shown}" is not in the needs code list (in use: ${list.active.join(', ')})` });
    else if (check.use !== 'filter' && isRetired(list, code) && !check.keep?.includes(code)) problems.push({ index, rule: 'retired', message: `"${shown}" was retired from the needs code list and is not for new use` });
  });
  return problems;
}

/**
 * Refuses codes that are not in the code list (rule code_list) or, for new use, are retired (rule retired), with a
 * 400 naming each item (`needs.1`).
 */
export function assertNeeds(list: NeedList, codes: readonly string[], field: string, check: NeedCheck = {}): void {
  const details = needProblems(list, codes, check).map((p) => ({ field: `${field}.${p.index}`, rule: p.rule, message: p.message }));
  if (details.length > 0) throw new AppError('VALIDATION', `${field} must hold codes of the needs code list in use`, { details: details.slice(0, 20) });
}

/** assertNeeds against the database's list. */
export async function checkNeeds(db: Db, codes: readonly string[] | undefined, field: string, check: NeedCheck = {}): Promise<void> {
  if (!codes || codes.length === 0) return;
  assertNeeds(await needList(db), codes, field, check);
}
