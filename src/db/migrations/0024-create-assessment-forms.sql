-- Assessment forms configured per crisis, as data with versions: coordinators add fields and their code lists
-- without a code change. A case stores its answers with the form version they were given under.
create table assessment_forms (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  version integer not null,
  fields jsonb not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (crisis_id, version)
);
comment on table assessment_forms is 'The assessment form of a crisis, one row per version (never changed once saved): the fields, their types, code lists and labels.';
comment on column assessment_forms.fields is 'An array of {key, type, required, labels, codes?}: see src/features/cases/forms.ts.';

alter table cases add column assessment jsonb not null default '{}';
alter table cases add column assessment_form_version integer;
comment on column cases.assessment is 'Answers to the crisis''s assessment form (the version in assessment_form_version): personal data about the person''s situation.';
comment on column cases.assessment_form_version is 'The form version the answers were checked against.';
