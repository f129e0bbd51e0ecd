-- Family tracing: tracing records ("looking for", "I am safe", missing and deceased migrants), their PFIF status
-- notes, the blocking keys the matcher looks candidates up by, the candidate pairs a tracing volunteer reviews, the
-- labels those decisions leave for the model, and the notifications a confirmation allows. Names and the author's
-- contact stay in the identity store (people); the phone number is never published, contact goes through Lifeline.

create table tracing_records (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  organisation_id uuid not null references organisations (id),
  record_id text not null unique check (record_id ~ '^[A-Za-z0-9.-]+/.+$'),
  kind text not null check (kind in ('looking_for', 'i_am_safe', 'missing_migrant', 'deceased_migrant')),
  person_id uuid references people (id) on delete set null,
  author_person_id uuid references people (id) on delete set null,
  purpose text not null default 'family_tracing' references processing_purposes (code),
  legal_basis text not null references legal_bases (code),
  sensitivity text not null references sensitivity_levels (code),
  sex text check (sex in ('female', 'male', 'other')),
  date_of_birth text check (date_of_birth ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  age text check (age ~ '^[0-9]{1,3}(-[0-9]{1,3})?$'),
  home_city text,
  home_state text,
  home_country text check (home_country ~ '^[A-Z]{2}$'),
  region_of_origin text,
  last_known_location text,
  description text,
  photo_url text,
  has_photo_consent boolean not null default false,
  incident_date date,
  incident_place text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  cause_of_death text check (cause_of_death in ('drowning', 'vehicle_accident', 'violence', 'harsh_conditions', 'sickness', 'accidental', 'mixed_or_unknown')),
  incident_dead integer check (incident_dead >= 0),
  incident_missing integer check (incident_missing >= 0),
  incident_survivors integer check (incident_survivors >= 0),
  migration_route text,
  information_source text,
  source_quality smallint check (source_quality between 1 and 5),
  remains_status text check (remains_status in ('not_recovered', 'recovered', 'identified', 'repatriated', 'buried_locally')),
  source_name text,
  source_url text,
  source_date timestamptz not null default now(),
  entry_date timestamptz not null default clock_timestamp(),
  expiry_date timestamptz not null,
  expired_at timestamptz,
  created_by uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (photo_url is null or has_photo_consent),
  check (kind in ('missing_migrant', 'deceased_migrant') or (cause_of_death is null and remains_status is null))
);
comment on table tracing_records is 'Tracing records of a crisis (PFIF person records): a relative''s or caseworker''s "looking for" request, an "I am safe" record, or a missing or deceased migrant with the facts the Missing Migrants Project collects. Names live in the identity store (person_id); each row carries purpose, legal basis and its PFIF expiry date, after which it becomes a placeholder.';
comment on column tracing_records.record_id is 'PFIF person_record_id (domain/local-id); the domain names the home repository.';
comment on column tracing_records.kind is 'looking_for (tracing request), i_am_safe (self-report), missing_migrant or deceased_migrant.';
comment on column tracing_records.person_id is 'The person the record is about (identity store: names, alternate names, nationality). other_names[0] is the PFIF full_name.';
comment on column tracing_records.author_person_id is 'Personal data: the author (a searching relative) in the identity store, with the phone Lifeline contacts them on; never published or exported.';
comment on column tracing_records.purpose is 'Processing purpose of this personal record (registry); family_tracing.';
comment on column tracing_records.legal_basis is 'Legal basis for processing this record (registry).';
comment on column tracing_records.sex is 'Personal data: PFIF sex (female, male, other), optional.';
comment on column tracing_records.date_of_birth is 'Personal data: PFIF date of birth (YYYY, YYYY-MM or YYYY-MM-DD), optional.';
comment on column tracing_records.age is 'Personal data: PFIF age as of source_date, an integer or a range such as 30-40.';
comment on column tracing_records.home_city is 'Personal data: home town or city.';
comment on column tracing_records.home_state is 'Personal data: home state or province.';
comment on column tracing_records.home_country is 'Personal data: home country (ISO 3166-1 alpha-2), optional.';
comment on column tracing_records.region_of_origin is 'Personal data: region of origin (Missing Migrants Project), optional.';
comment on column tracing_records.last_known_location is 'Personal data: where the person was last seen or is now; shown only to tracing volunteers.';
comment on column tracing_records.description is 'Personal data: free description (PFIF description).';
comment on column tracing_records.photo_url is 'Personal data: a reference to a photo, kept only when has_photo_consent is true.';
comment on column tracing_records.has_photo_consent is 'The person (or their guardian) agreed that a photo is kept for tracing.';
comment on column tracing_records.incident_date is 'Personal data: date of death or disappearance (Missing Migrants Project: Incident Date).';
comment on column tracing_records.incident_place is 'Personal data: place of the incident (Location of Incident).';
comment on column tracing_records.latitude is 'Personal data: incident coordinates, latitude.';
comment on column tracing_records.longitude is 'Personal data: incident coordinates, longitude.';
comment on column tracing_records.cause_of_death is 'Cause of death in the Missing Migrants Project categories.';
comment on column tracing_records.incident_dead is 'Number of dead in the same incident (Number of Dead).';
comment on column tracing_records.incident_missing is 'Number of missing in the same incident (Minimum Estimated Number of Missing).';
comment on column tracing_records.incident_survivors is 'Number of survivors in the same incident.';
comment on column tracing_records.information_source is 'Where the information came from (Information Source); may name people: personal data.';
comment on column tracing_records.source_quality is 'Reliability of the source, 1 to 5 (Source Quality).';
comment on column tracing_records.remains_status is 'Return of remains: not_recovered, recovered, identified, repatriated or buried_locally.';
comment on column tracing_records.source_name is 'PFIF source_name: the original source of the record.';
comment on column tracing_records.source_date is 'PFIF source_date: when the original source wrote the record.';
comment on column tracing_records.entry_date is 'PFIF entry_date: when this repository stored the record; increases monotonically for incremental feeds.';
comment on column tracing_records.expiry_date is 'PFIF expiry_date: at this time the retention job replaces the record by a placeholder and removes its notes.';
comment on column tracing_records.expired_at is 'Set when the record became a placeholder (personal fields and names removed).';
create index tracing_records_crisis_idx on tracing_records (crisis_id, organisation_id, entry_date);
create index tracing_records_expiry_idx on tracing_records (expiry_date) where expired_at is null;

create table tracing_notes (
  id uuid primary key default gen_random_uuid(),
  tracing_record_id uuid not null references tracing_records (id) on delete cascade,
  crisis_id uuid not null references crises (id),
  note_record_id text not null unique check (note_record_id ~ '^[A-Za-z0-9.-]+/.+$'),
  linked_record_id text,
  status text check (status in ('information_sought', 'is_note_author', 'believed_alive', 'believed_missing', 'believed_dead')),
  author_name text not null,
  author_made_contact boolean,
  last_known_location text,
  text text,
  photo_url text,
  source_date timestamptz not null default now(),
  entry_date timestamptz not null default clock_timestamp(),
  created_by uuid references users (id) on delete set null,
  check (status is distinct from 'is_note_author' or author_made_contact)
);
comment on table tracing_notes is 'PFIF notes on a tracing record: status (information sought, is note author, believed alive, missing or dead), what the author knows. Author contact details are never stored here.';
comment on column tracing_notes.author_name is 'Personal data: the name of the note''s author.';
comment on column tracing_notes.last_known_location is 'Personal data: where the author says the person is or was.';
comment on column tracing_notes.text is 'Personal data: the note''s text.';
comment on column tracing_notes.photo_url is 'Personal data: a photo reference attached to the note.';
comment on column tracing_notes.linked_record_id is 'PFIF linked_person_record_id: the author asserts both records are the same person.';
create index tracing_notes_record_idx on tracing_notes (tracing_record_id, entry_date);

create table tracing_blocking_keys (
  crisis_id uuid not null,
  key text not null,
  tracing_record_id uuid not null references tracing_records (id) on delete cascade,
  primary key (crisis_id, key, tracing_record_id)
);
comment on table tracing_blocking_keys is 'Blocking keys of each tracing record (phonetic and transliterated name keys from the matcher): a new record finds its candidates by looking up its own keys. Derived from names: removed with the record.';
comment on column tracing_blocking_keys.key is 'Personal data (derived): a normalised key computed from a name.';
create index tracing_blocking_keys_record_idx on tracing_blocking_keys (tracing_record_id);

create table tracing_candidates (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  organisation_id uuid not null references organisations (id),
  record_a_id uuid not null references tracing_records (id) on delete cascade,
  record_b_id uuid not null references tracing_records (id) on delete cascade,
  score double precision not null,
  probability double precision not null check (probability between 0 and 1),
  fields jsonb not null,
  model_version text not null,
  status text not null default 'pending' check (status in ('pending', 'claimed', 'confirmed', 'rejected')),
  claimed_by uuid references users (id) on delete set null,
  claimed_at timestamptz,
  decided_by uuid references users (id) on delete set null,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz not null default now(),
  check (record_a_id < record_b_id),
  unique (record_a_id, record_b_id)
);
comment on table tracing_candidates is 'Pairs of tracing records the matcher scored above the threshold, with the explanation (which fields agreed, which disagreed), awaiting a tracing volunteer''s claim and decision. Nothing of a pair reaches a searcher before a human confirms it.';
comment on column tracing_candidates.fields is 'The explanation: [{field, outcome, weight, detail}] from the matcher; detail may quote names (personal data).';
comment on column tracing_candidates.decision_note is 'Personal data: why the volunteer confirmed or rejected the pair.';
create index tracing_candidates_queue_idx on tracing_candidates (crisis_id, organisation_id, status, probability desc);
create index tracing_candidates_b_idx on tracing_candidates (record_b_id);

create table tracing_labels (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id) on delete cascade,
  candidate_id uuid references tracing_candidates (id) on delete set null,
  is_match boolean not null,
  outcomes jsonb not null,
  created_at timestamptz not null default now()
);
comment on table tracing_labels is 'What reviewers decided, reduced to the per-field outcomes ({"name":"close","birthYear":"disagree"}) with no names or values, so that labels outlive the records and retrain the model.';

create table tracing_models (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id) on delete cascade,
  model jsonb not null,
  label_count integer not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table tracing_models is 'Matching models retrained from the labels of a crisis (the newest one scores new records); no personal data.';
create index tracing_models_crisis_idx on tracing_models (crisis_id, created_at desc);

create table tracing_notifications (
  id uuid primary key default gen_random_uuid(),
  candidate_id uuid not null references tracing_candidates (id) on delete cascade,
  tracing_record_id uuid not null references tracing_records (id) on delete cascade,
  status text not null check (status in ('to_contact', 'withheld')),
  reason text not null,
  created_at timestamptz not null default now(),
  contacted_at timestamptz
);
comment on table tracing_notifications is 'After a confirmed match, one row per side: to_contact when that side''s consent allows Lifeline to tell them (a caseworker contacts them through Lifeline), withheld otherwise. Holds no contact details.';
