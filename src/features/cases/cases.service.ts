/**
 * Rules of cases: who may open, read and change one (case:read / case:write in the holding organisation and the
 * crisis), the identity kept in the identity store and shown only to those who read personal data (audited), the
 * priority recomputed on every change, optimistic concurrency, and escalation of a triaged SOS to a case.
 */
import { randomInt } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { can, grantsFor } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { rolePermissions, roles } from '../access/roles.ts';
import { actorOf, recordAudit } from '../audit/audit.service.ts';
import { presentPerson, writePerson } from '../data-protection/people.service.ts';
import type { CaseCreate, CaseDetail, CaseListQuery, CasePerson, CaseSummary, CaseUpdate } from './cases.schemas.ts';
import * as repo from './cases.repo.ts';
import { assertNeeds, checkNeeds, needList } from '../triage/needs.ts';
import { computePriority } from './priority.ts';
import { type RiskLevel, type Vulnerability, vulnerabilities as vulnerabilityList } from './vulnerabilities.ts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../shared/cursor.ts';

type Db = Kysely<Database> | Transaction<Database>;
const caseRoles = roles.filter((r) => rolePermissions[r].includes('case:write'));
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const today = (): string => new Date().toISOString().slice(0, 10);

function withSeverity(list: readonly { code: string; severity?: number | undefined }[]): { code: string; severity: number }[] {
  const byCode = new Map(list.map((v) => [v.code, v.severity ?? vulnerabilityList[v.code as Vulnerability].severity]));
  return [...byCode].map(([code, severity]) => ({ code, severity }));
}

