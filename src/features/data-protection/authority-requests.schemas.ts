/** Boundary objects for authority requests and the public transparency figure. */
import { z } from 'zod';

export const authorityKinds = ['police', 'immigration', 'court', 'intelligence', 'military', 'other_government'] as const;
/** refused: the default on receipt. under_review: the data protection officer is looking at it. */
export const authorityStatuses = ['refused', 'under_review', 'disclosed_under_court_order'] as const;

export const AuthorityRequestCreate = z.strictObject({
  organisationId: z.uuid(),
  crisisId: z.uuid().nullable().optional(),
  receivedAt: z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-11-24T10:00:00Z' }),
  authorityKind: z.enum(authorityKinds),
  authorityName: z.string().trim().min(1).max(200),
  legalInstrument: z.string().trim().max(500).optional().describe('The law, warrant or court order invoked, if any'),
  scopeDescription: z.string().trim().min(1).max(4000).describe('What was asked for; avoid personal data where you can'),
});
export type AuthorityRequestCreate = z.infer<typeof AuthorityRequestCreate>;

export const AuthorityDecision = z.strictObject({
  status: z.enum(authorityStatuses),
  note: z.string().trim().min(10, 'must explain the decision in at least 10 characters').max(4000).describe('The written justification'),
});
export type AuthorityDecision = z.infer<typeof AuthorityDecision>;

export const AuthorityRequestQuery = z.strictObject({
  undecided: z.enum(['true', 'false']).default('false').describe('true: only requests no data protection officer has decided yet (the queue)'),
});

export const AuthorityRequest = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  crisisId: z.uuid().nullable(),
  receivedAt: z.string(),
  authorityKind: z.string(),
  authorityName: z.string(),
  legalInstrument: z.string(),
  scopeDescription: z.string(),
  status: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export type AuthorityRequest = z.infer<typeof AuthorityRequest>;

export const TransparencyQuery = z.strictObject({
  organisationId: z.uuid().optional(),
  crisisId: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type TransparencyQuery = z.infer<typeof TransparencyQuery>;

export const Transparency = z.object({
  authorityRequests: z.array(
    z.object({
      year: z.number(),
      organisationId: z.string(),
      organisationName: z.string(),
      crisisId: z.string().nullable(),
      crisisName: z.string().nullable(),
      authorityKind: z.string(),
      outcome: z.string(),
      count: z.number(),
    }),
  ),
  totals: z.array(z.object({ year: z.number(), outcome: z.string(), count: z.number() })),
});
