/** Boundary objects for data subject requests. */
import { z } from 'zod';

export const subjectRequestKinds = ['access', 'correction', 'erasure', 'objection', 'restriction'] as const;

export const SubjectRequestCreate = z.strictObject({
  organisationId: z.uuid(),
  personId: z.uuid().nullable().optional(),
  kind: z.enum(subjectRequestKinds),
  channel: z.enum(['sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'letter']),
  receivedAt: z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-11-24T10:00:00Z' }).optional().describe('When the request arrived (default: now); the deadline counts from it'),
});
export type SubjectRequestCreate = z.infer<typeof SubjectRequestCreate>;

export const SubjectRequestUpdate = z.strictObject({
  status: z.enum(['in_progress', 'completed', 'refused']),
  outcomeNote: z.string().trim().min(1).max(4000).describe('What was done, or why it was refused (e.g. access would endanger others)'),
});
export type SubjectRequestUpdate = z.infer<typeof SubjectRequestUpdate>;

export const SubjectRequestQuery = z.strictObject({
  overdue: z.enum(['true', 'false']).default('false').describe('true: only open requests past their deadline'),
});

export const SubjectRequest = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  personId: z.uuid().nullable(),
  kind: z.string(),
  channel: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  dueAt: z.string(),
  isOverdue: z.boolean(),
  outcomeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type SubjectRequest = z.infer<typeof SubjectRequest>;
