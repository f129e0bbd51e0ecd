/**
 * Directory search in one SQL statement: by need, kind, language, crisis, admin area, distance from a point, open
 * now, free beds and fuzzy name (trigram similarity on an accent-free lower-case form). Distances are great-circle
 * (haversine) after a bounding-box prefilter on the (latitude, longitude) index: no PostGIS, so PGlite works too.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CAPACITY_STALE_AFTER_HOURS } from './directory-codes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface SearchFilter {
  crisisId?: string | undefined;
  q?: string | undefined;
  needs?: readonly string[] | undefined;
  kinds?: readonly string[] | undefined;
  language?: string | undefined;
  near?: { lat: number; lon: number; radiusKm: number } | undefined;
  admin1?: string | undefined;
  country?: string | undefined;
  openNow?: boolean | undefined;
  hasBeds?: boolean | undefined;
  acceptsReferrals?: boolean | undefined;
  regardlessOfStatus?: boolean | undefined;
  includeInactive?: boolean | undefined;
  includeConfidential: boolean;
  now: Date;
  limit: number;
}

export interface SearchRow {
  service_id: string;
  service_name: string;
  organization_id: string;
  organization_name: string;
  kind: string;
  status: string;
  needs: string[];
  language_codes: string[];
  serves_regardless_of_status: boolean;
  safe_without_documents: boolean;
  accepts_referrals: boolean;
  beds_total: number | null;
  beds_free: number | null;
  capacity_updated_at: Date | null;
  capacity_stale: boolean | null;
  alert: string | null;
  location_id: string | null;
  location_name: string | null;
  latitude: number | null;
  longitude: number | null;
  is_confidential: boolean | null;
  country: string | null;
  admin1_name: string | null;
  distance_km: number | null;
  open_now: boolean | null;
  similarity: number | null;
}

const EARTH_KM = 6371.0088;

/**
 * The schedules of a service, of its service-at-location and of its location (three index lookups, not one OR that
 * would scan every schedule), summed up as: how many publish hours, and whether one of them is open at `now`
 * (local to the schedule).
 */
function openingHours(now: RawBuilder<unknown>, service: RawBuilder<unknown>, sal: RawBuilder<unknown>, location: RawBuilder<unknown>): RawBuilder<unknown> {
  const local = sql`(${now} at time zone 'UTC' + sc.utc_offset_minutes * interval '1 minute')`;
  const minute = sql`(extract(hour from ${local}) * 60 + extract(minute from ${local}))`;
  return sql`lateral (
    select count(*) filter (where sc.opens_minute is not null) as published,
      coalesce(bool_or(sc.opens_minute is not null
        and (sc.valid_from is null or sc.valid_from <= ${local}::date) and (sc.valid_to is null or sc.valid_to >= ${local}::date)
        and upper(left(to_char(${local}, 'Dy'), 2)) = any(sc.open_days)
        and case when sc.opens_minute <= sc.closes_minute then ${minute} >= sc.opens_minute and ${minute} < sc.closes_minute
                 else ${minute} >= sc.opens_minute or ${minute} < sc.closes_minute end), false) as open
    from (
      select * from directory_schedules where service_id = ${service}
      union all select * from directory_schedules where ${sal} is not null and service_at_location_id = ${sal}
      union all select * from directory_schedules where ${location} is not null and location_id = ${location}
    ) sc
  )`;
}

