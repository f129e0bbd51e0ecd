-- Household and group members of a case: families and groups travel together, so one case may hold several people,
-- each with their own identity record (or none) and their relationship to the person the case is about.
create table case_members (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  person_id uuid references people (id) on delete set null,
  relationship text not null check (relationship in ('spouse', 'child', 'parent', 'sibling', 'other_relative', 'travel_companion')),
  age_group text check (age_group in ('infant', 'child', 'adolescent', 'adult', 'older_person')),
  vulnerabilities jsonb not null default '[]',
  created_at timestamptz not null default now()
);
comment on table case_members is 'Household or group members on a case, with their relationship and age group; identity (if any) only in the identity store.';
comment on column case_members.vulnerabilities is 'Vulnerability factors of this member with their severity, from the same code list as the case.';
create index case_members_case_idx on case_members (case_id);
