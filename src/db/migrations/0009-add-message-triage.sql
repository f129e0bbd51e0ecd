-- The machine's first pass on each inbound message: needs (from the needs code list), urgency and why.
alter table messages add column needs text[] not null default '{}';
alter table messages add column urgency text check (urgency in ('high', 'medium', 'low'));
alter table messages add column urgency_reasons text[] not null default '{}';
alter table messages add column triage_model text;
create index messages_triage_queue_idx on messages (crisis_id, urgency, received_at) where direction = 'in';
comment on column messages.needs is 'Needs found by triage (codes from the needs code list), corrected by people later.';
comment on column messages.urgency is 'high, medium or low, from the needs and cues found.';
comment on column messages.urgency_reasons is 'Why the urgency, in plain words (trapped people, injuries, children).';
comment on column messages.triage_model is 'Which model produced needs and urgency (lexicon version, or a trained model id).';
