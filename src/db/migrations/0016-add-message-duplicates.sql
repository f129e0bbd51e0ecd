-- Duplicate SOS messages: the same event reported by several senders (or the same sender twice) is merged into one
-- message, so that responders work it once. Nothing is deleted: the duplicate keeps its text and points at the
-- message it was merged into.
alter table messages add column duplicate_of uuid references messages (id) on delete set null;
alter table messages add column merged_at timestamptz;
alter table messages add column merged_by uuid references users (id) on delete set null;
comment on column messages.duplicate_of is 'The message this one was merged into (the same event); it leaves the triage queue and its needs join the other''s.';
comment on column messages.merged_by is 'Who merged it (a person decides; the machine only suggests candidates).';
create index messages_duplicate_of_idx on messages (duplicate_of) where duplicate_of is not null;
