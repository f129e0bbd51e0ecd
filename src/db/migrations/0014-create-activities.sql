-- The "who does what where" (3W) matrix of a crisis, after the GMG stocktaking of crisis-related migration (seed 004),
-- and the needs reported per area, so that gaps (a need in an area that nobody covers) can be shown.
-- Aggregate figures only: no personal data in either table.

create table activities (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  reported_by uuid references organisations (id) on delete set null,
  organisation_name text not null,
  organisation_acronym text,
  organisation_type text,
  category text not null,
  name text not null,
  needs text[] not null default '{}',
  status text not null check (status in ('planned', 'active', 'completed', 'cancelled')),
  crisis_status text not null check (crisis_status in ('current', 'ongoing', 'past')),
  country char(2) not null,
  admin1_code text,
  admin1_name text,
  admin2_code text,
  admin2_name text,
  start_date date,
  end_date date check (end_date is null or start_date is null or end_date >= start_date),
  targeted integer check (targeted >= 0),
  reached integer check (reached >= 0),
  reached_women integer check (reached_women >= 0),
  reached_men integer check (reached_men >= 0),
  reached_girls integer check (reached_girls >= 0),
  reached_boys integer check (reached_boys >= 0),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table activities is 'One line of the 3W / activity matrix: who (organisation) does what (GMG category, needs answered) where (country, admin areas) and when, with the people targeted and reached. Aggregates only.';
comment on column activities.reported_by is 'The Lifeline member organisation that reported the line (it and the crisis coordinators may change it).';
comment on column activities.organisation_name is 'Who does it: the implementing organisation as reported (it need not be a Lifeline member).';
comment on column activities.category is 'GMG stocktaking category code (src/features/activities/gmg-categories.ts); its phase follows from it.';
comment on column activities.needs is 'Needs (triage needs code list) this activity answers: what the gap view matches against reported needs.';
comment on column activities.crisis_status is 'How the crisis stood: current (new), ongoing (protracted) or past, as in the GMG matrix.';
comment on column activities.reached_women is 'People reached: women (adult, female). Small counts are suppressed in exports.';
comment on column activities.reached_men is 'People reached: men (adult, male).';
comment on column activities.reached_girls is 'People reached: girls (under 18, female).';
comment on column activities.reached_boys is 'People reached: boys (under 18, male).';
create index activities_crisis_idx on activities (crisis_id, category);
create index activities_area_idx on activities (crisis_id, country, admin1_code);

create table area_needs (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  country char(2) not null,
  admin1_code text,
  admin1_name text,
  need text not null,
  people_in_need integer check (people_in_need >= 0),
  source text not null,
  reported_at date not null,
  reported_by uuid references organisations (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table area_needs is 'A need reported for an area of a crisis (from an assessment, a coordination meeting, or counted SOS messages), with the people in need: the demand side of the gap view.';
comment on column area_needs.source is 'Where the figure comes from (assessment name, meeting, "SOS messages"), shown beside it.';
create index area_needs_crisis_idx on area_needs (crisis_id, need);
