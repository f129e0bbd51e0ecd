-- Cases: the needs store, kept apart from the identity store (people) and linked to it by a random id. A case
-- opens from a triaged SOS, a hotline call or a walk-in; it carries needs and vulnerabilities (each with a
-- severity), a computed priority that explains itself, a plan of tasks with due dates, and notes.

create table cases (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  organisation_id uuid not null references organisations (id),
  reference text not null unique,
  person_id uuid references people (id) on delete set null,
  opened_from text not null check (opened_from in ('sos', 'hotline', 'walk_in', 'referral', 'transfer')),
  source_message_id uuid references messages (id) on delete set null,
  status text not null default 'open' check (status in ('open', 'active', 'referred', 'on_hold', 'closed')),
  outcome text,
  needs text[] not null default '{}',
  vulnerabilities jsonb not null default '[]',
  risk_level text not null default 'medium' check (risk_level in ('low', 'medium', 'high', 'critical')),
  priority integer not null default 0 check (priority between 0 and 100),
  priority_reasons text[] not null default '{}',
  assigned_to uuid references users (id) on delete set null,
  next_follow_up date,
  purpose text not null default 'case_management' references processing_purposes (code),
  legal_basis text not null references legal_bases (code),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  check ((status = 'closed') = (closed_at is not null))
);
comment on table cases is 'A person''s case: needs and vulnerabilities, priority with its reasons, assignment, follow-up and status. No identity here: person_id points into the identity store (people).';
comment on column cases.reference is 'The case reference responders and the person use (such as SD-C-7K4QX); carries no personal data.';
comment on column cases.person_id is 'The identity record, if the person gave one (a case may stay anonymous).';
comment on column cases.vulnerabilities is 'Vulnerability factors from the code list with their severity (1 to 3): [{"code":"unaccompanied_child","severity":3}].';
comment on column cases.priority is 'Computed from needs, vulnerabilities, the SOS urgency and the risk level (0 to 100); priority_reasons says how.';
comment on column cases.outcome is 'Why the case closed (help given, referred and completed, moved on, returned home, no contact...).';
comment on column cases.purpose is 'Processing purpose of this personal record (registry); case_management unless stated.';
comment on column cases.legal_basis is 'Legal basis for processing this record (registry).';
create index cases_crisis_idx on cases (crisis_id, organisation_id, status, priority desc);
create index cases_assigned_idx on cases (assigned_to) where status <> 'closed';

create table case_tasks (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  title text not null,
  due_date date,
  assigned_to uuid references users (id) on delete set null,
  done_at timestamptz,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table case_tasks is 'The case plan: tasks with due dates and an assignee; overdue when the due date has passed and it is not done.';
create index case_tasks_case_idx on case_tasks (case_id);

create table case_notes (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  text text not null,
  created_at timestamptz not null default now()
);
comment on table case_notes is 'Caseworkers'' notes on a case. Personal data: read only by those who may read the case, each read audited.';
comment on column case_notes.text is 'Free text about the person''s situation: personal data, never logged.';
create index case_notes_case_idx on case_notes (case_id, created_at);

alter table messages add column case_id uuid references cases (id) on delete set null;
comment on column messages.case_id is 'The case this message belongs to, once someone escalated it (or its conversation) to a case.';
