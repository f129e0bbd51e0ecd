-- The language triage detected for each inbound message, with its script and how sure it was.
alter table messages add column language text;
alter table messages add column language_script text;
alter table messages add column language_confidence real;
comment on column messages.language is 'Language detected by triage (macro ISO 639 code such as ar, am, ti), or und.';
comment on column messages.language_script is 'ISO 15924 script of the text (Arab, Ethi, Latn, ...).';
comment on column messages.language_confidence is 'How far ahead of the runner-up the detected language was, 0 to 1.';
