/**
 * The identity store. Every write passes `writePerson`, which passes `assertProcessingBasis`: no record
 * without a registered purpose and legal basis, and every record gets its sensitivity and retention date.
 * Reads are scoped in SQL to the caller's organisations and crises, masked for roles without
 * personal:read, and audited with the fields shown.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import type { Permission } from '../access/roles.ts';
import { type AuditActor, actorOf, recordAudit } from '../audit/audit.service.ts';
import { identityFields, type Person, type PersonCreate } from './people.schemas.ts';
import * as repo from './people.repo.ts';
import { addDays, assertProcessingBasis } from './registry.ts';
import { findRetentionPolicy } from './registry.repo.ts';
import { scopeCovers, scopeForAny } from './scope.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type PersonRow = repo.PersonRow;

export function presentPerson(row: PersonRow, withIdentity: boolean): Person {
  const base = {
    id: row.id,
    crisisId: row.crisis_id,
    organisationId: row.controller_organisation_id,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    sensitivity: row.sensitivity,
    channel: row.channel,
    retentionUntil: row.retention_until,
    preferredLanguage: row.preferred_language,
    anonymised: row.anonymised_at !== null,
    createdAt: row.created_at.toISOString(),
  };
  if (!withIdentity) return base;
  return {
    ...base,
    givenName: row.given_name,
    familyName: row.family_name,
    otherNames: row.other_names,
    phone: row.phone_e164,
    nationality: row.nationality,
    fearedStates: row.feared_states,
  };
}

/** What a module passes to store a person: the controller, the crisis and who collected it, beside the body. */
export interface PersonWrite extends Omit<PersonCreate, 'organisationId'> {
  crisisId: string;
  organisationId: string;
  collectedBy: string | null;
}

/**
 * THE write path for a person, inside the caller's transaction: refuses a record without a registered
 * purpose and legal basis (VALIDATION naming the field; nothing is stored), sets sensitivity and retention
 * from the registry, inserts and audits ('create'). Callers have authorised the write already.
 */
export async function writePerson(trx: Transaction<Database>, input: PersonWrite, actor: AuditActor | 'system', requestId: string | null = null): Promise<PersonRow> {
  const basis = await assertProcessingBasis(trx, input);
  const row = await repo.insertPerson(trx, {
    crisis_id: input.crisisId,
    controller_organisation_id: input.organisationId,
    purpose: basis.purpose,
    legal_basis: basis.legalBasis,
    sensitivity: basis.sensitivity,
    channel: input.channel,
    collected_by: input.collectedBy,
    retention_policy: basis.retentionPolicy,
    retention_until: basis.retentionUntil,
    given_name: input.givenName ?? null,
    family_name: input.familyName ?? null,
    other_names: input.otherNames ?? [],
    phone_e164: input.phone ?? null,
    nationality: input.nationality ?? null,
    feared_states: [...new Set(input.fearedStates ?? [])],
    preferred_language: input.preferredLanguage ?? null,
  });
  await recordAudit(trx, {
    action: 'create',
    actor,
    organisationId: input.organisationId,
    crisisId: input.crisisId,
    subjectType: 'person',
    subjectId: row.id,
    personId: row.id,
    fields: identityFields.filter((f) => hasValue(row, f)),
    purpose: basis.purpose,
    requestId,
    metadata: { legalBasis: basis.legalBasis, retentionPolicy: basis.retentionPolicy },
  });
  return row;
}

function hasValue(row: PersonRow, field: (typeof identityFields)[number]): boolean {
  const value = presentPerson(row, true)[field];
  return Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined;
}

const WRITE_PERMISSIONS: readonly Permission[] = ['case:write', 'intake:write'];

export async function createPerson(db: Kysely<Database>, principal: Principal, crisisId: string, input: PersonCreate, requestId: string): Promise<Person> {
  if (!scopeCovers(scopeForAny(principal, WRITE_PERMISSIONS), input.organisationId, crisisId)) throw AppError.notFound('Crisis or organisation');
  return db.transaction().execute(async (trx) => {
    if (!(await repo.crisisExists(trx, crisisId))) throw AppError.notFound('Crisis');
    const row = await writePerson(trx, { ...input, crisisId, collectedBy: principal.userId }, actorOf(principal), requestId);
    return presentPerson(row, true);
  });
}

/**
 * The person if the principal holds one of `permissions` (default: any role's crisis:read) on its
 * controlling organisation and crisis; filtered in SQL, so another organisation's person is undefined (404).
 */
export async function findPersonInScope(db: Db, principal: Principal, id: string, permissions: readonly Permission[] = ['crisis:read']): Promise<PersonRow | undefined> {
  const scope = scopeForAny(principal, permissions);
  if (scope.organisationIds.length === 0) return undefined;
  return repo.findPersonInScope(db, scope, id);
}

export async function getPerson(db: Kysely<Database>, principal: Principal, id: string, requestId: string): Promise<Person> {
  return db.transaction().execute(async (trx) => {
    const row = await findPersonInScope(trx, principal, id);
    if (!row) throw AppError.notFound('Person');
    const withIdentity = can(principal, 'personal:read', { organisationId: row.controller_organisation_id, crisisId: row.crisis_id }) && row.anonymised_at === null;
    await recordAudit(trx, {
      action: 'view',
      actor: actorOf(principal),
      organisationId: row.controller_organisation_id,
      crisisId: row.crisis_id,
      subjectType: 'person',
      subjectId: row.id,
      personId: row.id,
      fields: withIdentity ? [...identityFields] : [],
      purpose: row.purpose,
      requestId,
    });
    return presentPerson(row, withIdentity);
  });
}

/**
 * For modules that act on a person (a case note, a reply): records the activity and, when the record's
 * retention counts from the last activity, moves its retention date. Returns false for an anonymised or
 * missing record.
 */
export async function recordPersonActivity(trx: Transaction<Database>, row: Pick<PersonRow, 'id' | 'retention_policy' | 'retention_until'>, now = new Date()): Promise<boolean> {
  const policy = await findRetentionPolicy(trx, row.retention_policy);
  const until = policy?.after_event === 'last_activity' ? addDays(now, policy.keep_days) : row.retention_until;
  return repo.updateLastActivity(trx, row.id, now, until);
}
