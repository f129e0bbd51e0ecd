/**
 * Synthetic HSDS 3.0 packages for tests and the directory benchmark: n services, each with its organization (one per
 * ten services), a location around a centre point, an address, a phone, languages and a weekly schedule. Every
 * fifth service is a shelter with beds; every 50th location is confidential. Deterministic for a given seed.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';

export interface FixtureOptions {
  /** Centre of the area the locations are spread over (default: Tripoli, Libya). */
  centre?: { lat: number; lon: number };
  /** Half-width of the area in degrees. */
  spread?: number;
  seed?: number;
}

const LANGS = [['am', 'Amharic'], ['ar', 'Arabic'], ['ti', 'Tigrinya'], ['en', 'English'], ['fr', 'French'], ['so', 'Somali']] as const;
const KINDS = ['shelter', 'medical', 'legal_aid', 'information_centre', 'food', 'psychosocial', 'cash', 'transport'] as const;
const NEEDS: Record<string, string> = { shelter: 'shelter', medical: 'medical', legal_aid: 'detention', information_centre: 'information', food: 'food', psychosocial: 'other', cash: 'money', transport: 'evacuation' };

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

export interface HsdsFixture {
  files: Map<string, string>;
  serviceIds: string[];
  locationIds: string[];
}

/** A tabular HSDS package (file name → CSV text). */
export function hsdsPackage(n: number, options: FixtureOptions = {}): HsdsFixture {
  const rnd = random(options.seed ?? 42);
  const centre = options.centre ?? { lat: 32.8872, lon: 13.1913 };
  const spread = options.spread ?? 0.5;
  const orgs: string[][] = [];
  const services: string[][] = [];
  const locations: string[][] = [];
  const sals: string[][] = [];
  const addresses: string[][] = [];
  const phones: string[][] = [];
  const languages: string[][] = [];
  const schedules: string[][] = [];
  const serviceIds: string[] = [];
  const locationIds: string[] = [];
  let orgId = '';
  for (let i = 0; i < n; i += 1) {
    if (i % 10 === 0) {
      orgId = randomUUID();
      orgs.push([orgId, `Organisation ${i / 10} Médecins Aide`, `Helps people on the move, number ${i / 10}`, `org${i / 10}@example.org`]);
    }
    const kind = KINDS[i % KINDS.length] as string;
    const serviceId = randomUUID();
    const locationId = randomUUID();
    serviceIds.push(serviceId);
    locationIds.push(locationId);
    const beds = kind === 'shelter' ? Math.floor(rnd() * 80) + 10 : null;
    const free = beds === null ? null : Math.floor(rnd() * beds);
    services.push([serviceId, orgId, `${kind.replace('_', ' ')} service ${i}`, 'active', kind, NEEDS[kind] ?? 'other', i % 3 === 0 ? 'true' : 'false', 'true', 'true',
      beds === null ? '' : String(beds), free === null ? '' : String(free), beds === null ? '' : new Date().toISOString()]);
    const lat = centre.lat + (rnd() * 2 - 1) * spread;
    const lon = centre.lon + (rnd() * 2 - 1) * spread;
    locations.push([locationId, 'physical', orgId, `Site ${i}`, lat.toFixed(6), lon.toFixed(6), i % 50 === 49 ? 'true' : 'false', 'LY', `LY0${(i % 9) + 1}`, `District ${(i % 9) + 1}`]);
    const salId = randomUUID();
    sals.push([salId, serviceId, locationId]);
    addresses.push([randomUUID(), locationId, `${i} Main Street`, 'Tripoli', `District ${(i % 9) + 1}`, '0000', 'LY', 'physical']);
    phones.push([randomUUID(), serviceId, `+21821${String(1000000 + i).slice(-7)}`, 'voice']);
    const [l1, n1] = LANGS[i % LANGS.length] as readonly [string, string];
    const [l2, n2] = LANGS[(i + 3) % LANGS.length] as readonly [string, string];
    languages.push([randomUUID(), serviceId, n1, l1], [randomUUID(), serviceId, n2, l2]);
    const allDay = kind === 'shelter';
    schedules.push([randomUUID(), serviceId, 'WEEKLY', allDay ? 'MO,TU,WE,TH,FR,SA,SU' : 'MO,TU,WE,TH,FR', allDay ? '00:00+02:00' : '08:00+02:00', allDay ? '23:59+02:00' : '17:00+02:00']);
  }
  const csv = (header: string[], rows: string[][]): string => stringify([header, ...rows]);
  const files = new Map<string, string>([
    ['organizations.csv', csv(['id', 'name', 'description', 'email'], orgs)],
    ['services.csv', csv(['id', 'organization_id', 'name', 'status', 'lifeline_kind', 'lifeline_needs', 'lifeline_serves_regardless_of_status', 'lifeline_safe_without_documents',
      'lifeline_accepts_referrals', 'lifeline_beds_total', 'lifeline_beds_free', 'lifeline_capacity_updated'], services)],
    ['locations.csv', csv(['id', 'location_type', 'organization_id', 'name', 'latitude', 'longitude', 'lifeline_confidential', 'lifeline_country', 'lifeline_admin1_code', 'lifeline_admin1_name'], locations)],
    ['service_at_location.csv', csv(['id', 'service_id', 'location_id'], sals)],
    ['addresses.csv', csv(['id', 'location_id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'], addresses)],
    ['phones.csv', csv(['id', 'service_id', 'number', 'type'], phones)],
    ['languages.csv', csv(['id', 'service_id', 'name', 'code'], languages)],
    ['schedules.csv', csv(['id', 'service_id', 'freq', 'byday', 'opens_at', 'closes_at'], schedules)],
  ]);
  return { files, serviceIds, locationIds };
}
