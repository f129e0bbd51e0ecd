/** Boundary objects for crises: what the API accepts and returns. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';
import { crisisStatusCodes, crisisTypeCodes } from '../code-lists/crisis-types.ts';

export const isoDate = z.iso.date({ message: 'must be a date written YYYY-MM-DD' });

const slug = z
  .string()
  .max(80, 'must be at most 80 characters')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single hyphens, such as sudan-2026');

const fields = {
  name: z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
  slug,
  type: z.enum(crisisTypeCodes, { message: `must be one of ${crisisTypeCodes.join(', ')}` }),
  status: z.enum(crisisStatusCodes, { message: `must be one of ${crisisStatusCodes.join(', ')}` }),
  affectedCountries: z
    .array(countryCodeSchema)
    .min(1, 'must list at least one country')
    .max(60, 'must list at most 60 countries'),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  description: z.string().max(5000, 'must be at most 5000 characters'),
};

function datesInOrder(value: { startDate?: string | undefined; endDate?: string | null | undefined }): boolean {
  return !value.startDate || !value.endDate || value.endDate >= value.startDate;
}
const datesRule = { message: 'must not be before startDate', path: ['endDate'] };

export const CrisisCreate = z
  .strictObject({
    name: fields.name,
    slug: fields.slug.optional(),
    type: fields.type,
    status: fields.status,
    affectedCountries: fields.affectedCountries,
    startDate: fields.startDate,
    endDate: fields.endDate.optional(),
    description: fields.description.optional(),
  })
  .refine(datesInOrder, datesRule);
export type CrisisCreate = z.infer<typeof CrisisCreate>;

export const CrisisUpdate = z
  .strictObject({
    version: z.number().int().min(1).describe('The version you last read; a different current version gives 409'),
    name: fields.name.optional(),
    slug: fields.slug.optional(),
    type: fields.type.optional(),
    status: fields.status.optional(),
    affectedCountries: fields.affectedCountries.optional(),
    startDate: fields.startDate.optional(),
    endDate: fields.endDate.optional(),
    description: fields.description.optional(),
  })
  .refine(datesInOrder, datesRule);
export type CrisisUpdate = z.infer<typeof CrisisUpdate>;

export const Crisis = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  type: fields.type,
  status: fields.status,
  affectedCountries: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string().nullable(),
  description: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Crisis = z.infer<typeof Crisis>;

export const CrisisListQuery = z.strictObject({
  status: fields.status.optional(),
  type: fields.type.optional(),
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  cursor: z.string().max(200).optional().describe('nextCursor from the previous page'),
});
export type CrisisListQuery = z.infer<typeof CrisisListQuery>;

export const CrisisList = z.object({ items: z.array(Crisis), nextCursor: z.string().nullable() });

export const CrisisIdParams = z.strictObject({ id: z.uuid({ message: 'must be a crisis id (UUID)' }) });
