-- Needs models trained from the deployment's own triage decisions (and imported labelled CSVs).
create table triage_models (
  id uuid primary key default gen_random_uuid(),
  trained_at timestamptz not null default now(),
  labels text[] not null,
  examples integer not null,
  weights bytea not null,
  metrics jsonb not null default '{}',
  trained_by text not null
);
create index triage_models_recent_idx on triage_models (trained_at desc);
comment on table triage_models is 'Linear needs models trained by `lifeline triage train` from triage_labels and imported labelled CSVs; the newest is used by the triage job beside the shipped lexicon. Holds weights only, no text.';
