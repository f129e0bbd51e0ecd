/**
 * Contact details the public directory page may show: phone numbers of services (their own, those of their
 * service-at-location links and those of their locations) and street addresses of locations. Anything tied to a
 * confidential location (a safe house) is left out here, whatever the caller asks for.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface PublicPhone {
  number: string;
  extension: number | null;
  type: string | null;
  description: string | null;
}

/** Phone numbers per service id (faxes left out), the service's own first; no phone of a confidential location. */
export async function publicPhones(db: Db, serviceIds: readonly string[]): Promise<Map<string, PublicPhone[]>> {
  const out = new Map<string, PublicPhone[]>();
  if (serviceIds.length === 0) return out;
  const ids = [...serviceIds];
  const result = await sql<PublicPhone & { id: string; service_id: string; rank: number }>`
    select x.service_id, min(x.rank) as rank, p.id, p.number, p.extension, p.type, p.description
    from (
      select p.id, p.service_id, 0 as rank from directory_phones p where p.service_id = any(${ids}::uuid[])
      union all
      select p.id, sal.service_id, 1 from directory_phones p join directory_service_at_locations sal on sal.id = p.service_at_location_id
      where sal.service_id = any(${ids}::uuid[])
      union all
      select p.id, sal.service_id, 2 from directory_phones p join directory_service_at_locations sal on sal.location_id = p.location_id
      where sal.service_id = any(${ids}::uuid[])
    ) x
    join directory_phones p on p.id = x.id
    left join directory_service_at_locations psal on psal.id = p.service_at_location_id
    left join directory_locations pl on pl.id = p.location_id
    left join directory_locations sl on sl.id = psal.location_id
    where (p.type is null or p.type <> 'fax') and not coalesce(pl.is_confidential, false) and not coalesce(sl.is_confidential, false)
    group by x.service_id, p.id, p.number, p.extension, p.type, p.description
    order by x.service_id, rank, p.number`.execute(db);
  for (const row of result.rows) {
    const list = out.get(row.service_id) ?? [];
    list.push({ number: row.number, extension: row.extension, type: row.type, description: row.description });
    out.set(row.service_id, list);
  }
  return out;
}

/** The parts of one street address per location id (address lines, city, region); never for a confidential location. */
export async function publicAddresses(db: Db, locationIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (locationIds.length === 0) return out;
  const result = await sql<{ location_id: string; address_1: string; address_2: string | null; city: string; state_province: string }>`
    select a.location_id, a.address_1, a.address_2, a.city, a.state_province
    from directory_addresses a join directory_locations l on l.id = a.location_id
    where a.location_id = any(${[...locationIds]}::uuid[]) and not l.is_confidential and a.address_type = 'physical'
    order by a.location_id, a.id`.execute(db);
  for (const row of result.rows) {
    if (out.has(row.location_id)) continue;
    out.set(row.location_id, [row.address_1, row.address_2, row.city, row.state_province].map((p) => p?.trim() ?? '').filter((p) => p !== ''));
  }
  return out;
}
