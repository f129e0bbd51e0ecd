/** Boundary objects of the 3W / activity matrix, reported needs per area, and the gap view. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';
import { isoDate } from '../crises/crises.schemas.ts';
import { needCodeSchema, needCodesSchema } from '../triage/needs.ts';
import { activityStatuses, crisisStatuses, gmgCategoryCodes, phases } from './gmg-categories.ts';

const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100_000_000, 'must be at most 100,000,000');
const area = z.string().trim().min(1).max(120, 'must be at most 120 characters');
/** Codes from the needs code list (checked against the database by the service). */
const needList = needCodesSchema;

const activityFields = {
  organisationName: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
  organisationAcronym: z.string().trim().max(30, 'must be at most 30 characters').nullable(),
  organisationType: z.string().trim().max(60, 'must be at most 60 characters').nullable(),
  category: z.enum(gmgCategoryCodes, { message: 'must be a GMG activity category (see /api/code-lists/activity-categories)' }),
  name: z.string().trim().min(3, 'must be at least 3 characters').max(300, 'must be at most 300 characters'),
  needs: needList,
  status: z.enum(activityStatuses, { message: `must be one of ${activityStatuses.join(', ')}` }),
  crisisStatus: z.enum(crisisStatuses, { message: `must be one of ${crisisStatuses.join(', ')}` }),
  country: countryCodeSchema,
  admin1Code: area.nullable(),
  admin1Name: area.nullable(),
  admin2Code: area.nullable(),
  admin2Name: area.nullable(),
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  targeted: count.nullable(),
  reached: count.nullable(),
  reachedWomen: count.nullable(),
  reachedMen: count.nullable(),
  reachedGirls: count.nullable(),
  reachedBoys: count.nullable(),
};

const datesInOrder = (v: { startDate?: string | null | undefined; endDate?: string | null | undefined }) => !v.startDate || !v.endDate || v.endDate >= v.startDate;
const reachAddsUp = (v: { reached?: number | null | undefined; reachedWomen?: number | null; reachedMen?: number | null; reachedGirls?: number | null; reachedBoys?: number | null }) => {
  const parts = [v.reachedWomen, v.reachedMen, v.reachedGirls, v.reachedBoys].filter((n): n is number => typeof n === 'number');
  return v.reached === null || v.reached === undefined || parts.reduce((a, b) => a + b, 0) <= v.reached;
};

export const ActivityCreate = z
  .strictObject({
    reportedBy: z.uuid('must be an organisation id').optional().describe('Your organisation that reports the line (needed when you belong to several)'),
    organisationName: activityFields.organisationName,
    organisationAcronym: activityFields.organisationAcronym.optional(),
    organisationType: activityFields.organisationType.optional(),
    category: activityFields.category,
    name: activityFields.name,
    needs: activityFields.needs.default([]),
    status: activityFields.status,
    crisisStatus: activityFields.crisisStatus,
    country: activityFields.country,
    admin1Code: activityFields.admin1Code.optional(),
    admin1Name: activityFields.admin1Name.optional(),
    admin2Code: activityFields.admin2Code.optional(),
    admin2Name: activityFields.admin2Name.optional(),
    startDate: activityFields.startDate.optional(),
    endDate: activityFields.endDate.optional(),
    targeted: activityFields.targeted.optional(),
    reached: activityFields.reached.optional(),
    reachedWomen: activityFields.reachedWomen.optional(),
    reachedMen: activityFields.reachedMen.optional(),
    reachedGirls: activityFields.reachedGirls.optional(),
    reachedBoys: activityFields.reachedBoys.optional(),
  })
  .refine(datesInOrder, { message: 'must not be before startDate', path: ['endDate'] })
  .refine(reachAddsUp, { message: 'must be at least the sum of women, men, girls and boys reached', path: ['reached'] });
export type ActivityCreate = z.infer<typeof ActivityCreate>;

export const ActivityUpdate = z
  .strictObject({
    version: z.number().int().min(1).describe('The version you last read; a different current version gives 409'),
    ...Object.fromEntries(Object.entries(activityFields).map(([k, v]) => [k, v.optional()])),
  } as { version: z.ZodNumber } & { [K in keyof typeof activityFields]: z.ZodOptional<(typeof activityFields)[K]> })
  .refine(datesInOrder, { message: 'must not be before startDate', path: ['endDate'] });
export type ActivityUpdate = z.infer<typeof ActivityUpdate>;

export const Activity = z.object({
  id: z.uuid(),
  crisisId: z.uuid(),
  reportedBy: z.uuid().nullable(),
  organisationName: z.string(),
  organisationAcronym: z.string().nullable(),
  organisationType: z.string().nullable(),
  category: z.string(),
  phase: z.enum(phases),
  name: z.string(),
  needs: z.array(z.string()),
  status: z.string(),
  crisisStatus: z.string(),
  country: z.string(),
  admin1Code: z.string().nullable(),
  admin1Name: z.string().nullable(),
  admin2Code: z.string().nullable(),
  admin2Name: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  targeted: z.number().nullable(),
  reached: z.number().nullable(),
  reachedWomen: z.number().nullable(),
  reachedMen: z.number().nullable(),
  reachedGirls: z.number().nullable(),
  reachedBoys: z.number().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});
export type Activity = z.infer<typeof Activity>;

export const ActivityListQuery = z.strictObject({
  category: z.enum(gmgCategoryCodes, { message: 'must be a GMG activity category' }).optional(),
  phase: z.enum(phases, { message: `must be one of ${phases.join(', ')}` }).optional(),
  country: countryCodeSchema.optional(),
  admin1: area.optional(),
  status: z.enum(activityStatuses, { message: `must be one of ${activityStatuses.join(', ')}` }).optional(),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;

export const CrisisParams = z.object({ crisisId: z.uuid('must be a crisis id') });
export const ActivityParams = z.object({ id: z.uuid('must be an activity id') });

export const AreaNeedCreate = z.strictObject({
  reportedBy: z.uuid('must be an organisation id').optional(),
  country: countryCodeSchema,
  admin1Code: area.nullable().optional(),
  admin1Name: area.nullable().optional(),
  need: needCodeSchema,
  peopleInNeed: count.nullable().optional(),
  source: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters'),
  reportedAt: isoDate,
});
export type AreaNeedCreate = z.infer<typeof AreaNeedCreate>;

export const Gap = z.object({
  country: z.string(),
  admin1Code: z.string().nullable(),
  admin1Name: z.string().nullable(),
  need: z.string(),
  peopleInNeed: z.number().nullable(),
  sources: z.array(z.string()),
  activities: z.number().describe('Active or planned activities of the crisis answering this need in this area'),
  services: z.number().describe('Active directory services answering this need located in this area'),
  covered: z.boolean(),
});
export const GapList = z.object({ items: z.array(Gap) });
