/** Boundary objects of cases: opening, assessing, planning and following a person's case. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';
import { isoDate } from '../crises/crises.schemas.ts';
import { e164 } from '../data-protection/people.schemas.ts';
import { needCodesSchema } from '../triage/needs.ts';
import { riskLevels, vulnerabilityCodes } from './vulnerabilities.ts';

export const caseStatuses = ['open', 'active', 'referred', 'on_hold', 'closed'] as const;

/** Codes from the needs code list (checked against the database by the service). */
const needList = needCodesSchema;
export const VulnerabilityEntry = z.strictObject({
  code: z.enum(vulnerabilityCodes, { message: `must be one of ${vulnerabilityCodes.join(', ')}` }),
  severity: z.number().int('must be 1, 2 or 3').min(1, 'must be 1, 2 or 3').max(3, 'must be 1, 2 or 3').optional(),
});
const vulnerabilityList = z.array(VulnerabilityEntry).max(vulnerabilityCodes.length);
const riskLevel = z.enum(riskLevels, { message: `must be one of ${riskLevels.join(', ')}` });

/** Identity given when the case opens: every field optional (a case may stay anonymous). */
export const CasePerson = z.strictObject({
  channel: z.enum(['sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'import', 'referral']),
  givenName: z.string().trim().min(1).max(200).optional(),
  familyName: z.string().trim().min(1).max(200).optional(),
  phone: e164.optional(),
  nationality: countryCodeSchema.optional(),
  fearedStates: z.array(countryCodeSchema).max(20).optional(),
  preferredLanguage: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as ar or ti').optional(),
});

export const CaseCreate = z.strictObject({
  organisationId: z.uuid('must be an organisation id').optional().describe('Your organisation that holds the case (needed when you belong to several)'),
  openedFrom: z.enum(['hotline', 'walk_in', 'referral'], { message: 'must be hotline, walk_in or referral (SOS messages are escalated from the triage queue)' }),
  legalBasis: z.string().min(1).max(60).describe('vital_interest, public_interest, consent, legitimate_interest, contract or legal_obligation'),
  person: CasePerson.optional(),
  personId: z.uuid('must be a person id').optional(),
  needs: needList.default([]),
  vulnerabilities: vulnerabilityList.default([]),
  riskLevel: riskLevel.default('medium'),
  assignedTo: z.uuid('must be a user id').optional(),
  nextFollowUp: isoDate.optional(),
  notifyPerson: z.boolean().default(false).describe('The person agreed to receive updates on the channel they used'),
}).refine((v) => !(v.person && v.personId), { message: 'give either person or personId, not both', path: ['personId'] });
export type CaseCreate = z.infer<typeof CaseCreate>;

export const Escalate = z.strictObject({
  riskLevel: riskLevel.default('medium'),
  vulnerabilities: vulnerabilityList.default([]),
  assignToMe: z.boolean().default(true),
  notifyPerson: z.boolean().default(false).describe('The person agreed to receive updates (referral answers) on the channel they wrote from'),
});

export const CaseUpdate = z.strictObject({
  version: z.number().int().min(1).describe('The version you last read; a different current version gives 409'),
  status: z.enum(caseStatuses, { message: `must be one of ${caseStatuses.join(', ')}` }).optional(),
  outcome: z.string().trim().min(2).max(500).optional(),
  needs: needList.optional(),
  vulnerabilities: vulnerabilityList.optional(),
  riskLevel: riskLevel.optional(),
  assignedTo: z.uuid('must be a user id').nullable().optional(),
  nextFollowUp: isoDate.nullable().optional(),
  notifyPerson: z.boolean().optional(),
}).refine((v) => v.status !== 'closed' || v.outcome, { message: 'outcome is required to close a case', path: ['outcome'] });
export type CaseUpdate = z.infer<typeof CaseUpdate>;

export const Task = z.object({ id: z.uuid(), title: z.string(), dueDate: z.string().nullable(), assignedTo: z.uuid().nullable(), done: z.boolean(), overdue: z.boolean() });
export const Note = z.object({ id: z.uuid(), authorId: z.uuid().nullable(), text: z.string(), createdAt: z.string() });
export const TaskCreate = z.strictObject({ title: z.string().trim().min(2, 'must be at least 2 characters').max(300), dueDate: isoDate.optional(), assignedTo: z.uuid().optional() });
export const TaskUpdate = z.strictObject({ done: z.boolean() });
export const NoteCreate = z.strictObject({
  text: z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10,000 characters'),
  clientReference: z.uuid('must be a UUID').optional().describe('A key made by the device (offline sync): the same key again returns the note already stored'),
});

export const CaseSummary = z.object({
  id: z.uuid(),
  crisisId: z.uuid(),
  organisationId: z.uuid(),
  reference: z.string(),
  personId: z.uuid().nullable(),
  openedFrom: z.string(),
  sourceMessageId: z.uuid().nullable(),
  status: z.string(),
  outcome: z.string().nullable(),
  needs: z.array(z.string()),
  vulnerabilities: z.array(z.object({ code: z.string(), severity: z.number() })),
  riskLevel: z.string(),
  priority: z.number(),
  priorityReasons: z.array(z.string()),
  assignedTo: z.uuid().nullable(),
  nextFollowUp: z.string().nullable(),
  followUpOverdue: z.boolean(),
  notifyPerson: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseDetail = CaseSummary.extend({
  person: z.record(z.string(), z.unknown()).nullable().describe('Identity from the identity store; only for roles that read personal data'),
  tasks: z.array(Task),
  notes: z.array(Note),
  messageIds: z.array(z.uuid()),
  assessment: z.record(z.string(), z.unknown()),
  assessmentFormVersion: z.number().nullable(),
  members: z.array(z.object({
    id: z.uuid(), relationship: z.string(), ageGroup: z.string().nullable(), vulnerabilities: z.array(z.object({ code: z.string(), severity: z.number() })),
    personId: z.uuid().nullable(), person: z.record(z.string(), z.unknown()).nullable(),
  })),
});

export const relationships = ['spouse', 'child', 'parent', 'sibling', 'other_relative', 'travel_companion'] as const;
export const ageGroups = ['infant', 'child', 'adolescent', 'adult', 'older_person'] as const;
export const MemberCreate = z.strictObject({
  relationship: z.enum(relationships, { message: `must be one of ${relationships.join(', ')}` }),
  ageGroup: z.enum(ageGroups, { message: `must be one of ${ageGroups.join(', ')}` }).optional(),
  vulnerabilities: vulnerabilityList.default([]),
  person: CasePerson.optional(),
});

export const CaseListQuery = z.strictObject({
  status: z.enum(caseStatuses, { message: `must be one of ${caseStatuses.join(', ')}` }).optional(),
  mine: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true', 'false']).optional().describe('Only cases with a follow-up date or a task past due'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional().describe('nextCursor of the previous page'),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;