export async function searchDirectory(db: Db, f: SearchFilter): Promise<SearchRow[]> {
  const now = sql`${f.now.toISOString()}::timestamptz`;
  const where: RawBuilder<unknown>[] = [sql`true`];
  if (!f.includeInactive) where.push(sql`s.status = 'active'`);
  if (f.crisisId) where.push(sql`(cardinality(s.crisis_ids) = 0 or ${f.crisisId}::uuid = any(s.crisis_ids))`);
  if (f.needs?.length) where.push(sql`s.needs && ${[...f.needs]}::text[]`);
  if (f.kinds?.length) where.push(sql`s.kind = any(${[...f.kinds]}::text[])`);
  if (f.language) where.push(sql`s.language_codes @> array[${f.language}]::text[]`);
  if (f.acceptsReferrals) where.push(sql`s.accepts_referrals`);
  if (f.regardlessOfStatus) where.push(sql`s.serves_regardless_of_status`);
  if (f.hasBeds) where.push(sql`s.beds_free > 0 and s.capacity_updated_at > ${now} - ${`${CAPACITY_STALE_AFTER_HOURS} hours`}::interval`);
  if (!f.includeConfidential) where.push(sql`(l.id is null or not l.is_confidential)`);
  if (f.country) where.push(sql`l.country = ${f.country}`);
  if (f.admin1) where.push(sql`(l.admin1_code = ${f.admin1} or directory_fold(l.admin1_name) = directory_fold(${f.admin1}))`);
  const folded = f.q ? f.q.normalize('NFC').trim() : '';
  // Names only, so that the trigram (GIN) index finds the candidates; the best matches come first. (A GiST index
  // would also give the order, but its nearest-first scan stalls on PGlite 0.5: see decision 0007.)
  if (folded) where.push(sql`directory_fold(s.name) % directory_fold(${folded})`);
  let distance: RawBuilder<number | null> = sql<null>`null::double precision`;
  if (f.near) {
    const { lat, lon, radiusKm } = f.near;
    const dLat = radiusKm / 111.32;
    const dLon = radiusKm / (111.32 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
    distance = sql<number>`(${sql.lit(2 * EARTH_KM)} * asin(sqrt(power(sin(radians(l.latitude - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${lon}) / 2), 2))))`;
    where.push(sql`l.latitude between ${lat - dLat} and ${lat + dLat} and l.longitude between ${lon - dLon} and ${lon + dLon}`);
    where.push(sql`${distance} <= ${radiusKm}`);
  }
  // "Open now" as a filter is checked on the candidates; otherwise only the page's rows are looked up.
  const filterHours = f.openNow ? sql`join ${openingHours(now, sql`s.id`, sql`sal.id`, sql`l.id`)} fh on fh.open` : sql``;
  const similarity = folded ? sql<number>`similarity(directory_fold(s.name), directory_fold(${folded}))` : sql<null>`null::real`;
  const order = f.near ? sql`distance_km asc, s.name` : folded ? sql`similarity desc, s.name` : sql`s.name, s.id`;
  const pageOrder = f.near ? sql`page.distance_km asc, page.service_name` : folded ? sql`page.similarity desc, page.service_name` : sql`page.service_name, page.service_id`;
  const result = await sql<SearchRow>`
    with page as (
      select s.id as service_id, s.name as service_name, o.id as organization_id, o.name as organization_name, s.kind, s.status, s.needs,
        s.language_codes, s.serves_regardless_of_status, s.safe_without_documents, s.accepts_referrals, s.beds_total, s.beds_free,
        s.capacity_updated_at, case when s.capacity_updated_at is null then null else s.capacity_updated_at <= ${now} - ${`${CAPACITY_STALE_AFTER_HOURS} hours`}::interval end as capacity_stale,
        s.alert, sal.id as sal_id, l.id as location_id, l.name as location_name, l.latitude, l.longitude, l.is_confidential, l.country, l.admin1_name,
        ${distance} as distance_km, ${similarity} as similarity
      from directory_services s
      join directory_organizations o on o.id = s.organization_id
      left join directory_service_at_locations sal on sal.service_id = s.id
      left join directory_locations l on l.id = sal.location_id
      ${filterHours}
      where ${sql.join(where, sql` and `)}
      order by ${order}
      limit ${f.limit}
    )
    select page.*, case when oh.published = 0 then null else oh.open end as open_now
    from page left join ${openingHours(now, sql`page.service_id`, sql`page.sal_id`, sql`page.location_id`)} oh on true
    order by ${pageOrder}`.execute(db);
  return result.rows;
}
