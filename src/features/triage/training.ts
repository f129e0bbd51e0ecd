/**
 * Training the deployment's own needs model from the people's triage decisions (triage_labels: the message, and its
 * translation as a second example when it has one), the labelled texts it imported earlier (triage_examples) and,
 * optionally, a labelled CSV (columns: text, needs separated by ";", urgency optional). A bad CSV is refused whole
 * with the row and field of every problem; nothing is stored.
 */
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, type FieldIssue } from '../../http/errors.ts';
import { deserializeModel, type LinearModel, predict, serializeModel, train, type TrainingExample } from './linear-model.ts';
import { type NeedList, needList, needProblems } from './needs.ts';
import { URGENCY_RULE, urgencyLevels } from './urgency.ts';

export const MIN_EXAMPLES = 10;
const MODEL_DIMENSIONS = 1 << 16;

/** Parses a labelled CSV; every need must be in the code list and in use (`list`, read from the database). */
export function parseLabelledCsv(text: string, list: NeedList): TrainingExample[] {
  let records: Array<Record<string, string>>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
  } catch (error) {
    throw AppError.validation('csv', 'csv', `The file is not a readable CSV: ${(error as Error).message}`);
  }
  const issues: FieldIssue[] = [];
  const examples: TrainingExample[] = [];
  if (records.length > 0 && (!('text' in (records[0] ?? {})) || !('needs' in (records[0] ?? {})))) {
    throw AppError.validation('csv', 'columns', 'The CSV needs the columns text and needs (and may have urgency)');
  }
  records.forEach((record, index) => {
    const row = index + 2; // the header is line 1
    const body = record['text'] ?? '';
    if (!body.trim()) issues.push({ field: `row ${row}: text`, rule: 'required', message: 'is empty' });
    const needs = (record['needs'] ?? '').split(/[;|]/).map((n) => n.trim()).filter(Boolean);
    const wrong = needProblems(list, needs)[0];
    if (wrong) issues.push({ field: `row ${row}: needs`, rule: wrong.rule, message: wrong.message });
    const urgency = record['urgency']?.trim();
    if (urgency && !(urgencyLevels as readonly string[]).includes(urgency)) issues.push({ field: `row ${row}: urgency`, rule: 'enum', message: URGENCY_RULE });
    examples.push({ text: body, labels: new Set(needs) });
  });
  if (issues.length > 0) throw new AppError('VALIDATION', `The CSV has ${issues.length} problem(s); nothing was imported`, { details: issues.slice(0, 100) });
  return examples;
}

export async function trainNeedsModel(db: Kysely<Database>, options: { extra?: TrainingExample[]; trainedBy: string }): Promise<{ id: string; examples: number; fromLabels: number }> {
  const labelled = await db
    .selectFrom('triage_labels')
    .innerJoin('messages', 'messages.id', 'triage_labels.message_id')
    .select(['messages.text', 'messages.translation', 'triage_labels.needs'])
    .where('messages.text', 'is not', null)
    .orderBy('triage_labels.labelled_at', 'desc')
    .limit(200_000)
    .execute();
  // A translated message teaches its needs in the translation's language too (responders label what they read).
  const translated = labelled.flatMap((l) => (l.translation ? [{ text: l.translation, labels: new Set(l.needs) }] : []));
  const stored = await db.selectFrom('triage_examples').select(['text', 'needs']).orderBy('imported_at', 'desc').limit(200_000).execute();
  const examples: TrainingExample[] = [
    ...labelled.map((l) => ({ text: l.text as string, labels: new Set(l.needs) })),
    ...translated,
    ...stored.map((e) => ({ text: e.text, labels: new Set(e.needs) })),
    ...(options.extra ?? []),
  ];
  if (examples.length < MIN_EXAMPLES) {
    throw AppError.validation('examples', 'too_few', `Training needs at least ${MIN_EXAMPLES} labelled messages; there are ${examples.length}`);
  }
  // Every need in use is a label, the deployment's own included; a retired need is left out (its stored labels stay).
  const list = await needList(db);
  const trainable = list.active.filter((n) => n !== 'other');
  const recallFirst = list.all.filter((n) => n.isLifeSafety && n.retiredAt === null).map((n) => n.code);
  const model = train(examples, trainable, { dimensions: MODEL_DIMENSIONS, recallFirst });
  const row = await db
    .insertInto('triage_models')
    .values({ labels: model.labels, examples: examples.length, weights: serializeModel(model), metrics: JSON.stringify({ fromLabels: labelled.length, fromTranslations: translated.length, storedExamples: stored.length, imported: options.extra?.length ?? 0 }), trained_by: options.trainedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, examples: examples.length, fromLabels: labelled.length };
}

let cached: { id: string; model: LinearModel } | undefined;

/** The newest trained model, if any (cached per process until a newer one appears). */
export async function latestNeedsModel(db: Kysely<Database>): Promise<{ id: string; model: LinearModel } | undefined> {
  const newest = await db.selectFrom('triage_models').select('id').orderBy('trained_at', 'desc').limit(1).executeTakeFirst();
  if (!newest) return undefined;
  if (cached?.id === newest.id) return cached;
  const row = await db.selectFrom('triage_models').select(['id', 'weights']).where('id', '=', newest.id).executeTakeFirstOrThrow();
  cached = { id: row.id, model: deserializeModel(Buffer.from(row.weights)) };
  return cached;
}

/** The needs the deployment's trained model (if any) finds in a text, among those in use: a retired need is never given. */
export function predictedNeeds(trained: { model: LinearModel } | undefined, text: string, list: NeedList): string[] {
  return trained ? predict(trained.model, text).map((p) => p.label).filter((label) => list.active.includes(label)) : [];
}
