/** Boundary objects for the identity store. There is no immigration-status field, by design. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';

export const e164 = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be a phone number in international form, such as +249912345678');

export const PersonCreate = z.strictObject({
  organisationId: z.uuid().describe('The controlling organisation (one you work for in this crisis)'),
  purpose: z.string().min(1).max(60).describe('A registered processing purpose, such as emergency_assistance'),
  legalBasis: z.string().min(1).max(60).describe('vital_interest, public_interest, consent, legitimate_interest, contract or legal_obligation'),
  sensitivity: z.string().max(60).optional(),
  channel: z.enum(['sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'import', 'referral']),
  givenName: z.string().trim().min(1).max(200).optional(),
  familyName: z.string().trim().min(1).max(200).optional(),
  otherNames: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  phone: e164.optional(),
  nationality: countryCodeSchema.optional(),
  fearedStates: z.array(countryCodeSchema).max(20).optional().describe('States whose authorities the person fears; their consulates never receive this record'),
  preferredLanguage: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as ar or ti').optional(),
});
export type PersonCreate = z.infer<typeof PersonCreate>;

export const Person = z.object({
  id: z.uuid(),
  crisisId: z.uuid(),
  organisationId: z.uuid(),
  purpose: z.string(),
  legalBasis: z.string(),
  sensitivity: z.string(),
  channel: z.string(),
  retentionUntil: z.string(),
  givenName: z.string().nullable().optional(),
  familyName: z.string().nullable().optional(),
  otherNames: z.array(z.string()).optional(),
  phone: z.string().nullable().optional(),
  nationality: z.string().nullable().optional(),
  fearedStates: z.array(z.string()).optional(),
  preferredLanguage: z.string().nullable(),
  anonymised: z.boolean(),
  createdAt: z.string(),
});
export type Person = z.infer<typeof Person>;

/** The fields that identify a person: masked for roles without personal:read and named in audit entries. */
export const identityFields = ['givenName', 'familyName', 'otherNames', 'phone', 'nationality', 'fearedStates'] as const;
