-- The translation queue: a message in a language nobody on shift reads waits for a volunteer translator who reads
-- it; the translation is kept beside the original (and purged with it), and triage runs again on it.
alter table users add column reads_languages text[] not null default '{}';
comment on column users.reads_languages is 'Languages (ISO 639-1 macro codes) this responder can read: who is offered which messages to translate, and which languages the people on shift cover.';

alter table messages add column translation_requested_at timestamptz;
alter table messages add column translation text;
alter table messages add column translation_language text;
alter table messages add column translated_by uuid references users (id) on delete set null;
alter table messages add column translated_at timestamptz;
comment on column messages.translation_requested_at is 'Set by triage when nobody on shift reads the message''s language: the message is in the translation queue until translated.';
comment on column messages.translation is 'A volunteer''s translation of the text: personal data like the text itself, purged with it.';
comment on column messages.translation_language is 'The language of the translation (ISO 639-1).';
comment on column messages.translated_by is 'The translator (one translation per message: the first one stored wins).';
create index messages_translation_queue_idx on messages (crisis_id, translation_requested_at) where translation_requested_at is not null and translated_at is null;
