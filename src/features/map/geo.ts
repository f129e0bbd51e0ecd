/**
 * Map geometry without PostGIS: Web Mercator cells at zoom 24 (the generated cell_x / cell_y columns of reports),
 * the cluster grid of each zoom, cell centres, and the deterministic jitter responders see instead of a report's
 * exact point. Pure functions.
 */
import { createHmac } from 'node:crypto';

/** Reports store their Web Mercator position at this zoom, as integers from 0 to 2^24 - 1. */
export const CELL_ZOOM = 24;
const WORLD = 2 ** CELL_ZOOM;
const MAX_LAT = 85.0511287;
export const MAX_ZOOM = 22;

/** Cluster cells are 64 px at every zoom: 4 cells per 256 px tile side, so the grid of zoom z has 2^(z+2) cells a side. */
export const shiftFor = (zoom: number): number => MAX_ZOOM - zoom;

/** Same formula as the generated columns of the reports table (0040-create-map-tables.sql). */
export function cellX(longitude: number): number {
  return Math.min(WORLD - 1, Math.max(0, Math.floor(((longitude + 180) / 360) * WORLD)));
}

export function cellY(latitude: number): number {
  const lat = (Math.min(MAX_LAT, Math.max(-MAX_LAT, latitude)) * Math.PI) / 180;
  return Math.min(WORLD - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * WORLD)));
}

const lonOf = (x: number): number => (x / WORLD) * 360 - 180;
const latOf = (y: number): number => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / WORLD))) * 180) / Math.PI;

/** The centre of cluster cell (cx, cy) at a zoom, rounded to 5 decimals. */
export function cellCentre(zoom: number, cx: number, cy: number): { lat: number; lon: number } {
  const size = 2 ** shiftFor(zoom);
  return { lat: round(latOf((cy + 0.5) * size), 5), lon: round(lonOf((cx + 0.5) * size), 5) };
}

export const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/**
 * A coordinate already rounded to `decimals` as text, the same text as String(value), made by toFixed instead: V8 keeps
 * each String(number) in its number-to-string cache, which let a million exported coordinates outlive two minor GCs and
 * be promoted to the old generation (60 MB more heap per million rows, freed only by a full GC).
 */
export const decimalText = (value: number, decimals: number): string => value.toFixed(decimals).replace(/\.?0+$/, '');

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** The zoom-24 cell ranges a bounding box covers. */
export function cellRange(bbox: Bbox): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: cellX(bbox.west), x1: cellX(bbox.east), y0: cellY(bbox.north), y1: cellY(bbox.south) };
}

/** How many cluster cells of this zoom the box spans (width times height). */
export function cellsSpanned(bbox: Bbox, zoom: number): number {
  const r = cellRange(bbox);
  const s = shiftFor(zoom);
  return ((r.x1 >> s) - (r.x0 >> s) + 1) * ((r.y1 >> s) - (r.y0 >> s) + 1);
}

/** A numeric id for a cluster, stable for a zoom: cx * 2^(z+2) + cy (below 2^50, safe in JSON). */
export const clusterId = (zoom: number, cx: number, cy: number): number => cx * 2 ** (zoom + 2) + cy;

/** Most metres a responder's point is moved from the stored one. */
export const JITTER_METRES = 250;

/**
 * Moves a point by 50 to 250 m in a direction drawn from an HMAC of the report id with the server key: the same
 * report always lands on the same spot (points do not dance between requests), and nobody without the key can undo it.
 * Rounded to 4 decimals (about 11 m), so the stored precision never leaves the server either.
 */
export function jitter(id: string, lat: number, lon: number, key: Buffer): { lat: number; lon: number } {
  const digest = createHmac('sha256', key).update(`map-jitter:${id}`).digest();
  const angle = (digest.readUInt32BE(0) / 2 ** 32) * 2 * Math.PI;
  const metres = JITTER_METRES * (0.2 + 0.8 * Math.sqrt(digest.readUInt32BE(4) / 2 ** 32));
  const dLat = (metres * Math.cos(angle)) / 111_320;
  const dLon = (metres * Math.sin(angle)) / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return { lat: round(Math.max(-90, Math.min(90, lat + dLat)), 4), lon: round(((lon + dLon + 540) % 360) - 180, 4) };
}

/** "1.2k" style labels, as supercluster's point_count_abbreviated. */
export function abbreviate(count: number): string | number {
  if (count >= 10_000) return `${Math.round(count / 1000)}k`;
  if (count >= 1000) return `${Math.round(count / 100) / 10}k`;
  return count;
}

/** Monday (UTC) of the ISO week of a date, as YYYY-MM-DD. */
export function weekStart(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
