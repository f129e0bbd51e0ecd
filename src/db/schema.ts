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
  reads_languages: Generated<string[]>;
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

export interface ProcessingPurposesTable {
  code: string;
  labels: ColumnType<Record<string, string>, string, string>;
  description: string;
  default_sensitivity: string;
  retention_policy: string;
}

export interface LegalBasesTable {
  code: string;
  labels: ColumnType<Record<string, string>, string, string>;
  description: string;
}

export interface SensitivityLevelsTable {
  code: string;
  rank: number;
  labels: ColumnType<Record<string, string>, string, string>;
}

export interface RetentionPoliciesTable {
  code: string;
  record_kind: string;
  keep_days: number;
  after_event: string;
  action: string;
  description: string;
}

export interface PeopleTable {
  id: Generated<string>;
  crisis_id: string;
  controller_organisation_id: string;
  purpose: string;
  legal_basis: string;
  sensitivity: string;
  channel: string;
  collected_by: string | null;
  collected_at: Generated<Date>;
  retention_policy: string;
  retention_until: string;
  given_name: string | null;
  family_name: string | null;
  other_names: Generated<string[]>;
  phone_e164: string | null;
  nationality: string | null;
  feared_states: Generated<string[]>;
  preferred_language: string | null;
  last_activity_at: Generated<Date>;
  anonymised_at: Date | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ConsentRecordsTable {
  id: Generated<string>;
  person_id: string;
  crisis_id: string;
  purposes: string[];
  recipient_organisation_ids: Generated<string[]>;
  recipient_organisation_types: Generated<string[]>;
  language: string;
  method: string;
  notice_version: string;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawal_method: string | null;
}

export interface SharingAgreementsTable {
  id: Generated<string>;
  organisation_id: string;
  partner_organisation_id: string;
  reference: string;
  purposes: string[];
  valid_from: string;
  valid_until: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

export interface AuthorityRequestsTable {
  id: Generated<string>;
  organisation_id: string;
  crisis_id: string | null;
  received_at: Date;
  authority_kind: string;
  authority_name: string;
  legal_instrument: Generated<string>;
  scope_description: string;
  status: Generated<string>;
  recorded_by: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Generated<Date>;
}

export interface DataSubjectRequestsTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string | null;
  kind: string;
  received_at: Generated<Date>;
  due_at: Date;
  channel: string;
  status: Generated<string>;
  outcome_note: string | null;
  handled_by: string | null;
  closed_at: Date | null;
  created_at: Generated<Date>;
}

export interface RetentionRunsTable {
  id: Generated<string>;
  started_at: Date;
  finished_at: Date;
  is_dry_run: boolean;
  results: ColumnType<unknown, string, string>;
  triggered_by: string;
}

export interface JobsTable {
  id: ColumnType<string, never, never>;
  queue: string;
  crisis_id: string | null;
  payload: ColumnType<Record<string, unknown>, string, string>;
  dedupe_key: string | null;
  run_at: Generated<Date>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Date | null;
  locked_by: string | null;
  last_error: string | null;
  failed_at: Date | null;
  created_at: Generated<Date>;
}

export interface ChannelsTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  kind: string;
  name: string;
  address: Generated<string>;
  is_active: Generated<boolean>;
  credentials_encrypted: string | null;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  send_per_second: ColumnType<string, number | undefined, number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContactsTable {
  id: Generated<string>;
  crisis_id: string;
  channel_id: string;
  address_hash: string;
  address_encrypted: string;
  language: string | null;
  opted_out_at: Date | null;
  first_seen_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  purpose: Generated<string>;
  legal_basis: Generated<string>;
  retention_until: string;
}

export interface ConversationsTable {
  id: Generated<string>;
  crisis_id: string;
  contact_id: string;
  reference: string;
  opened_at: Generated<Date>;
  last_message_at: Generated<Date>;
  closed_at: Date | null;
}

export interface MessagesTable {
  id: Generated<string>;
  crisis_id: string;
  channel_id: string;
  contact_id: string | null;
  conversation_id: string | null;
  direction: 'in' | 'out';
  idempotency_key: string;
  provider_message_id: string | null;
  text: string | null;
  text_purged_at: Date | null;
  media: ColumnType<unknown[], string | undefined, string>;
  location: ColumnType<{ lat?: number; lon?: number; precisionM?: number; place?: string; precision?: string } | null, string | null, string | null>;
  metadata: ColumnType<Record<string, unknown>, string | undefined, string>;
  status: string;
  attempts: Generated<number>;
  last_error: string | null;
  received_at: Generated<Date>;
  sent_at: Date | null;
  triaged_at: Date | null;
  purpose: Generated<string>;
  legal_basis: Generated<string>;
  retention_until: string;
  language: string | null;
  language_script: string | null;
  language_confidence: number | null;
  needs: Generated<string[]>;
  urgency: string | null;
  urgency_reasons: Generated<string[]>;
  triage_model: string | null;
  claimed_by: string | null;
  claimed_until: Date | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  translation_requested_at: Date | null;
  translation: string | null;
  translation_language: string | null;
  translated_by: string | null;
  translated_at: Date | null;
  duplicate_of: string | null;
  merged_at: Date | null;
  merged_by: string | null;
  case_id: string | null;
  extracted_places: ColumnType<ExtractedPlace[], string | undefined, string>;
  people_counts: ColumnType<PeopleCountsRow | null, string | null | undefined, string | null>;
  nationalities: Generated<string[]>;
  third_party_phones: Generated<string[]>;
  place_country: string | null;
  place_admin1: string | null;
}

export interface ExtractedPlace {
  name: string;
  matched?: string;
  geonameId?: number;
  country?: string;
  admin1?: string;
  lat: number;
  lon: number;
  confidence: number;
  evidence: string[];
  /** 'gazetteer' for the machine's match, 'person' for a triage operator's correction. */
  source: 'gazetteer' | 'person';
}

export interface PeopleCountsRow {
  total?: number;
  children?: number;
  women?: number;
  injured?: number;
  dead?: number;
  evidence?: string[];
}

export interface TriageLabelsTable {
  id: Generated<string>;
  crisis_id: string;
  message_id: string;
  needs: string[];
  urgency: string;
  machine_needs: string[];
  machine_urgency: string | null;
  corrections: ColumnType<Record<string, unknown>, string | undefined, string>;
  labelled_by: string | null;
  labelled_at: Generated<Date>;
}

export interface MessageStatusEventsTable {
  id: ColumnType<string, never, never>;
  message_id: string;
  status: string;
  provider_status: string | null;
  error_code: string | null;
  occurred_at: Generated<Date>;
}

export interface TriageModelsTable {
  id: Generated<string>;
  trained_at: Generated<Date>;
  labels: string[];
  examples: number;
  weights: Buffer;
  metrics: ColumnType<Record<string, unknown>, string | undefined, string>;
  trained_by: string;
}

export interface DirectoryOrganizationsTable {
  id: string;
  name: string;
  alternate_name: string | null;
  description: Generated<string>;
  email: string | null;
  website: string | null;
  year_incorporated: number | null;
  legal_status: string | null;
  parent_organization_id: string | null;
  lifeline_organisation_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DirectoryLocationsTable {
  id: string;
  organization_id: string | null;
  location_type: string;
  url: string | null;
  name: string | null;
  alternate_name: string | null;
  description: string | null;
  transportation: string | null;
  latitude: number | null;
  longitude: number | null;
  external_identifier: string | null;
  external_identifier_type: string | null;
  is_confidential: Generated<boolean>;
  country: string | null;
  admin1_code: string | null;
  admin1_name: string | null;
  admin2_code: string | null;
  admin2_name: string | null;
  updated_at: Generated<Date>;
}

export interface DirectoryServicesTable {
  id: string;
  organization_id: string;
  name: string;
  alternate_name: string | null;
  description: string | null;
  url: string | null;
  email: string | null;
  status: string;
  interpretation_services: string | null;
  application_process: string | null;
  fees_description: string | null;
  accreditations: string | null;
  eligibility_description: string | null;
  minimum_age: number | null;
  maximum_age: number | null;
  alert: string | null;
  kind: Generated<string>;
  needs: Generated<string[]>;
  language_codes: Generated<string[]>;
  serves_regardless_of_status: Generated<boolean>;
  safe_without_documents: Generated<boolean>;
  accepts_referrals: Generated<boolean>;
  crisis_ids: Generated<string[]>;
  beds_total: number | null;
  beds_free: number | null;
  capacity_updated_at: Date | null;
  referral_fields: string[] | null;
  last_modified: Generated<Date>;
  version: Generated<number>;
}

export interface DirectoryServiceAtLocationsTable {
  id: string;
  service_id: string;
  location_id: string;
  description: string | null;
}

export interface DirectoryImportsTable {
  id: Generated<string>;
  format: string;
  counts: ColumnType<Record<string, number>, string, string>;
  imported_by: string;
  started_at: Date;
  finished_at: Date;
}

export interface ActivitiesTable {
  id: Generated<string>;
  crisis_id: string;
  reported_by: string | null;
  organisation_name: string;
  organisation_acronym: string | null;
  organisation_type: string | null;
  category: string;
  name: string;
  needs: Generated<string[]>;
  status: string;
  crisis_status: string;
  country: string;
  admin1_code: string | null;
  admin1_name: string | null;
  admin2_code: string | null;
  admin2_name: string | null;
  start_date: string | null;
  end_date: string | null;
  targeted: number | null;
  reached: number | null;
  reached_women: number | null;
  reached_men: number | null;
  reached_girls: number | null;
  reached_boys: number | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AreaNeedsTable {
  id: Generated<string>;
  crisis_id: string;
  country: string;
  admin1_code: string | null;
  admin1_name: string | null;
  need: string;
  people_in_need: number | null;
  source: string;
  reported_at: string;
  reported_by: string | null;
  created_at: Generated<Date>;
}

export interface TriageExamplesTable {
  id: Generated<string>;
  text_hash: string;
  text: string;
  needs: string[];
  urgency: string | null;
  source: string;
  imported_at: Generated<Date>;
  retention_until: string;
}

export interface NeedCodesTable {
  code: string;
  /** Label per console language; English always present. */
  labels: ColumnType<Record<string, string>, string, string>;
  keywords: Generated<string[]>;
  is_life_safety: Generated<boolean>;
  is_shipped: Generated<boolean>;
  /** The urgency a message with this need has at least in triage (migration 0045). */
  urgency: Generated<'high' | 'medium' | 'low'>;
  /** The reason shown when it raises urgency, per console language; English present when set. */
  urgency_reason: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  position: number;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Generated<Date>;
  retired_at: Date | null;
  retired_by: string | null;
}

export interface CasesTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  reference: string;
  person_id: string | null;
  opened_from: string;
  source_message_id: string | null;
  status: Generated<string>;
  outcome: string | null;
  needs: Generated<string[]>;
  vulnerabilities: ColumnType<{ code: string; severity: number }[], string | undefined, string>;
  risk_level: Generated<string>;
  priority: Generated<number>;
  priority_reasons: Generated<string[]>;
  assigned_to: string | null;
  next_follow_up: string | null;
  purpose: Generated<string>;
  legal_basis: string;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
  assessment: ColumnType<Record<string, unknown>, string | undefined, string>;
  assessment_form_version: number | null;
  notify_person: Generated<boolean>;
}

export interface CaseTasksTable {
  id: Generated<string>;
  case_id: string;
  title: string;
  due_date: string | null;
  assigned_to: string | null;
  done_at: Date | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface CaseNotesTable {
  id: Generated<string>;
  case_id: string;
  author_id: string | null;
  text: string;
  created_at: Generated<Date>;
}

export interface ReferralsTable {
  id: Generated<string>;
  case_id: string;
  crisis_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  service_id: string | null;
  purpose: Generated<string>;
  fields: string[];
  payload: ColumnType<Record<string, unknown>, string, string>;
  note: string | null;
  status: Generated<string>;
  decline_reason: string | null;
  feedback: string | null;
  sent_by: string | null;
  sent_at: Generated<Date>;
  acknowledge_by: Date;
  acknowledged_at: Date | null;
  decided_at: Date | null;
  completed_at: Date | null;
  revoked_at: Date | null;
  version: Generated<number>;
}

export interface DetentionsTable {
  id: Generated<string>;
  case_id: string;
  facility_name: string;
  facility_country: string;
  facility_admin1: string | null;
  detained_on: string;
  stated_grounds: string | null;
  consulate_organisation_id: string | null;
  consular_access_requested_at: Date | null;
  consular_access_granted_at: Date | null;
  legal_aid_referral_id: string | null;
  outcome: string | null;
  outcome_on: string | null;
  outcome_note: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DetentionVisitsTable {
  id: Generated<string>;
  detention_id: string;
  visited_on: string;
  visitor_organisation_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface DeploymentKeysTable {
  id: Generated<number>;
  public_key: string;
  private_key_encrypted: string;
  created_at: Generated<Date>;
}

export interface PartnerDeploymentsTable {
  id: Generated<string>;
  name: string;
  base_url: string;
  public_key: string;
  organisation_id: string;
  country: string | null;
  is_active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CaseTransfersTable {
  id: string;
  direction: string;
  partner_id: string;
  case_id: string | null;
  purpose: string;
  legal_basis: string;
  agreement_reference: string | null;
  fields: string[];
  payload: ColumnType<Record<string, unknown>, string, string>;
  status: string;
  partner_receipt: string | null;
  last_error: string | null;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  delivered_at: Date | null;
  decided_at: Date | null;
}

export interface CaseMembersTable {
  id: Generated<string>;
  case_id: string;
  person_id: string | null;
  relationship: string;
  age_group: string | null;
  vulnerabilities: ColumnType<{ code: string; severity: number }[], string | undefined, string>;
  created_at: Generated<Date>;
}

export interface CaseAttachmentsTable {
  id: Generated<string>;
  case_id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content_encrypted: Buffer;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface AssessmentFormsTable {
  id: Generated<string>;
  crisis_id: string;
  version: number;
  fields: ColumnType<FormField[], string, string>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** One field of an assessment form (kept in step with src/features/cases/forms.ts). */
export interface FormField {
  key: string;
  type: 'code' | 'codes' | 'text' | 'number' | 'boolean' | 'date';
  required: boolean;
  labels: Record<string, string>;
  codes?: { code: string; labels: Record<string, string> }[];
}

export interface MapDatasetsTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  name: string;
  source: Generated<string>;
  licence: Generated<string>;
  profile: 'hxl' | 'missing_migrants';
  row_count: number;
  imported_by: string | null;
  imported_at: Generated<Date>;
}

export interface ReportsTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  source: 'sos' | 'responder' | 'import';
  source_message_id: string | null;
  case_id: string | null;
  dataset_id: string | null;
  external_id: string | null;
  idempotency_key: string | null;
  categories: Generated<string[]>;
  description: string | null;
  latitude: number;
  longitude: number;
  precision_m: number | null;
  country: string | null;
  admin1_code: string | null;
  admin1_name: string | null;
  admin2_code: string | null;
  admin2_name: string | null;
  occurred_at: Timestamp;
  people_count: number | null;
  dead_count: number | null;
  missing_count: number | null;
  verification: Generated<'unverified' | 'verified' | 'false' | 'duplicate'>;
  verification_method: string | null;
  verification_note: string | null;
  verified_by: string | null;
  verified_at: Date | null;
  duplicate_of: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
  /** Generated from longitude: Web Mercator x at zoom 24. */
  cell_x: ColumnType<number, never, never>;
  /** Generated from latitude: Web Mercator y at zoom 24. */
  cell_y: ColumnType<number, never, never>;
}

export interface ReportCellsTable {
  level: number;
  crisis_id: string;
  organisation_id: string;
  cx: number;
  cy: number;
  day: string;
  source: string;
  verification: string;
  categories: string[];
  n: number;
  sum_lat: number;
  sum_lon: number;
}

export interface EvacuationPointsTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  name: string;
  kind: string;
  latitude: number;
  longitude: number;
  country: string | null;
  admin1_name: string | null;
  status: Generated<string>;
  is_public: Generated<boolean>;
  notes: Generated<string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TracingRecordsTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  record_id: string;
  kind: string;
  person_id: string | null;
  author_person_id: string | null;
  purpose: Generated<string>;
  legal_basis: string;
  sensitivity: string;
  sex: string | null;
  date_of_birth: string | null;
  age: string | null;
  home_city: string | null;
  home_state: string | null;
  home_country: string | null;
  region_of_origin: string | null;
  last_known_location: string | null;
  description: string | null;
  photo_url: string | null;
  has_photo_consent: Generated<boolean>;
  incident_date: string | null;
  incident_place: string | null;
  latitude: number | null;
  longitude: number | null;
  cause_of_death: string | null;
  incident_dead: number | null;
  incident_missing: number | null;
  incident_survivors: number | null;
  migration_route: string | null;
  information_source: string | null;
  source_quality: number | null;
  remains_status: string | null;
  source_name: string | null;
  source_url: string | null;
  source_date: ColumnType<Date, Date | string | undefined, Date | string>;
  entry_date: ColumnType<Date, Date | string | undefined, Date | string>;
  expiry_date: ColumnType<Date, Date | string, Date | string>;
  expired_at: Date | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TracingNotesTable {
  id: Generated<string>;
  tracing_record_id: string;
  crisis_id: string;
  note_record_id: string;
  linked_record_id: string | null;
  status: string | null;
  author_name: string;
  author_made_contact: boolean | null;
  last_known_location: string | null;
  text: string | null;
  photo_url: string | null;
  source_date: ColumnType<Date, Date | string | undefined, Date | string>;
  entry_date: ColumnType<Date, Date | string | undefined, Date | string>;
  created_by: string | null;
}

export interface TracingBlockingKeysTable {
  crisis_id: string;
  key: string;
  tracing_record_id: string;
}

export interface TracingFieldOutcome {
  field: string;
  outcome: 'exact' | 'close' | 'disagree' | 'missing';
  weight: number;
  detail: string;
}

export interface TracingCandidatesTable {
  id: Generated<string>;
  crisis_id: string;
  organisation_id: string;
  other_organisation_id: string | null;
  record_a_id: string;
  record_b_id: string;
  score: number;
  probability: number;
  fields: ColumnType<TracingFieldOutcome[], string, string>;
  model_version: string;
  status: Generated<string>;
  claimed_by: string | null;
  claimed_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Generated<Date>;
}

export interface TracingLabelsTable {
  id: Generated<string>;
  crisis_id: string;
  candidate_id: string | null;
  is_match: boolean;
  outcomes: ColumnType<Record<string, string>, string, string>;
  created_at: Generated<Date>;
}

export interface TracingModelsTable {
  id: Generated<string>;
  crisis_id: string;
  model: ColumnType<Record<string, unknown>, string, string>;
  label_count: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface TracingNotificationsTable {
  id: Generated<string>;
  candidate_id: string;
  tracing_record_id: string;
  status: string;
  reason: string;
  created_at: Generated<Date>;
  contacted_at: Date | null;
  message_status: 'pending' | 'queued' | 'no_channel' | 'failed' | null;
  message_id: string | null;
  message_queued_at: Date | null;
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
  processing_purposes: ProcessingPurposesTable;
  legal_bases: LegalBasesTable;
  sensitivity_levels: SensitivityLevelsTable;
  retention_policies: RetentionPoliciesTable;
  people: PeopleTable;
  consent_records: ConsentRecordsTable;
  sharing_agreements: SharingAgreementsTable;
  authority_requests: AuthorityRequestsTable;
  data_subject_requests: DataSubjectRequestsTable;
  retention_runs: RetentionRunsTable;
  jobs: JobsTable;
  channels: ChannelsTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  message_status_events: MessageStatusEventsTable;
  triage_labels: TriageLabelsTable;
  triage_models: TriageModelsTable;
  directory_organizations: DirectoryOrganizationsTable;
  directory_locations: DirectoryLocationsTable;
  directory_services: DirectoryServicesTable;
  directory_service_at_locations: DirectoryServiceAtLocationsTable;
  directory_imports: DirectoryImportsTable;
  activities: ActivitiesTable;
  area_needs: AreaNeedsTable;
  triage_examples: TriageExamplesTable;
  need_codes: NeedCodesTable;
  cases: CasesTable;
  case_tasks: CaseTasksTable;
  case_notes: CaseNotesTable;
  referrals: ReferralsTable;
  detentions: DetentionsTable;
  detention_visits: DetentionVisitsTable;
  deployment_keys: DeploymentKeysTable;
  partner_deployments: PartnerDeploymentsTable;
  case_transfers: CaseTransfersTable;
  case_members: CaseMembersTable;
  case_attachments: CaseAttachmentsTable;
  assessment_forms: AssessmentFormsTable;
  map_datasets: MapDatasetsTable;
  reports: ReportsTable;
  report_cells: ReportCellsTable;
  evacuation_points: EvacuationPointsTable;
  tracing_records: TracingRecordsTable;
  tracing_notes: TracingNotesTable;
  tracing_blocking_keys: TracingBlockingKeysTable;
  tracing_candidates: TracingCandidatesTable;
  tracing_labels: TracingLabelsTable;
  tracing_models: TracingModelsTable;
  tracing_notifications: TracingNotificationsTable;
}
