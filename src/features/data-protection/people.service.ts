/**
 * The identity store. Writes pass `assertProcessingBasis`; reads are scoped in SQL to the caller's
 * organisations and crises, masked for roles without personal:read, and audited with the fields shown.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, PeopleTable } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { identityFields, type Person, type PersonCreate } from './people.schemas.ts';
import { assertProcessingBasis } from './registry.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type PersonRow = Selectable<PeopleTable>;

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

function mayWrite(principal: Principal, organisationId: string, crisisId: string): boolean {
  return can(principal, 'case:write', { organisationId, crisisId }) || can(principal, 'intake:write', { organisationId, crisisId });
}

export async function createPerson(db: Kysely<Database>, principal: Principal, crisisId: string, input: PersonCreate, requestId: string): Promise<Person> {
  if (!mayWrite(principal, input.organisationId, crisisId)) throw AppError.notFound('Crisis or organisation');
  return db.transaction().execute(async (trx) => {
    const basis = await assertProcessingBasis(trx, input);
    const row = await trx
      .insertInto('people')
      .values({
        crisis_id: crisisId,
        controller_organisation_id: input.organisationId,
        purpose: basis.purpose,
        legal_basis: basis.legalBasis,
        sensitivity: basis.sensitivity,
        channel: input.channel,
        collected_by: principal.userId,
        retention_policy: basis.retentionPolicy,
        retention_until: basis.retentionUntil,
        given_name: input.givenName ?? null,
        family_name: input.familyName ?? null,
        other_names: input.otherNames ?? [],
        phone_e164: input.phone ?? null,
        nationality: input.nationality ?? null,
        feared_states: [...new Set(input.fearedStates ?? [])],
        preferred_language: input.preferredLanguage ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'create',
      actor: actorOf(principal),
      organisationId: input.organisationId,
      crisisId,
      subjectType: 'person',
      subjectId: row.id,
      personId: row.id,
      purpose: basis.purpose,
      requestId,
    });
    return presentPerson(row, true);
  });
}

/** The person if the principal has any grant on its controlling organisation and crisis; filtered in SQL. */
export async function findPersonInScope(db: Db, principal: Principal, id: string): Promise<PersonRow | undefined> {
  const grants = principal.grants;
  if (grants.length === 0) return undefined;
  return db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', id)
    .where((eb) =>
      eb.or(
        grants.map((g) =>
          g.crisisId === null
            ? eb('controller_organisation_id', '=', g.organisationId)
            : eb.and([eb('controller_organisation_id', '=', g.organisationId), eb('crisis_id', '=', g.crisisId)]),
        ),
      ),
    )
    .executeTakeFirst();
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
