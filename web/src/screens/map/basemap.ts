/**
 * The offline base map: country shapes and borders from Natural Earth (public domain), shipped with the console by the
 * npm package world-atlas as TopoJSON and turned into GeoJSON here, and first-level boundaries (provinces,
 * governorates, states) from Natural Earth's 10m admin-1 polygons, simplified into boundaries/admin1.json by
 * bin/build-admin1.ts and fetched only once the map is zoomed in to zoom 3.5 or more. No tile server, nothing from the
 * internet, unless the deployment sets online raster tiles (MAP_TILES_URL, GET /api/map/base): they are drawn under
 * the shapes then.
 */
import type { FeatureCollection, MultiLineString } from 'geojson';
import type { Map as MapLibre, StyleSpecification } from 'maplibre-gl';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import type { Admin1Properties } from './boundaries/admin1.ts';
import admin1Url from './boundaries/admin1.json?url';
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

/** Public domain, credited all the same in the map's attribution control. */
export const NATURAL_EARTH = 'Natural Earth';

const country = (area: { properties?: unknown }): string | undefined => (area.properties as Admin1Properties | undefined)?.country;

/** Lines between two first-level areas of the same country (country borders and coasts are drawn by the base map). */
export async function loadAdmin1Lines(): Promise<MultiLineString> {
  const response = await fetch(admin1Url);
  if (!response.ok) throw new Error(`admin-1 boundaries: ${response.status}`);
  const topology = (await response.json()) as Topology<{ admin1: GeometryCollection<Admin1Properties> }>;
  return mesh(topology, topology.objects.admin1, (a, b) => a !== b && country(a) === country(b));
}

/** Below this zoom the first-level boundaries are neither fetched nor drawn. */
export const ADMIN1_MIN_ZOOM = 3.5;

/**
 * Adds the first-level boundaries (thin, lighter than the country borders, under them) the first time the map is at
 * ADMIN1_MIN_ZOOM or closer: the file (about 2.7 MB, 0.8 MB compressed) is not fetched by a map that stays zoomed out.
 * The service worker keeps it with the console's other hashed assets once fetched. `onAdded` runs once the layer is in.
 */
export function addAdmin1WhenZoomedIn(map: MapLibre, onAdded?: () => void): void {
  let started = false;
  const check = (): void => {
    if (started || map.getZoom() < ADMIN1_MIN_ZOOM) return;
    started = true;
    map.off('moveend', check);
    loadAdmin1Lines().then((lines) => {
      try {
        map.addSource('admin1', { type: 'geojson', data: { type: 'Feature', geometry: lines, properties: {} }, attribution: NATURAL_EARTH });
        map.addLayer({
          id: 'admin1',
          type: 'line',
          source: 'admin1',
          minzoom: ADMIN1_MIN_ZOOM,
          paint: { 'line-color': '#b4b8bf', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.4, 10, 1] },
        }, 'borders');
      } catch {
        return; // the map was closed meanwhile
      }
      onAdded?.();
    }, () => {
      // Without them the map still has its countries; the next move tries again.
      started = false;
      map.on('moveend', check);
    });
  };
  map.on('moveend', check);
  check();
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
      countries: { type: 'geojson', data: shapes.countries, attribution: NATURAL_EARTH },
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
