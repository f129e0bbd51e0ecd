-- The human triage queue: who holds a message now, and every human correction kept as a training label.
alter table messages add column claimed_by uuid references users (id) on delete set null;
alter table messages add column claimed_until timestamptz;
alter table messages add column reviewed_at timestamptz;
alter table messages add column reviewed_by uuid references users (id) on delete set null;
comment on column messages.claimed_by is 'The operator working on this message in the triage queue (one at a time).';
comment on column messages.claimed_until is 'The claim lapses at this time unless renewed, so a message is never stuck with someone who left.';
comment on column messages.reviewed_at is 'When a person accepted or corrected the machine''s triage.';

create table triage_labels (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  message_id uuid not null references messages (id) on delete cascade,
  needs text[] not null,
  urgency text not null check (urgency in ('high', 'medium', 'low')),
  machine_needs text[] not null,
  machine_urgency text,
  labelled_by uuid references users (id) on delete set null,
  labelled_at timestamptz not null default now()
);
create index triage_labels_crisis_idx on triage_labels (crisis_id, labelled_at);
comment on table triage_labels is 'Human triage decisions (accepted or corrected), kept beside what the machine said: the training data of the deployment''s own model. Holds no message text; joins to messages while the text is kept.';
