/** Kysely table types. One interface per table, named after it; keep in step with src/db/migrations. */
import type { ColumnType, Generated } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface CrisesTable {
  id: Generated<string>;
  slug: string;
  name: string;
  type: string;
  status: string;
  affected_countries: string[];
  start_date: string;
  end_date: string | null;
  description: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  crises: CrisesTable;
}
