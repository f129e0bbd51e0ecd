/** Boundary objects of the crisis map: reports, verification, cluster queries and GeoJSON answers. */
import { z } from 'zod';
import { needCodeSchema } from '../triage/needs.ts';
import { MAX_ZOOM } from './geo.ts';

export const verificationStatuses = ['unverified', 'verified', 'false', 'duplicate'] as const;
export const verificationMethods = ['phone_call', 'field_visit', 'second_source', 'official_source', 'photo_or_video', 'other'] as const;
export const reportSources = ['sos', 'responder', 'import'] as const;
/** reports: SOS and responder reports; incidents: rows of imported datasets. */
export const reportLayers = ['reports', 'incidents'] as const;

export const CrisisParams = z.strictObject({ crisisId: z.uuid('must be a crisis id') });
export const IdParams = z.strictObject({ id: z.uuid('must be an id (UUID)') });

const latitude = z.number({ message: 'must be a number' }).min(-90, 'must be a latitude from -90 to 90').max(90, 'must be a latitude from -90 to 90');
const longitude = z.number({ message: 'must be a number' }).min(-180, 'must be a longitude from -180 to 180').max(180, 'must be a longitude from -180 to 180');
/** A code of the needs code list (the service checks it against the database). */
const category = needCodeSchema;
const dateTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { message: 'must be an ISO 8601 date or date-time (2026-05-01 or 2026-05-01T10:00:00Z)' });
const area = { country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code').optional(), admin1Code: z.string().trim().min(1).max(40).optional(), admin1Name: z.string().trim().min(1).max(120).optional(), admin2Code: z.string().trim().min(1).max(40).optional(), admin2Name: z.string().trim().min(1).max(120).optional() };

export const ReportCreate = z.strictObject({
  categories: z.array(category).min(1, 'must name at least one category').max(14),
  latitude,
  longitude,
  precisionM: z.number().int().min(0).max(100_000).optional(),
  occurredAt: dateTime.optional(),
  description: z.string().trim().max(4000).optional(),
  peopleCount: z.number().int().min(0).max(1_000_000).optional(),
  caseId: z.uuid('must be a case id').optional(),
  organisationId: z.uuid('must be an organisation id').optional().describe('Required when you report for several organisations'),
  idempotencyKey: z.string().min(8).max(100).optional().describe('A field device sends one per report: a retry returns the report already made'),
  ...area,
});
export type ReportCreate = z.infer<typeof ReportCreate>;

export const ReportFromMessage = z.strictObject({
  categories: z.array(category).min(1).max(14).optional().describe('Defaults to the needs triage found'),
  latitude: latitude.optional().describe('Defaults to the point the sender shared'),
  longitude: longitude.optional(),
  ...area,
});
export type ReportFromMessage = z.infer<typeof ReportFromMessage>;

export const Verification = z
  .strictObject({
    status: z.enum(verificationStatuses, { message: `must be one of ${verificationStatuses.join(', ')}` }),
    method: z.enum(verificationMethods, { message: `must be one of ${verificationMethods.join(', ')}` }).optional(),
    note: z.string().trim().max(2000).optional(),
    duplicateOf: z.uuid('must be a report id').optional(),
    version: z.number().int().min(1),
  })
  .refine((v) => v.status !== 'duplicate' || v.duplicateOf !== undefined, { message: 'is required when status is duplicate', path: ['duplicateOf'] })
  .refine((v) => v.status === 'duplicate' || v.duplicateOf === undefined, { message: 'is only for status duplicate', path: ['duplicateOf'] })
  .refine((v) => v.status === 'unverified' || v.method !== undefined, { message: 'is required: say how the report was checked', path: ['method'] });
export type Verification = z.infer<typeof Verification>;

export const Report = z.object({
  id: z.uuid(),
  crisisId: z.uuid(),
  source: z.enum(reportSources),
  categories: z.array(z.string()),
  verification: z.enum(verificationStatuses),
  verificationMethod: z.string().nullable(),
  verificationNote: z.string().nullable(),
  verifiedBy: z.uuid().nullable(),
  verifiedAt: z.string().nullable(),
  duplicateOf: z.uuid().nullable(),
  latitude: z.number().describe('Jittered by up to 250 m unless you may export personal data'),
  longitude: z.number(),
  isJittered: z.boolean(),
  precisionM: z.number().nullable(),
  country: z.string().nullable(),
  admin1Name: z.string().nullable(),
  admin2Name: z.string().nullable(),
  occurredAt: z.string(),
  description: z.string().nullable(),
  peopleCount: z.number().nullable(),
  deadCount: z.number().nullable(),
  missingCount: z.number().nullable(),
  messageId: z.uuid().nullable(),
  caseId: z.uuid().nullable(),
  datasetId: z.uuid().nullable(),
  version: z.number(),
});
export type Report = z.infer<typeof Report>;

/** "a,b,c" or a repeated parameter, as a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : v), z.array(item).min(1).max(20));

const bbox = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))) : v),
  z.tuple([longitude, latitude, longitude, latitude], { message: 'must be west,south,east,north in degrees' }),
).refine((b) => b[0] <= b[2], { message: 'west must not be east of east (split a box that crosses the antimeridian in two)' })
  .refine((b) => b[1] <= b[3], { message: 'south must not be north of north' })
  .describe('west,south,east,north in WGS84 degrees, for example 12.9,32.6,13.5,33.0');

export const MapFilters = {
  category: list(category).optional().describe('Needs codes, comma-separated: any of them matches'),
  verification: list(z.enum(verificationStatuses, { message: `must be one of ${verificationStatuses.join(', ')}` })).optional().describe('Default: unverified and verified (false and duplicate reports hidden)'),
  from: dateTime.optional().describe('Occurred at or after'),
  to: dateTime.optional().describe('Occurred before (a date alone means the end of that day)'),
};

export const ClusterQuery = z
  .strictObject({
    bbox,
    zoom: z.coerce.number({ message: 'must be a number' }).int('must be an integer from 0 to 22').min(0, 'must be an integer from 0 to 22').max(MAX_ZOOM, 'must be an integer from 0 to 22'),
    layer: z.enum(reportLayers, { message: `must be one of ${reportLayers.join(', ')}` }).default('reports'),
    ...MapFilters,
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type ClusterQuery = z.infer<typeof ClusterQuery>;

const Point = z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) });

export const ClusterFeature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.number(), z.string()]),
  geometry: Point,
  properties: z.object({
    cluster: z.boolean(),
    cluster_id: z.number().optional(),
    point_count: z.number(),
    point_count_abbreviated: z.union([z.number(), z.string()]),
    reportId: z.uuid().optional(),
    categories: z.array(z.string()).optional(),
    verification: z.string().optional(),
    source: z.string().optional(),
  }),
});

export const ClusterCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(ClusterFeature),
    zoom: z.number().describe('The zoom the cells were computed at (capped at 10 for roles that see counts only)'),
    total: z.number().describe('Reports in the box'),
    pointsAreJittered: z.boolean(),
  })
  .describe('A GeoJSON FeatureCollection a MapLibre GeoJSON source can show as is: clusters carry cluster, cluster_id, point_count and point_count_abbreviated like supercluster\'s; single reports (for responders only) carry reportId and a jittered point');

export const PlaceFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.string(), geometry: Point, properties: z.record(z.string(), z.unknown()) })),
});

export const EvacuationPointCreate = z.strictObject({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['assembly_point', 'border_crossing', 'port', 'airport', 'bus_station', 'other']),
  latitude,
  longitude,
  country: area.country,
  admin1Name: area.admin1Name,
  status: z.enum(['planned', 'open', 'closed']).default('open'),
  isPublic: z.boolean().default(false),
  notes: z.string().trim().max(2000).default(''),
  organisationId: z.uuid().optional(),
});
export type EvacuationPointCreate = z.infer<typeof EvacuationPointCreate>;

export const ExportQuery = z.strictObject({
  format: z.enum(['geojson', 'csv', 'hxl'], { message: 'must be geojson, csv or hxl' }).default('csv'),
  layer: z.enum(reportLayers).default('reports'),
  ...MapFilters,
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/** What the console's base map draws under the offline shapes: online raster tiles when the deployment sets them. */
export const MapBase = z.object({
  tilesUrl: z.string().nullable().describe('https address of raster tiles with {z}, {x} and {y} (MAP_TILES_URL); null: the offline base map only'),
  attribution: z.string().nullable().describe('the credit the tile provider asks for (MAP_TILES_ATTRIBUTION)'),
});
