-- The crisis map: located reports (from a triaged SOS, a responder or an imported dataset), the datasets they came
-- from, and evacuation points. PostGIS is not used (PGlite has no build of it): every report carries its Web
-- Mercator cell at zoom 24 as two generated integer columns, and clustering groups by a right shift of them.

create table map_datasets (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 200),
  source text not null default '',
  licence text not null default '',
  profile text not null check (profile in ('hxl', 'missing_migrants')),
  row_count integer not null check (row_count >= 0),
  imported_by uuid references users (id) on delete set null,
  imported_at timestamptz not null default now()
);
comment on table map_datasets is 'Incident datasets imported into a crisis map (CSV or HXL-tagged CSV), all or nothing: one row per successful import, with its source and licence for attribution.';
create index map_datasets_crisis on map_datasets (crisis_id, imported_at desc);

create table reports (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  source text not null check (source in ('sos', 'responder', 'import')),
  source_message_id uuid references messages (id) on delete set null,
  case_id uuid references cases (id) on delete set null,
  dataset_id uuid references map_datasets (id) on delete cascade,
  external_id text,
  idempotency_key text,
  categories text[] not null default '{}',
  description text,
  latitude double precision not null check (latitude between -90 and 90),
  longitude double precision not null check (longitude between -180 and 180),
  precision_m integer check (precision_m >= 0),
  country char(2),
  admin1_code text,
  admin1_name text,
  admin2_code text,
  admin2_name text,
  occurred_at timestamptz not null,
  people_count integer check (people_count >= 0),
  dead_count integer check (dead_count >= 0),
  missing_count integer check (missing_count >= 0),
  verification text not null default 'unverified' check (verification in ('unverified', 'verified', 'false', 'duplicate')),
  verification_method text check (verification_method in ('phone_call', 'field_visit', 'second_source', 'official_source', 'photo_or_video', 'other')),
  verification_note text,
  verified_by uuid references users (id) on delete set null,
  verified_at timestamptz,
  duplicate_of uuid references reports (id) on delete set null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  cell_x integer not null generated always as (
    least(16777215, greatest(0, floor((longitude + 180) / 360 * 16777216)))::integer
  ) stored,
  cell_y integer not null generated always as (
    least(16777215, greatest(0, floor((1 - ln(tan(radians(least(85.0511287, greatest(-85.0511287, latitude))))
      + 1 / cos(radians(least(85.0511287, greatest(-85.0511287, latitude))))) / pi()) / 2 * 16777216)))::integer
  ) stored,
  constraint reports_source_message unique (source_message_id),
  constraint reports_dataset_row unique (dataset_id, external_id),
  constraint reports_idempotency unique (crisis_id, idempotency_key),
  constraint reports_duplicate_needs_original check ((verification = 'duplicate') = (duplicate_of is not null)),
  constraint reports_origin check (
    (source = 'sos' and source_message_id is not null or source <> 'sos')
    and (source = 'import') = (dataset_id is not null)
  )
);
comment on table reports is 'Located reports on the crisis map: from a triaged SOS (source_message_id), a responder, or a row of an imported dataset (dataset_id, external_id). The point is personal data for SOS and responder reports: only authorised responders see it, jittered; the public sees counts of 5 or more per area.';
comment on column reports.organisation_id is 'The organisation that holds the report (the SOS channel''s, the responder''s or the importer''s): scoping filters on it.';
comment on column reports.source_message_id is 'Personal data (link): the SOS message the report was made from; later messages about the same event are linked as duplicate reports.';
comment on column reports.case_id is 'Personal data (link): the case of the person concerned, when one is open.';
comment on column reports.description is 'Personal data: what happened, in the reporter''s words (never on public pages or public exports).';
comment on column reports.latitude is 'Personal data: WGS84 latitude of the event or the person. Never public; jittered for responders on the map; exact only in personal exports.';
comment on column reports.longitude is 'Personal data: WGS84 longitude of the event or the person. Never public; jittered for responders on the map; exact only in personal exports.';
comment on column reports.precision_m is 'How precise the point is, in metres (the sender''s choice for an SOS).';
comment on column reports.admin1_code is 'First-level administrative area (P-code where one exists): the public map coarsens to it.';
comment on column reports.admin2_code is 'Second-level administrative area (P-code where one exists).';
comment on column reports.categories is 'Needs code list (src/features/triage/needs.ts).';
comment on column reports.verification is 'unverified, verified, false or duplicate (duplicate_of names the original).';
comment on column reports.verification_note is 'Personal data possible: how the report was checked, in the verifier''s words.';
comment on column reports.verified_by is 'The responder who last set the verification status.';
comment on column reports.created_by is 'The responder who created the report (null for SOS and imports run by the system).';
comment on column reports.cell_x is 'Web Mercator x at zoom 24 (0 to 2^24-1), generated from longitude: clustering at zoom z groups by cell_x >> (22 - z).';
comment on column reports.cell_y is 'Web Mercator y at zoom 24 (0 to 2^24-1), generated from latitude.';
-- Clustering reads a box: one index descent per column of 2^14 zoom-24 cells (about 0.35 degree), then a range of
-- cell_y, and every column the query needs is in the index, so it never visits the table (an index-only scan).
create index reports_map_grid on reports (crisis_id, (cell_x >> 14), cell_y)
  include (cell_x, latitude, longitude, organisation_id, source, verification, occurred_at, categories);
create index reports_crisis_occurred on reports (crisis_id, occurred_at);
create index reports_dataset on reports (dataset_id) where dataset_id is not null;

create table evacuation_points (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('assembly_point', 'border_crossing', 'port', 'airport', 'bus_station', 'other')),
  latitude double precision not null check (latitude between -90 and 90),
  longitude double precision not null check (longitude between -180 and 180),
  country char(2),
  admin1_name text,
  status text not null default 'open' check (status in ('planned', 'open', 'closed')),
  is_public boolean not null default false,
  notes text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table evacuation_points is 'Evacuation points of a crisis (assembly points, border crossings, ports). Shown on the public map only when is_public and open: a coordinator decides, because announcing a gathering place can put people at risk.';
comment on column evacuation_points.is_public is 'Published on the public map and page (false by default).';
create index evacuation_points_crisis on evacuation_points (crisis_id);
