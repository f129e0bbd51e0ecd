/**
 * Pairs across organisations (tracing_candidates.other_organisation_id) stay under the sharing rules that let them be
 * made: each time a volunteer lists, claims or decides one, both sides' rules are checked again (a consent withdrawn or
 * an agreement ended stops the sharing at once), and every time one organisation sees the match outcomes of the other's
 * record, that is written to the audit log as a share of that record's person with that organisation.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { can } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { mayShareWith } from './match.jobs.ts';
import type * as repo from './tracing.repo.ts';
import { TRACING_PURPOSE } from './tracing.service.ts';

type Pair = Pick<repo.CandidateRow, 'id' | 'crisis_id' | 'organisation_id' | 'other_organisation_id' | 'record_a_id' | 'record_b_id'>;

async function sidesOf(trx: Transaction<Database>, pair: Pair) {
  return trx.selectFrom('tracing_records').select(['id', 'organisation_id', 'person_id', 'author_person_id']).where('id', 'in', [pair.record_a_id, pair.record_b_id]).execute();
}

/** Whether a pair may still be shown: always within one organisation; across, only while both sides' rules allow it. */
export async function stillShared(trx: Transaction<Database>, pair: Pair): Promise<boolean> {
  if (pair.other_organisation_id === null) return true;
  const sides = await sidesOf(trx, pair);
  if (sides.length !== 2) return false;
  for (const side of sides) {
    const other = sides.find((s) => s.id !== side.id);
    if (!other || !(await mayShareWith(trx, side.author_person_id ?? side.person_id, other.organisation_id))) return false;
  }
  return true;
}

/** Removes an undecided pair whose sharing has ended (it holds no decision, label or notification yet). */
export async function dropUnshared(trx: Transaction<Database>, pairId: string): Promise<void> {
  await trx.deleteFrom('tracing_candidates').where('id', '=', pairId).where('status', 'in', ['pending', 'claimed']).execute();
}

/** The principal's own organisation in a pair (the one whose tracing work they do). */
export function viewerOrganisation(principal: Principal, pair: Pair): string {
  const mine = [pair.organisation_id, pair.other_organisation_id].find((o): o is string => o !== null && can(principal, 'tracing:work', { crisisId: pair.crisis_id, organisationId: o }));
  return mine ?? pair.organisation_id;
}

/** Audits what the viewer's organisation learns of the other organisation's record: a share of its person's match outcomes. */
export async function auditOutcomesShared(trx: Transaction<Database>, principal: Principal, pair: Pair, requestId: string): Promise<void> {
  if (pair.other_organisation_id === null) return;
  const viewer = viewerOrganisation(principal, pair);
  for (const side of await sidesOf(trx, pair)) {
    if (side.organisation_id === viewer) continue;
    await recordAudit(trx, {
      action: 'share', actor: actorOf(principal), organisationId: side.organisation_id, crisisId: pair.crisis_id, subjectType: 'tracing_record', subjectId: side.id,
      personId: side.person_id ?? side.author_person_id, fields: ['matchOutcomes'], recipient: viewer, purpose: TRACING_PURPOSE, requestId, metadata: { candidateId: pair.id },
    });
  }
}
