create table crises (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80),
  name text not null check (char_length(name) between 3 and 200),
  type text not null check (type in (
    'conflict', 'civil_unrest', 'earthquake', 'tsunami', 'flood', 'storm', 'drought', 'wildfire',
    'volcanic_eruption', 'landslide', 'epidemic', 'industrial_accident', 'other')),
  status text not null check (status in ('current', 'ongoing', 'past')),
  affected_countries text[] not null check (cardinality(affected_countries) between 1 and 60),
  start_date date not null,
  end_date date,
  description text not null default '' check (char_length(description) <= 5000),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint crises_dates_in_order check (end_date is null or end_date >= start_date)
);

create index crises_status_idx on crises (status, start_date desc);

comment on table crises is 'A crisis (conflict, unrest or natural disaster) that Lifeline responds to. Every later record belongs to one; crisis_id is the distribution key of large tables.';
comment on column crises.slug is 'Short stable name used in public page addresses, e.g. /c/khartoum-2026/sos.';
comment on column crises.type is 'Crisis type from the crisis-types code list (GMG stocktaking: natural or man-made).';
comment on column crises.status is 'GMG matrix status: current (new), ongoing (protracted) or past (recovery completed).';
comment on column crises.affected_countries is 'ISO 3166-1 alpha-2 codes of the countries affected, upper case.';
comment on column crises.version is 'Optimistic concurrency counter, incremented on every update.';