export function presentCase(row: repo.CaseRow): z.infer<typeof CaseSummary> {
  return {
    id: row.id,
    crisisId: row.crisis_id,
    organisationId: row.organisation_id,
    reference: row.reference,
    personId: row.person_id,
    openedFrom: row.opened_from,
    sourceMessageId: row.source_message_id,
    status: row.status,
    outcome: row.outcome,
    needs: row.needs,
    vulnerabilities: row.vulnerabilities,
    riskLevel: row.risk_level,
    priority: row.priority,
    priorityReasons: row.priority_reasons,
    assignedTo: row.assigned_to,
    nextFollowUp: row.next_follow_up,
    followUpOverdue: row.status !== 'closed' && row.next_follow_up !== null && row.next_follow_up < today(),
    notifyPerson: row.notify_person,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function newReference(db: Db, crisisId: string): Promise<string> {
  const crisis = await db.selectFrom('crises').select('affected_countries').where('id', '=', crisisId).executeTakeFirstOrThrow();
  const prefix = crisis.affected_countries[0] ?? 'XX';
  for (;;) {
    const code = Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const reference = `${prefix}-C-${code}`;
    if (!(await repo.referenceExists(db, reference))) return reference;
  }
}

/** The organisation through which the principal holds a new case in this crisis. */
function holdingOrganisation(principal: Principal, crisisId: string, given: string | undefined): string {
  const orgs = [...new Set(grantsFor(principal, 'case:write').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
  if (given) {
    if (!orgs.includes(given)) throw AppError.validation('organisationId', 'membership', 'organisationId must be an organisation you work on cases for in this crisis');
    return given;
  }
  if (orgs.length === 0) throw new AppError('FORBIDDEN', 'Your role does not allow opening cases in this crisis (needs case:write)');
  if (orgs.length > 1) throw AppError.validation('organisationId', 'required', 'organisationId is required when you work for several organisations');
  return orgs[0] as string;
}

async function assertAssignable(db: Db, userId: string | null | undefined, organisationId: string, crisisId: string): Promise<void> {
  if (!userId) return;
  if (!(await repo.isCaseworkerOf(db, userId, organisationId, crisisId, caseRoles))) {
    throw AppError.validation('assignedTo', 'caseworker', 'assignedTo must be a caseworker or coordinator of the organisation holding the case');
  }
}

interface OpenInput {
  crisisId: string;
  organisationId: string;
  openedFrom: string;
  legalBasis: string;
  personId: string | null;
  sourceMessageId: string | null;
  needs: string[];
  vulnerabilities: { code: string; severity: number }[];
  riskLevel: RiskLevel;
  urgency: string | null;
  assignedTo: string | null;
  nextFollowUp: string | null;
  notifyPerson: boolean;
}

async function openCase(trx: Transaction<Database>, input: OpenInput, principal: Principal, requestId: string): Promise<repo.CaseRow> {
  const { priority, reasons } = computePriority({ needs: input.needs, vulnerabilities: input.vulnerabilities, riskLevel: input.riskLevel, urgency: input.urgency }, await needList(trx));
  const row = await repo.insertCase(trx, {
    crisis_id: input.crisisId, organisation_id: input.organisationId, reference: await newReference(trx, input.crisisId), person_id: input.personId,
    opened_from: input.openedFrom, source_message_id: input.sourceMessageId, needs: [...new Set(input.needs)], vulnerabilities: JSON.stringify(input.vulnerabilities),
    risk_level: input.riskLevel, priority, priority_reasons: reasons, assigned_to: input.assignedTo, next_follow_up: input.nextFollowUp, legal_basis: input.legalBasis,
    notify_person: input.notifyPerson,
  });
  await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: input.organisationId, crisisId: input.crisisId, subjectType: 'case', subjectId: row.id, personId: input.personId, requestId, purpose: 'case_management' });
  return row;
}

export async function createCase(db: Kysely<Database>, principal: Principal, crisisId: string, input: CaseCreate, requestId: string) {
  const organisationId = holdingOrganisation(principal, crisisId, input.organisationId);
  const basis = await db.selectFrom('legal_bases').select('code').where('code', '=', input.legalBasis).executeTakeFirst();
  if (!basis) throw AppError.validation('legalBasis', 'registry', 'legalBasis must be a registered legal basis such as vital_interest or consent');
  await assertAssignable(db, input.assignedTo, organisationId, crisisId);
  await checkNeeds(db, input.needs, 'needs');
  return db.transaction().execute(async (trx) => {
    let personId = input.personId ?? null;
    if (personId) {
      const person = await trx.selectFrom('people').select(['id', 'crisis_id', 'controller_organisation_id']).where('id', '=', personId).executeTakeFirst();
      if (!person || person.crisis_id !== crisisId || person.controller_organisation_id !== organisationId) throw AppError.validation('personId', 'scope', 'personId must be a person your organisation holds in this crisis');
    } else if (input.person) {
      const person = await writePerson(trx, { ...input.person, crisisId, organisationId, purpose: 'case_management', legalBasis: input.legalBasis, collectedBy: principal.userId }, actorOf(principal), requestId);
      personId = person.id;
    }
    const row = await openCase(trx, {
      crisisId, organisationId, openedFrom: input.openedFrom, legalBasis: input.legalBasis, personId, sourceMessageId: null, needs: input.needs,
      vulnerabilities: withSeverity(input.vulnerabilities), riskLevel: input.riskLevel, urgency: null, assignedTo: input.assignedTo ?? null, nextFollowUp: input.nextFollowUp ?? null, notifyPerson: input.notifyPerson,
    }, principal, requestId);
    return presentCase(row);
  });
}

/** Opens a case from a triaged SOS: its needs and urgency carry over, and its whole conversation joins the case. */
export async function escalateMessage(db: Kysely<Database>, principal: Principal, messageId: string, input: { riskLevel: RiskLevel; vulnerabilities: { code: string; severity?: number | undefined }[]; assignToMe: boolean; notifyPerson: boolean }, requestId: string) {
  const message = await db
    .selectFrom('messages')
    .innerJoin('channels', 'channels.id', 'messages.channel_id')
    .select(['messages.id', 'messages.crisis_id', 'messages.needs', 'messages.urgency', 'messages.legal_basis', 'messages.case_id', 'messages.conversation_id', 'messages.direction', 'channels.organisation_id', 'channels.kind'])
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.direction !== 'in' || !can(principal, 'triage:work', { crisisId: message.crisis_id, organisationId: message.organisation_id })) throw AppError.notFound('Message');
  if (!can(principal, 'case:write', { crisisId: message.crisis_id, organisationId: message.organisation_id })) throw new AppError('FORBIDDEN', 'Your role does not allow opening cases (needs case:write)');
  if (message.case_id) throw AppError.conflict(`This message is already part of case ${message.case_id}`);
  return db.transaction().execute(async (trx) => {
    const row = await openCase(trx, {
      crisisId: message.crisis_id, organisationId: message.organisation_id, openedFrom: message.kind === 'hotline' ? 'hotline' : 'sos', legalBasis: message.legal_basis, personId: null,
      sourceMessageId: message.id, needs: message.needs, vulnerabilities: withSeverity(input.vulnerabilities), riskLevel: input.riskLevel, urgency: message.urgency,
      assignedTo: input.assignToMe ? principal.userId : null, nextFollowUp: null, notifyPerson: input.notifyPerson,
    }, principal, requestId);
    const now = new Date();
    let link = trx.updateTable('messages').set({ case_id: row.id }).where('case_id', 'is', null);
    link = message.conversation_id ? link.where('conversation_id', '=', message.conversation_id) : link.where('id', '=', message.id);
    await link.execute();
    await trx.updateTable('messages').set({ reviewed_at: now, reviewed_by: principal.userId, claimed_by: null, claimed_until: null }).where('id', '=', message.id).where('reviewed_at', 'is', null).execute();
    return presentCase(row);
  });
}

export async function caseInScope(db: Db, principal: Principal, id: string, permission: 'case:read' | 'case:write'): Promise<repo.CaseRow> {
  const row = await repo.findCase(db, id);
  if (!row || !can(principal, 'case:read', { crisisId: row.crisis_id, organisationId: row.organisation_id })) throw AppError.notFound('Case');
  if (permission === 'case:write' && !can(principal, 'case:write', { crisisId: row.crisis_id, organisationId: row.organisation_id })) {
    throw new AppError('FORBIDDEN', 'Your role does not allow changing cases (needs case:write)');
  }
  return row;
}

export async function listCases(db: Kysely<Database>, principal: Principal, crisisId: string, query: CaseListQuery) {
  const organisationIds = [...new Set(grantsFor(principal, 'case:read').filter((g) => g.crisisId === null || g.crisisId === crisisId).map((g) => g.organisationId))];
  if (organisationIds.length === 0) throw AppError.notFound('Crisis');
  const after = query.cursor ? decodeCursor(query.cursor, CaseCursor) : undefined;
  const rows = await repo.listCases(db, {
    crisisId, organisationIds, status: query.status, assignedTo: query.mine === 'true' ? (principal.userId ?? undefined) : undefined,
    overdueOn: query.overdue === 'true' ? today() : undefined, after, limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentCase),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ priority: last.priority, createdAt: last.created_at.toISOString(), id: last.id }) : null,
  };
}

