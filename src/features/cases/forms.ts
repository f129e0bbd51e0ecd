/**
 * Assessment forms per crisis, as data with versions. A coordinator saves a new version (fields, types, code lists,
 * labels in several languages); versions are never changed. A caseworker's answers are checked against the version
 * they name, field by field, with a zod schema built from it, so a wrong answer names the field and the rule.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, FormField } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { isoDate } from '../crises/crises.schemas.ts';
import { caseInScope } from './cases.service.ts';

const key = z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'must be lower-case letters, digits and _ (such as shelter_type)');
const labels = z.record(z.string().regex(/^[a-z]{2,3}$/, 'label languages are ISO 639 codes such as en or ar'), z.string().trim().min(1).max(300))
  .refine((l) => typeof l['en'] === 'string', { message: 'must have an English label (en) at least' });

export const FormFieldSchema = z.strictObject({
  key,
  type: z.enum(['code', 'codes', 'text', 'number', 'boolean', 'date'], { message: 'must be code, codes, text, number, boolean or date' }),
  required: z.boolean().default(false),
  labels,
  codes: z.array(z.strictObject({ code: key, labels })).min(1).max(200).optional(),
}).refine((f) => (f.type === 'code' || f.type === 'codes') === (f.codes !== undefined), { message: 'codes are needed for code and codes fields, and only for them', path: ['codes'] });

export const FormDefinition = z.strictObject({
  fields: z.array(FormFieldSchema).min(1, 'must have at least one field').max(100)
    .refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, { message: 'field keys must be unique' }),
});

export const AssessmentInput = z.strictObject({
  formVersion: z.number().int().min(1),
  answers: z.record(z.string(), z.unknown()),
});

/** The zod schema of one version's answers. */
export function answersSchema(fields: readonly FormField[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    const codes = (f.codes ?? []).map((c) => c.code);
    let schema: z.ZodType;
    switch (f.type) {
      case 'code': schema = z.string().refine((v) => codes.includes(v), `must be one of ${codes.join(', ')}`); break;
      case 'codes': schema = z.array(z.string().refine((v) => codes.includes(v), `each must be one of ${codes.join(', ')}`)).max(codes.length); break;
      case 'text': schema = z.string().trim().max(5000, 'must be at most 5000 characters'); break;
      case 'number': schema = z.number({ message: 'must be a number' }).finite(); break;
      case 'boolean': schema = z.boolean({ message: 'must be true or false' }); break;
      case 'date': schema = isoDate; break;
    }
    shape[f.key] = f.required ? schema : schema.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}

export async function currentForm(db: Kysely<Database>, crisisId: string, version?: number) {
  let query = db.selectFrom('assessment_forms').selectAll().where('crisis_id', '=', crisisId);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  return query.executeTakeFirst();
}

export async function saveForm(db: Kysely<Database>, principal: Principal, crisisId: string, input: z.infer<typeof FormDefinition>) {
  const isAdmin = principal.isPlatformAdmin && principal.kind === 'user';
  if (!isAdmin && !can(principal, 'crisis:manage', { crisisId })) throw new AppError('FORBIDDEN', 'Only coordinators of this crisis can change its assessment form');
  return db.transaction().execute(async (trx) => {
    const latest = await trx.selectFrom('assessment_forms').select('version').where('crisis_id', '=', crisisId).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;
    await trx.insertInto('assessment_forms').values({ crisis_id: crisisId, version, fields: JSON.stringify(input.fields), created_by: principal.userId }).execute();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), crisisId, subjectType: 'assessment_form', metadata: { version, fields: input.fields.map((f) => f.key) } });
    return { version, fields: input.fields };
  });
}

/** Stores a case's answers after checking them against the form version they name. */
export async function saveAssessment(db: Kysely<Database>, principal: Principal, caseId: string, input: z.infer<typeof AssessmentInput>, requestId: string) {
  const row = await caseInScope(db, principal, caseId, 'case:write');
  const form = await currentForm(db, row.crisis_id, input.formVersion);
  if (!form) throw AppError.validation('formVersion', 'exists', 'formVersion must be a saved version of this crisis\'s assessment form');
  const parsed = answersSchema(form.fields).safeParse(input.answers);
  if (!parsed.success) throw parsed.error;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('cases').set({ assessment: JSON.stringify(parsed.data), assessment_form_version: form.version, updated_at: new Date() }).where('id', '=', caseId).execute();
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'case', subjectId: caseId, personId: row.person_id, fields: Object.keys(parsed.data).map((k) => `assessment.${k}`), requestId });
  });
  return { formVersion: form.version, answers: parsed.data };
}
