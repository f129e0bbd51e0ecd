/**
 * The crisis dashboard's figures: counts only, computed in SQL within the organisations each of your grants covers.
 * No message text, place or phone is read, so nothing is audited and nothing personal reaches the browser (the
 * console used to fetch 200 queue messages and 200 cases to count them, and kept them offline).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { countWaitingReferrals } from '../cases/referrals.service.ts';
import { SLA_MINUTES, triageOrganisations } from '../triage/queue.service.ts';

export interface DashboardFigures {
  triage: { waiting: number; overdue: number; lastHours: number[]; topNeeds: Array<{ need: string; count: number }> } | null;
  openCases: number | null;
  referrals: { waiting: number; overdue: number };
}

const HOURS = 12;

async function triageFigures(db: Kysely<Database>, orgs: string[], crisisId: string): Promise<NonNullable<DashboardFigures['triage']>> {
  const now = new Date();
  const waitingMessages = db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .where('messages.crisis_id', '=', crisisId)
    .where('messages.direction', '=', 'in')
    .where('messages.reviewed_at', 'is', null)
    .where('channels.organisation_id', 'in', orgs);
  const sla = sql<number>`case messages.urgency when 'high' then ${SLA_MINUTES.high}::int when 'low' then ${SLA_MINUTES.low}::int else ${SLA_MINUTES.medium}::int end`;
  const totals = await waitingMessages
    .select([
      sql<string>`count(*)`.as('waiting'),
      sql<string>`count(*) filter (where not (messages.claimed_by is not null and messages.claimed_until is not null and messages.claimed_until > ${now})
        and messages.received_at < ${now}::timestamptz - ${sla} * interval '1 minute')`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const since = new Date(now.getTime() - HOURS * 3_600_000);
  const hours = await waitingMessages
    .select([sql<number>`floor(extract(epoch from (messages.received_at - ${since}::timestamptz)) / 3600)::int`.as('slot'), sql<string>`count(*)`.as('n')])
    .where('messages.received_at', '>=', since)
    .groupBy('slot')
    .execute();
  const lastHours = Array.from({ length: HOURS }, () => 0);
  for (const h of hours) if (h.slot >= 0 && h.slot < HOURS) lastHours[h.slot] = Number(h.n);
  const needs = (await sql<{ need: string; n: string }>`select need, count(*) as n from (${waitingMessages.select(sql<string>`unnest(messages.needs)`.as('need'))}) as w
    group by need order by count(*) desc, need limit 6`.execute(db)).rows;
  return { waiting: Number(totals.waiting), overdue: Number(totals.overdue), lastHours, topNeeds: needs.map((n) => ({ need: n.need, count: Number(n.n) })) };
}

export async function getDashboard(db: Kysely<Database>, principal: Principal, crisisId: string): Promise<DashboardFigures> {
  const triageOrgs = triageOrganisations(principal, crisisId);
  const caseOrgs = [...new Set(grantsFor(principal, 'case:read').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
  const anyGrant = principal.grants.some((g) => g.crisisId === null || g.crisisId === crisisId);
  if (!anyGrant) throw AppError.notFound('Crisis');
  const crisis = await db.selectFrom('crises').select('id').where('id', '=', crisisId).executeTakeFirst();
  if (!crisis) throw AppError.notFound('Crisis');
  const openCases = caseOrgs.length === 0 ? null : Number((await db
    .selectFrom('cases')
    .select(sql<string>`count(*)`.as('n'))
    .where('crisis_id', '=', crisisId)
    .where('organisation_id', 'in', caseOrgs)
    .where('status', '!=', 'closed')
    .executeTakeFirstOrThrow()).n);
  return {
    triage: triageOrgs.length === 0 ? null : await triageFigures(db, triageOrgs, crisisId),
    openCases,
    referrals: await countWaitingReferrals(db, principal, crisisId),
  };
}
