/**
 * The offline base map: country shapes and borders from Natural Earth (public domain), shipped with the console by the
 * npm package world-atlas as TopoJSON and turned into GeoJSON here. No tile server, nothing from the internet, unless
 * the deployment sets online raster tiles (MAP_TILES_URL, GET /api/map/base): they are drawn under the shapes then.
 */
import type { FeatureCollection, MultiLineString } from 'geojson';
import type { StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { api, must } from '../../api/client.ts';

export interface BaseShapes {
  countries: FeatureCollection;
  borders: MultiLineString;
}

export async function loadBaseShapes(): Promise<BaseShapes> {
  const response = await fetch(countriesUrl);
  if (!response.ok) throw new Error(`base map: ${response.status}`);
  const topology = (await response.json()) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries) as FeatureCollection;
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  return { countries, borders };
}

export interface OnlineTiles {
  tilesUrl: string;
  attribution: string | null;
}

/** The deployment's online raster tiles, if any; none when it sets none or the server cannot be reached (offline). */
export async function loadOnlineTiles(): Promise<OnlineTiles | undefined> {
  try {
    const base = await must(api.GET('/api/map/base'));
    return base.tilesUrl ? { tilesUrl: base.tilesUrl, attribution: base.attribution } : undefined;
  } catch {
    return undefined;
  }
}

/** The style: sea, land and borders; online raster tiles underneath only when a deployment sets an address for them. */
export function baseStyle(shapes: BaseShapes, online?: OnlineTiles): StyleSpecification {
  const tilesUrl = online?.tilesUrl;
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: shapes.countries },
      borders: { type: 'geojson', data: { type: 'Feature', geometry: shapes.borders, properties: {} } },
      ...(tilesUrl ? { online: { type: 'raster' as const, tiles: [tilesUrl], tileSize: 256, ...(online?.attribution ? { attribution: online.attribution } : {}) } } : {}),
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#cfe0ee' } },
      ...(tilesUrl ? [{ id: 'online', type: 'raster' as const, source: 'online' }] : []),
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea', 'fill-opacity': tilesUrl ? 0.2 : 1 } },
      { id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': '#8a8f99', 'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.5, 8, 1.5] } },
    ],
  };
}
