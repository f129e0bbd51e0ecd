-- The durable job queue, in the same database as the records that cause jobs, so that a job is
-- committed in the same transaction as its message. Workers claim jobs with FOR UPDATE SKIP LOCKED.
create table jobs (
  id bigint generated always as identity primary key,
  queue text not null check (queue ~ '^[a-z][a-z0-9_.-]*$'),
  crisis_id uuid,
  payload jsonb not null default '{}',
  dedupe_key text unique,
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 10 check (max_attempts between 1 and 100),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  failed_at timestamptz,
  created_at timestamptz not null default now()
);
create index jobs_ready_idx on jobs (run_at) where failed_at is null;
comment on table jobs is 'Durable job queue (triage, replies, dispatch, matching). Done jobs are deleted; jobs that failed max_attempts times keep failed_at for an operator to look at.';
comment on column jobs.payload is 'Ids and small parameters only: never personal data (names, phone numbers, message text).';
comment on column jobs.dedupe_key is 'Optional: a second job with the same key is not created.';
comment on column jobs.last_error is 'The last error message, without personal data.';
