/** Household and group members of a case: each with a relationship, an age group, vulnerabilities and (optionally) an identity. */
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { writePerson } from '../data-protection/people.service.ts';
import type { MemberCreate } from './cases.schemas.ts';
import { caseInScope } from './cases.service.ts';
import { type Vulnerability, vulnerabilities as vulnerabilityList } from './vulnerabilities.ts';

export async function addMember(db: Kysely<Database>, principal: Principal, caseId: string, input: z.infer<typeof MemberCreate>, requestId: string): Promise<{ id: string; personId: string | null }> {
  const row = await caseInScope(db, principal, caseId, 'case:write');
  return db.transaction().execute(async (trx) => {
    const person = input.person
      ? await writePerson(trx, { ...input.person, crisisId: row.crisis_id, organisationId: row.organisation_id, purpose: row.purpose, legalBasis: row.legal_basis, collectedBy: principal.userId }, actorOf(principal), requestId)
      : undefined;
    const vulnerabilities = input.vulnerabilities.map((v) => ({ code: v.code, severity: v.severity ?? vulnerabilityList[v.code as Vulnerability].severity }));
    const member = await trx
      .insertInto('case_members')
      .values({ case_id: caseId, person_id: person?.id ?? null, relationship: input.relationship, age_group: input.ageGroup ?? null, vulnerabilities: JSON.stringify(vulnerabilities) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'case_member', subjectId: member.id, personId: person?.id ?? null, requestId });
    return { id: member.id, personId: person?.id ?? null };
  });
}
