-- Labelled texts a deployment imports for training (lifeline triage train --csv), kept so that the scheduled
-- retraining learns from them as well as from the people's triage decisions. They may hold personal data: a
-- retention policy purges them a year after import.
insert into retention_policies (code, record_kind, keep_days, after_event, action, description) values
  ('triage_examples_365d', 'triage_example', 365, 'created', 'purge', 'Labelled training texts imported by the deployment are removed a year after import.');

create table triage_examples (
  id uuid primary key default gen_random_uuid(),
  text_hash text not null unique,
  text text not null,
  needs text[] not null,
  urgency text check (urgency in ('high', 'medium', 'low')),
  source text not null,
  imported_at timestamptz not null default now(),
  retention_until date not null
);
comment on table triage_examples is 'Labelled texts imported for training the needs model (lifeline triage train --csv). May contain personal data: purged at retention_until (policy triage_examples_365d).';
comment on column triage_examples.text_hash is 'SHA-256 of the normalised text: the same text imported twice is kept once (the newer labels win).';
comment on column triage_examples.text is 'The example text as imported; personal data possible, never logged.';
comment on column triage_examples.source is 'Where it came from (the CSV file name), for the data protection officer.';
