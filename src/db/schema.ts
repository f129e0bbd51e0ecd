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

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  type: string;
  country: string | null;
  represents_country: string | null;
  is_active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  totp_secret_encrypted: string | null;
  totp_enabled_at: Date | null;
  is_platform_admin: Generated<boolean>;
  is_active: Generated<boolean>;
  is_demo: Generated<boolean>;
  preferred_language: Generated<string>;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  last_sign_in_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipsTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  crisis_id: string | null;
  role: string;
  languages: Generated<string[]>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  is_two_factor_verified: Generated<boolean>;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  token_hash: string;
  name: string;
  organisation_id: string;
  crisis_id: string | null;
  role: string;
  scopes: string[];
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface InvitationsTable {
  id: Generated<string>;
  token_hash: string;
  email: string;
  organisation_id: string;
  crisis_id: string | null;
  role: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_user_id: string | null;
  revoked_at: Date | null;
}

export interface PasswordResetsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface BreakGlassGrantsTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  crisis_id: string;
  reason: string;
  created_at: Generated<Date>;
  expires_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_label: string;
  action: string;
  organisation_id: string | null;
  crisis_id: string | null;
  subject_type: string | null;
  subject_id: string | null;
  person_id: string | null;
  fields: Generated<string[]>;
  recipient: string | null;
  purpose: string | null;
  request_id: string | null;
  metadata: ColumnType<unknown, string, string>;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  last_id: string | null;
  last_hash: string;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  crises: CrisesTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  break_glass_grants: BreakGlassGrantsTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