const CaseCursor = z.object({ priority: z.number().int(), createdAt: z.string(), id: z.uuid() });

export async function getCase(db: Kysely<Database>, principal: Principal, id: string, requestId: string): Promise<z.infer<typeof CaseDetail>> {
  const row = await caseInScope(db, principal, id, 'case:read');
  const [tasks, notes, messageIds, members] = await Promise.all([repo.tasksOf(db, id), repo.notesOf(db, id), repo.messagesOf(db, id), repo.membersOf(db, id)]);
  const mayReadPersonal = can(principal, 'personal:read', { crisisId: row.crisis_id, organisationId: row.organisation_id });
  let person: Record<string, unknown> | null = null;
  if (row.person_id && mayReadPersonal) {
    const personRow = await db.selectFrom('people').selectAll().where('id', '=', row.person_id).executeTakeFirst();
    if (personRow) person = presentPerson(personRow, true) as unknown as Record<string, unknown>;
  }
  const memberPeople = mayReadPersonal && members.some((m) => m.person_id)
    ? await db.selectFrom('people').selectAll().where('id', 'in', members.flatMap((m) => (m.person_id ? [m.person_id] : []))).execute()
    : [];
  await recordAudit(db, {
    action: 'view', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'case', subjectId: id, personId: row.person_id,
    fields: [...(person ? ['person'] : []), ...(notes.length > 0 ? ['notes'] : []), ...(memberPeople.length > 0 ? ['members'] : [])], requestId, purpose: row.purpose,
  });
  const now = today();
  return {
    ...presentCase(row),
    person,
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, dueDate: t.due_date, assignedTo: t.assigned_to, done: t.done_at !== null, overdue: t.done_at === null && t.due_date !== null && t.due_date < now })),
    notes: notes.map((n) => ({ id: n.id, authorId: n.author_id, text: n.text, createdAt: n.created_at.toISOString() })),
    messageIds,
    assessment: row.assessment,
    assessmentFormVersion: row.assessment_form_version,
    members: members.map((m) => {
      const person = memberPeople.find((p) => p.id === m.person_id);
      return { id: m.id, relationship: m.relationship, ageGroup: m.age_group, vulnerabilities: m.vulnerabilities, personId: m.person_id, person: person ? (presentPerson(person, true) as unknown as Record<string, unknown>) : null };
    }),
  };
}

