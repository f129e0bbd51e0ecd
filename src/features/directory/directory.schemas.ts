/** Boundary objects of the directory API: search, capacity, imports, and the HSDS page envelope. */
import { z } from 'zod';
import { countryCodeSchema } from '../../shared/countries.ts';
import { needCodeSchema } from '../triage/needs.ts';
import { serviceKindCodes } from './directory-codes.ts';

const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
/** "a,b" or repeated parameters → a list of allowed codes. */
const codes = <T extends string>(values: readonly T[], what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values as [T, ...T[]], { message: `each ${what} must be one of ${values.join(', ')}` })).max(20));

export const SearchQuery = z
  .strictObject({
    crisisId: z.uuid('must be a crisis id').optional(),
    q: z.string().trim().min(2, 'must be at least 2 characters').max(200, 'must be at most 200 characters').optional(),
    need: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(needCodeSchema).max(20))
      .optional()
      .describe('Need codes from the needs code list (GET /api/needs), retired ones included'),
    kind: codes(serviceKindCodes, 'kind').optional(),
    language: z.string().trim().regex(/^[a-zA-Z]{2,3}$/, 'must be an ISO 639 code such as am or amh').optional(),
    lat: z.coerce.number({ message: 'must be a number' }).min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90').optional(),
    lon: z.coerce.number({ message: 'must be a number' }).min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180').optional(),
    radiusKm: z.coerce.number({ message: 'must be a number' }).positive('must be more than 0').max(1000, 'must be at most 1000').default(20),
    admin1: z.string().trim().min(1).max(120).optional(),
    country: countryCodeSchema.optional(),
    openNow: flag.optional(),
    hasBeds: flag.optional(),
    acceptsReferrals: flag.optional(),
    regardlessOfStatus: flag.optional(),
    limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  })
  .refine((q) => (q.lat === undefined) === (q.lon === undefined), { message: 'lat and lon go together', path: ['lon'] });
export type SearchQuery = z.infer<typeof SearchQuery>;

export const Capacity = z.object({
  bedsTotal: z.number().int().nullable(),
  bedsFree: z.number().int().nullable(),
  updatedAt: z.string().nullable(),
  stale: z.boolean().nullable().describe(`true when the count is older than a day`),
});

export const SearchResult = z.object({
  serviceId: z.uuid(),
  name: z.string(),
  organization: z.object({ id: z.uuid(), name: z.string() }),
  kind: z.string(),
  status: z.string(),
  needs: z.array(z.string()),
  languages: z.array(z.string()),
  servesRegardlessOfStatus: z.boolean(),
  safeWithoutDocuments: z.boolean(),
  acceptsReferrals: z.boolean(),
  alert: z.string().nullable(),
  capacity: Capacity.nullable(),
  location: z
    .object({ id: z.uuid(), name: z.string().nullable(), latitude: z.number().nullable(), longitude: z.number().nullable(), confidential: z.boolean(), country: z.string().nullable(), admin1: z.string().nullable() })
    .nullable(),
  distanceKm: z.number().nullable(),
  openNow: z.boolean().nullable().describe('null when the service publishes no opening hours'),
});
export type SearchResult = z.infer<typeof SearchResult>;
export const SearchResults = z.object({ items: z.array(SearchResult) });

export const CapacityUpdate = z
  .strictObject({
    bedsFree: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000),
    bedsTotal: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000).optional(),
  });

export const ServiceIdParams = z.object({ id: z.uuid('must be a service id') });

export const JsonImport = z.strictObject({
  services: z.array(z.unknown()).min(1, 'must hold at least one service').max(100_000, 'must hold at most 100,000 services'),
  crisisIds: z.array(z.uuid('must be crisis ids')).max(50).optional(),
});

export const ImportResult = z.object({
  importId: z.uuid(),
  counts: z.record(z.string(), z.number()),
  skipped: z.array(z.string()).describe('HSDS files in the package that Lifeline does not keep yet'),
});

export const HsdsRecord = z.record(z.string(), z.unknown());

export const PageQuery = z.strictObject({
  page: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
  per_page: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
  search: z.string().trim().min(1).max(200).optional(),
  organization_id: z.uuid('must be an organization id').optional(),
  modified_after: z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-11-24T09:30:00Z' }).optional(),
  minimal: flag.optional(),
  full: flag.optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const Page = z.object({
  total_items: z.number().int(),
  total_pages: z.number().int(),
  page_number: z.number().int(),
  size: z.number().int(),
  first_page: z.boolean(),
  last_page: z.boolean(),
  empty: z.boolean(),
  contents: z.array(HsdsRecord),
});
