/** Boundary objects for data-sharing agreements. */
import { z } from 'zod';

export const AgreementCreate = z
  .strictObject({
    partnerOrganisationId: z.uuid(),
    reference: z.string().trim().min(1).max(200).describe('The signed agreement\'s reference, e.g. DSA-2026-014'),
    purposes: z.array(z.string().min(1).max(60)).min(1).max(20),
    validFrom: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }),
    validUntil: z.iso.date({ message: 'must be a date written YYYY-MM-DD' }).nullable().optional(),
  })
  .refine((v) => !v.validUntil || v.validUntil >= v.validFrom, { message: 'must not be before validFrom', path: ['validUntil'] });
export type AgreementCreate = z.infer<typeof AgreementCreate>;

export const Agreement = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  partnerOrganisationId: z.uuid(),
  reference: z.string(),
  purposes: z.array(z.string()),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Agreement = z.infer<typeof Agreement>;