export async function updateCase(db: Kysely<Database>, principal: Principal, id: string, input: CaseUpdate, requestId: string) {
  return db.transaction().execute(async (trx) => {
    const current = await caseInScope(trx, principal, id, 'case:write');
    await assertAssignable(trx, input.assignedTo, current.organisation_id, current.crisis_id);
    const list = await needList(trx);
    // A need already on the case may stay after it was retired; a need added now must be in use.
    if (input.needs) assertNeeds(list, input.needs, 'needs', { keep: current.needs });
    const needs = input.needs ? [...new Set(input.needs)] : current.needs;
    const vulnerabilities = input.vulnerabilities ? withSeverity(input.vulnerabilities) : current.vulnerabilities;
    const riskLevel = (input.riskLevel ?? current.risk_level) as RiskLevel;
    const source = current.source_message_id ? await trx.selectFrom('messages').select('urgency').where('id', '=', current.source_message_id).executeTakeFirst() : undefined;
    const { priority, reasons } = computePriority({ needs, vulnerabilities, riskLevel, urgency: source?.urgency ?? null }, list);
    const status = input.status ?? current.status;
    const row = await repo.updateCase(trx, id, input.version, {
      needs, vulnerabilities: JSON.stringify(vulnerabilities), risk_level: riskLevel, priority, priority_reasons: reasons, status,
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.assignedTo !== undefined ? { assigned_to: input.assignedTo } : {}),
      ...(input.nextFollowUp !== undefined ? { next_follow_up: input.nextFollowUp } : {}),
      ...(input.notifyPerson !== undefined ? { notify_person: input.notifyPerson } : {}),
      closed_at: status === 'closed' ? (current.closed_at ?? new Date()) : null,
    });
    if (!row) {
      throw new AppError('CONFLICT', `The case was changed by someone else (now version ${current.version}); reload and try again`, {
        details: [{ field: 'version', rule: 'stale', message: `is ${input.version} but the case is at version ${current.version}` }],
      });
    }
    await recordAudit(trx, { action: 'update', actor: actorOf(principal), organisationId: row.organisation_id, crisisId: row.crisis_id, subjectType: 'case', subjectId: id, personId: row.person_id, fields: Object.keys(input).filter((k) => k !== 'version'), requestId });
    return presentCase(row);
  });
}

export async function addTask(db: Kysely<Database>, principal: Principal, caseId: string, input: { title: string; dueDate?: string | undefined; assignedTo?: string | undefined }) {
  const current = await caseInScope(db, principal, caseId, 'case:write');
  await assertAssignable(db, input.assignedTo, current.organisation_id, current.crisis_id);
  const row = await db
    .insertInto('case_tasks')
    .values({ case_id: caseId, title: input.title, due_date: input.dueDate ?? null, assigned_to: input.assignedTo ?? null, created_by: principal.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, title: row.title, dueDate: row.due_date, assignedTo: row.assigned_to, done: false, overdue: row.due_date !== null && row.due_date < today() };
}

export async function setTaskDone(db: Kysely<Database>, principal: Principal, taskId: string, done: boolean): Promise<void> {
  const task = await db.selectFrom('case_tasks').select(['id', 'case_id']).where('id', '=', taskId).executeTakeFirst();
  if (!task) throw AppError.notFound('Task');
  await caseInScope(db, principal, task.case_id, 'case:write');
  await db.updateTable('case_tasks').set({ done_at: done ? new Date() : null }).where('id', '=', taskId).execute();
}

/** Adds a note; with a clientReference (the note's id, made by the device) a note sent twice is stored once (created: false). */
export async function addNote(db: Kysely<Database>, principal: Principal, caseId: string, text: string, requestId: string, clientReference?: string) {
  const current = await caseInScope(db, principal, caseId, 'case:write');
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('case_notes').values({ ...(clientReference ? { id: clientReference } : {}), case_id: caseId, author_id: principal.userId, text })
      .onConflict((oc) => oc.column('id').doNothing()).returningAll().executeTakeFirst();
    if (!inserted) {
      const earlier = await trx.selectFrom('case_notes').selectAll().where('id', '=', clientReference as string).executeTakeFirstOrThrow();
      if (earlier.case_id !== caseId || earlier.author_id !== principal.userId) throw AppError.conflict('This clientReference was used for another note');
      return { id: earlier.id, authorId: earlier.author_id, text: earlier.text, createdAt: earlier.created_at.toISOString(), created: false };
    }
    const row = inserted;
    await recordAudit(trx, { action: 'create', actor: actorOf(principal), organisationId: current.organisation_id, crisisId: current.crisis_id, subjectType: 'case_note', subjectId: row.id, personId: current.person_id, requestId });
    return { id: row.id, authorId: row.author_id, text: row.text, createdAt: row.created_at.toISOString(), created: true };
  });
}

/** Records the person's identity for a case that has none yet (in the identity store, under the case's purpose and basis). */
export async function attachPerson(db: Kysely<Database>, principal: Principal, caseId: string, person: z.infer<typeof CasePerson>, requestId: string) {
  const row = await caseInScope(db, principal, caseId, 'case:write');
  if (row.person_id) throw AppError.conflict('This case has an identity record already; correct it through the person record');
  return db.transaction().execute(async (trx) => {
    const created = await writePerson(trx, { ...person, crisisId: row.crisis_id, organisationId: row.organisation_id, purpose: row.purpose, legalBasis: row.legal_basis, collectedBy: principal.userId }, actorOf(principal), requestId);
    await trx.updateTable('cases').set({ person_id: created.id, updated_at: new Date() }).where('id', '=', caseId).where('person_id', 'is', null).execute();
    return { personId: created.id };
  });
}
