/** The crisis map for signed-in responders: reports, verification, clusters, layers, imports and exports. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse, errorResponses } from '../../http/responses.ts';
import { principalOf, requireSignIn } from '../auth/guards.ts';
import { clusters, evacuationLayer, servicesLayer } from './clusters.service.ts';
import { createEvacuationPoint } from './evacuation.service.ts';
import { exportReports } from './export.service.ts';
import { importProfiles } from './import-rows.ts';
import { importDataset } from './import.service.ts';
import { ClusterCollection, ClusterQuery, CrisisParams, MapBase, EvacuationPointCreate, ExportQuery, IdParams, PlaceFeatureCollection, Report, ReportCreate, ReportFromMessage, Verification } from './map.schemas.ts';
import { createReport, getReport, reportFromMessage, verifyReport } from './reports.service.ts';

const errors = { ...errorResponses, 401: ErrorResponse, 403: ErrorResponse };
const tags = ['map'];

const DatasetImport = z.strictObject({
  name: z.string().trim().min(1).max(200),
  source: z.string().trim().max(500).optional(),
  licence: z.string().trim().max(200).optional(),
  profile: z.enum(importProfiles, { message: `must be one of ${importProfiles.join(', ')}` }),
  csv: z.string().min(1, 'must hold the CSV text'),
  organisationId: z.uuid().optional(),
});

export const mapRoutes: FastifyPluginAsyncZod = async (app) => {
  const key = (): Buffer => app.secretKey;

  app.post(
    '/crises/:crisisId/reports',
    { onRequest: requireSignIn, schema: { tags, summary: 'A responder reports a located event (idempotent with idempotencyKey)', params: CrisisParams, body: ReportCreate, response: { 200: Report, 201: Report, ...errors } } },
    async (request, reply) => {
      const { report, created } = await createReport(app.db, principalOf(request), request.params.crisisId, request.body, key(), String(request.id));
      return reply.status(created ? 201 : 200).send(report);
    },
  );

  app.post(
    '/messages/:id/report',
    { onRequest: requireSignIn, schema: { tags, summary: 'Put a triaged SOS on the map: its point, needs and case (a second call returns the same report)', params: IdParams, body: ReportFromMessage, response: { 200: Report, 201: Report, ...errors } } },
    async (request, reply) => {
      const { report, created } = await reportFromMessage(app.db, principalOf(request), request.params.id, request.body, key(), String(request.id));
      return reply.status(created ? 201 : 200).send(report);
    },
  );

  app.get(
    '/reports/:id',
    { onRequest: requireSignIn, schema: { tags, summary: 'One report, its point jittered (audited)', params: IdParams, response: { 200: Report, ...errors } } },
    async (request) => getReport(app.db, principalOf(request), request.params.id, key(), String(request.id)),
  );

  app.put(
    '/reports/:id/verification',
    { onRequest: requireSignIn, schema: { tags, summary: 'Verify a report, or mark it false or a duplicate (say how; send the version you read)', params: IdParams, body: Verification, response: { 200: Report, ...errors } } },
    async (request) => verifyReport(app.db, principalOf(request), request.params.id, request.body, key(), String(request.id)),
  );

  app.get(
    '/map/base',
    { onRequest: requireSignIn, schema: { tags, summary: 'The base map of the console: online raster tiles when the deployment sets MAP_TILES_URL, else the offline base map only', response: { 200: MapBase, ...errors } } },
    async (_request, reply) => reply.header('cache-control', 'private, max-age=3600').send({ tilesUrl: app.config.mapTilesUrl ?? null, attribution: app.config.mapTilesAttribution ?? null }),
  );

  app.get(
    '/crises/:crisisId/map/clusters',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'Reports clustered for a zoom and bounding box, as a GeoJSON FeatureCollection for a MapLibre GeoJSON source (cluster, cluster_id, point_count, point_count_abbreviated)',
        params: CrisisParams,
        querystring: ClusterQuery,
        response: { 200: ClusterCollection, ...errors },
      },
    },
    async (request, reply) => reply.header('cache-control', 'private, no-store').send(await clusters(app.db, principalOf(request), request.params.crisisId, request.query, key())),
  );

  app.get(
    '/crises/:crisisId/map/services',
    { onRequest: requireSignIn, schema: { tags, summary: 'Services and shelters with a located place, as GeoJSON (safe houses only for caseworkers, coordinators and directory managers)', params: CrisisParams, response: { 200: PlaceFeatureCollection, ...errors } } },
    async (request) => servicesLayer(app.db, principalOf(request), request.params.crisisId),
  );

  app.get(
    '/crises/:crisisId/map/evacuation-points',
    { onRequest: requireSignIn, schema: { tags, summary: 'Evacuation points of the crisis, as GeoJSON', params: CrisisParams, response: { 200: PlaceFeatureCollection, ...errors } } },
    async (request) => evacuationLayer(app.db, principalOf(request), request.params.crisisId),
  );

  app.post(
    '/crises/:crisisId/evacuation-points',
    { onRequest: requireSignIn, schema: { tags, summary: 'Add an evacuation point (coordinators; isPublic puts it on the public map)', params: CrisisParams, body: EvacuationPointCreate, response: { 201: z.object({ id: z.uuid() }), ...errors } } },
    async (request, reply) => reply.status(201).send(await createEvacuationPoint(app.db, principalOf(request), request.params.crisisId, request.body, String(request.id))),
  );

  app.post(
    '/crises/:crisisId/map/datasets',
    {
      onRequest: requireSignIn,
      schema: { tags, summary: 'Import an incident dataset (HXL-tagged CSV, or the Missing Migrants Project export): all or nothing, each bad row named', params: CrisisParams, body: DatasetImport, response: { 201: z.object({ datasetId: z.uuid(), rows: z.number() }), ...errors } },
    },
    async (request, reply) => reply.status(201).send(await importDataset(app.db, principalOf(request), request.params.crisisId, request.body, String(request.id))),
  );

  app.get(
    '/crises/:crisisId/reports/export',
    {
      onRequest: requireSignIn,
      schema: {
        tags,
        summary: 'Reports as GeoJSON, CSV or HXL-tagged CSV, streamed; points jittered unless exact=true (needs export:personal); counts-only roles get admin areas and weeks; audited',
        params: CrisisParams,
        querystring: ExportQuery.extend({ exact: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.any(), ...errors },
      },
    },
    async (request, reply) => {
      const { exact, ...query } = request.query;
      const stream = await exportReports(app.db, principalOf(request), request.params.crisisId, { ...query, exact: exact === 'true' }, key(), String(request.id));
      const [type, ext] = query.format === 'geojson' ? ['application/geo+json', 'geojson'] : ['text/csv; charset=utf-8', query.format === 'hxl' ? 'hxl.csv' : 'csv'];
      return reply.type(type).header('content-disposition', `attachment; filename="reports.${ext}"`).header('cache-control', 'no-store').send(stream);
    },
  );
};
