/** Boundary objects for organisations. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';
import { organisationTypeCodes } from './organisation-types.ts';

const typeRule = `must be one of ${organisationTypeCodes.join(', ')} (Lifeline has no type for police or immigration enforcement)`;

const fields = {
  name: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
  type: z.enum(organisationTypeCodes, { message: typeRule }),
  country: countryCodeSchema.nullable(),
  representsCountry: countryCodeSchema.nullable(),
};

export const OrganisationCreate = z.strictObject({
  name: fields.name,
  type: fields.type,
  country: fields.country.optional(),
  representsCountry: fields.representsCountry.optional().describe('For a consulate or embassy: the state it represents'),
});
export type OrganisationCreate = z.infer<typeof OrganisationCreate>;

export const OrganisationUpdate = z.strictObject({
  version: z.number().int().min(1),
  name: fields.name.optional(),
  country: fields.country.optional(),
  representsCountry: fields.representsCountry.optional(),
  isActive: z.boolean().optional(),
});
export type OrganisationUpdate = z.infer<typeof OrganisationUpdate>;

export const Organisation = z.object({
  id: z.uuid(),
  name: z.string(),
  type: fields.type,
  country: z.string().nullable(),
  representsCountry: z.string().nullable(),
  isActive: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationIdParams = z.strictObject({ id: z.uuid({ message: 'must be an organisation id (UUID)' }) });
