-- The service directory, modelled on Open Referral HSDS 3.0: table and column names follow the standard so that
-- import and export map one to one. Lifeline's additions are marked "Lifeline:" in their comments.
-- Ids are the UUIDs of the HSDS records (kept across imports, so a re-import updates rather than duplicates).

create or replace function directory_fold(value text) returns text
  language sql immutable parallel safe
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))) $$;
comment on function directory_fold(text) is 'Lower case without accents, for fuzzy name search across spellings (an immutable wrapper, so it can be indexed).';

create table directory_organizations (
  id uuid primary key,
  name text not null,
  alternate_name text,
  description text not null default '',
  email text,
  website text,
  year_incorporated integer,
  legal_status text,
  parent_organization_id uuid references directory_organizations (id) on delete set null,
  lifeline_organisation_id uuid references organisations (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table directory_organizations is 'HSDS organization: a provider of services (an NGO, a clinic, a consulate, a migrant association). Not a Lifeline account: see lifeline_organisation_id.';
comment on column directory_organizations.lifeline_organisation_id is 'Lifeline: the member organisation that maintains this entry (its staff may update it and its shelters'' capacity).';
create index directory_organizations_name_trgm on directory_organizations using gin (directory_fold(name) gin_trgm_ops);

create table directory_locations (
  id uuid primary key,
  organization_id uuid references directory_organizations (id) on delete cascade,
  location_type text not null check (location_type in ('physical', 'postal', 'virtual')),
  url text,
  name text,
  alternate_name text,
  description text,
  transportation text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  external_identifier text,
  external_identifier_type text,
  is_confidential boolean not null default false,
  country char(2),
  admin1_code text,
  admin1_name text,
  admin2_code text,
  admin2_name text,
  updated_at timestamptz not null default now()
);
comment on table directory_locations is 'HSDS location: a place where services are delivered (physical), a postal address, or a virtual location.';
comment on column directory_locations.latitude is 'WGS84. A confidential location''s point is shown to authorised responders only.';
comment on column directory_locations.is_confidential is 'Lifeline: a safe house or other place whose location must stay secret: never on public pages, public search or exports.';
comment on column directory_locations.country is 'Lifeline: ISO 3166-1 alpha-2, for the activity matrix and gap views.';
comment on column directory_locations.admin1_code is 'Lifeline: first-level administrative area (P-code where one exists), for the 3W matrix and gap views.';
comment on column directory_locations.admin1_name is 'Lifeline: name of the first-level administrative area.';
comment on column directory_locations.admin2_code is 'Lifeline: second-level administrative area (P-code where one exists).';
comment on column directory_locations.admin2_name is 'Lifeline: name of the second-level administrative area.';
create index directory_locations_lat_lon on directory_locations (latitude, longitude) where latitude is not null;
create index directory_locations_org on directory_locations (organization_id);

create table directory_services (
  id uuid primary key,
  organization_id uuid not null references directory_organizations (id) on delete cascade,
  name text not null,
  alternate_name text,
  description text,
  url text,
  email text,
  status text not null check (status in ('active', 'inactive', 'defunct', 'temporarily closed')),
  interpretation_services text,
  application_process text,
  fees_description text,
  accreditations text,
  eligibility_description text,
  minimum_age integer,
  maximum_age integer,
  alert text,
  kind text not null default 'other',
  needs text[] not null default '{}',
  language_codes text[] not null default '{}',
  serves_regardless_of_status boolean not null default false,
  safe_without_documents boolean not null default false,
  accepts_referrals boolean not null default false,
  crisis_ids uuid[] not null default '{}',
  beds_total integer check (beds_total >= 0),
  beds_free integer check (beds_free >= 0),
  capacity_updated_at timestamptz,
  last_modified timestamptz not null default now(),
  version integer not null default 1
);
comment on table directory_services is 'HSDS service: what an organization offers (shelter, legal aid, a hotline...), with Lifeline''s additions for migrants.';
comment on column directory_services.status is 'HSDS status: active, inactive, defunct or temporarily closed.';
comment on column directory_services.kind is 'Lifeline: kind of service from the directory code list (shelter, safe_house, hotline, information_centre, legal_aid, medical, consular, transport, cash, psychosocial, food, water, other).';
comment on column directory_services.needs is 'Lifeline: the needs (triage needs code list) this service answers, for matching people to services.';
comment on column directory_services.language_codes is 'Lifeline: ISO 639-1 macro codes of the languages spoken, copied from the service''s HSDS language rows for fast search.';
comment on column directory_services.serves_regardless_of_status is 'Lifeline: the provider states it helps people whatever their immigration status and does not report them.';
comment on column directory_services.safe_without_documents is 'Lifeline: people without identity documents can use it without risk (no document check at the door).';
comment on column directory_services.accepts_referrals is 'Lifeline: the provider accepts referrals sent through Lifeline.';
comment on column directory_services.crisis_ids is 'Lifeline: crises this service is listed for; empty means every crisis.';
comment on column directory_services.beds_total is 'Lifeline: for shelters, the number of beds (HSDS 3.1 service_capacity, unit bed, maximum).';
comment on column directory_services.beds_free is 'Lifeline: for shelters, the beds free at capacity_updated_at (HSDS 3.1 service_capacity, available).';
comment on column directory_services.capacity_updated_at is 'Lifeline: when the shelter last reported its free beds; older than a day is shown as stale.';
comment on column directory_services.version is 'Optimistic concurrency: a change must name the version it read.';
create index directory_services_org on directory_services (organization_id);
create index directory_services_needs on directory_services using gin (needs);
create index directory_services_languages on directory_services using gin (language_codes);
create index directory_services_crises on directory_services using gin (crisis_ids);
create index directory_services_name_trgm on directory_services using gin (directory_fold(name) gin_trgm_ops);

create table directory_service_at_locations (
  id uuid primary key,
  service_id uuid not null references directory_services (id) on delete cascade,
  location_id uuid not null references directory_locations (id) on delete cascade,
  description text
);
comment on table directory_service_at_locations is 'HSDS service_at_location: a service delivered at a location.';
create index directory_sal_service on directory_service_at_locations (service_id);
create index directory_sal_location on directory_service_at_locations (location_id);

create table directory_addresses (
  id uuid primary key,
  location_id uuid references directory_locations (id) on delete cascade,
  attention text,
  address_1 text not null,
  address_2 text,
  city text not null,
  region text,
  state_province text not null,
  postal_code text not null,
  country char(2) not null,
  address_type text not null check (address_type in ('physical', 'postal', 'virtual'))
);
comment on table directory_addresses is 'HSDS address of a location (physical or postal).';
create index directory_addresses_location on directory_addresses (location_id);

create table directory_contacts (
  id uuid primary key,
  organization_id uuid references directory_organizations (id) on delete cascade,
  service_id uuid references directory_services (id) on delete cascade,
  service_at_location_id uuid references directory_service_at_locations (id) on delete cascade,
  location_id uuid references directory_locations (id) on delete cascade,
  name text,
  title text,
  department text,
  email text
);
comment on table directory_contacts is 'HSDS contact: a named staff contact of a provider (professional contact details, not personal data of migrants).';
comment on column directory_contacts.name is 'A staff member''s name, published by the provider for contact.';

create table directory_phones (
  id uuid primary key,
  location_id uuid references directory_locations (id) on delete cascade,
  service_id uuid references directory_services (id) on delete cascade,
  organization_id uuid references directory_organizations (id) on delete cascade,
  contact_id uuid references directory_contacts (id) on delete cascade,
  service_at_location_id uuid references directory_service_at_locations (id) on delete cascade,
  number text not null,
  extension integer,
  type text check (type in ('text', 'voice', 'fax', 'cell', 'video', 'pager', 'textphone')),
  description text
);
comment on table directory_phones is 'HSDS phone of a provider, service, location or staff contact.';
create index directory_phones_service on directory_phones (service_id);

create table directory_schedules (
  id uuid primary key,
  service_id uuid references directory_services (id) on delete cascade,
  location_id uuid references directory_locations (id) on delete cascade,
  service_at_location_id uuid references directory_service_at_locations (id) on delete cascade,
  valid_from date,
  valid_to date,
  dtstart date,
  timezone double precision,
  until date,
  count integer,
  wkst text,
  freq text check (freq in ('WEEKLY', 'MONTHLY')),
  interval integer,
  byday text,
  byweekno text,
  bymonthday text,
  byyearday text,
  description text,
  opens_at text,
  closes_at text,
  schedule_link text,
  attending_type text,
  notes text,
  open_days text[] not null default '{}',
  opens_minute integer,
  closes_minute integer,
  utc_offset_minutes integer not null default 0
);
comment on table directory_schedules is 'HSDS schedule (RFC 5545 rule) of a service, location or service at a location.';
comment on column directory_schedules.open_days is 'Lifeline: weekdays (MO..SU) the weekly rule opens, derived from byday, for the "open now" search.';
comment on column directory_schedules.opens_minute is 'Lifeline: opens_at as minutes after local midnight, derived.';
comment on column directory_schedules.closes_minute is 'Lifeline: closes_at as minutes after local midnight, derived (smaller than opens_minute when it closes after midnight).';
comment on column directory_schedules.utc_offset_minutes is 'Lifeline: the local time offset, from opens_at''s offset or timezone (UTC when neither is given).';
create index directory_schedules_service on directory_schedules (service_id);
create index directory_schedules_sal on directory_schedules (service_at_location_id);
create index directory_schedules_location on directory_schedules (location_id);

create table directory_languages (
  id uuid primary key,
  service_id uuid references directory_services (id) on delete cascade,
  location_id uuid references directory_locations (id) on delete cascade,
  phone_id uuid references directory_phones (id) on delete cascade,
  name text,
  code text,
  note text
);
comment on table directory_languages is 'HSDS language spoken at a service, location or on a phone line (code in ISO 639-1 or 639-3).';
create index directory_languages_service on directory_languages (service_id);

create table directory_service_areas (
  id uuid primary key,
  service_id uuid references directory_services (id) on delete cascade,
  name text,
  description text,
  extent text,
  extent_type text check (extent_type in ('geojson', 'topojson', 'kml', 'text')),
  uri text
);
comment on table directory_service_areas is 'HSDS service area: where a service is offered (a named area or a shape).';
create index directory_service_areas_service on directory_service_areas (service_id);

create table directory_required_documents (
  id uuid primary key,
  service_id uuid references directory_services (id) on delete cascade,
  document text,
  uri text
);
comment on table directory_required_documents is 'HSDS required_document: a document a person must show. None listed means none needed.';

create table directory_accessibility (
  id uuid primary key,
  location_id uuid references directory_locations (id) on delete cascade,
  description text,
  details text,
  url text
);
comment on table directory_accessibility is 'HSDS accessibility of a location (wheelchair access, sign language...).';

create table directory_imports (
  id uuid primary key default gen_random_uuid(),
  format text not null check (format in ('hsds_csv', 'hsds_json')),
  counts jsonb not null,
  imported_by text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null
);
comment on table directory_imports is 'One row per successful directory import: its format, the rows per HSDS table and who ran it. Failed imports change nothing and leave no row.';
