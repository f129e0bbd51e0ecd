/** Boundary objects for consent records. */
import { z } from 'zod';
import { organisationTypeCodes } from '../organisations/organisation-types.ts';

export const consentMethods = ['verbal', 'sms_keyword', 'web_form', 'signature'] as const;
export const withdrawalMethods = [...consentMethods, 'staff_on_request'] as const;

export const ConsentCreate = z.strictObject({
  purposes: z.array(z.string().min(1).max(60)).min(1, 'must name at least one purpose').max(20),
  recipientOrganisationIds: z.array(z.uuid()).max(50).optional().describe('Organisations named one by one; a consulate must be named here for consular contact'),
  recipientOrganisationTypes: z.array(z.enum(organisationTypeCodes)).max(20).optional().describe('Kinds of recipient, e.g. ngo (never enough for a consulate)'),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as ar or ti'),
  method: z.enum(consentMethods),
  noticeVersion: z.string().trim().min(1).max(60).describe('The version of the information notice the person was given'),
});
export type ConsentCreate = z.infer<typeof ConsentCreate>;

export const ConsentWithdraw = z.strictObject({
  method: z.enum(withdrawalMethods),
});

export const Consent = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  purposes: z.array(z.string()),
  recipientOrganisationIds: z.array(z.string()),
  recipientOrganisationTypes: z.array(z.string()),
  language: z.string(),
  method: z.string(),
  noticeVersion: z.string(),
  recordedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawalMethod: z.string().nullable(),
});
export type Consent = z.infer<typeof Consent>;

export const ConsentWithdrawn = Consent.extend({
  recipientsToNotify: z.array(z.string()).describe('Organisations that received this person\'s data for a withdrawn purpose and must be told'),
});
