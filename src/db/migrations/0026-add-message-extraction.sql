-- Facts the triage job reads from each inbound message: places matched to the GeoNames gazetteer, counts of people,
-- nationalities, and phone numbers of third parties. People confirm or correct them in the triage queue.
alter table messages add column extracted_places jsonb not null default '[]';
alter table messages add column people_counts jsonb;
alter table messages add column nationalities text[] not null default '{}';
alter table messages add column third_party_phones text[] not null default '{}';
alter table messages add column place_country text check (place_country ~ '^[A-Z]{2}$');
alter table messages add column place_admin1 text;
alter table triage_labels add column corrections jsonb not null default '{}';
create index messages_place_area_idx on messages (crisis_id, place_country, place_admin1) where direction = 'in';
comment on column messages.extracted_places is 'Personal data (where a person is): places named in the text, matched to GeoNames, most confident first: [{name, matched, geonameId, country, admin1, lat, lon, confidence, evidence, source}]. Purged with the text.';
comment on column messages.people_counts is 'People the sender speaks for, read from the text: {total, children, women, injured, dead, evidence}. Purged with the text.';
comment on column messages.nationalities is 'Personal data (special category for some people): nationalities named in the text, ISO 3166-1 alpha-2. Never used to route to a consulate without consent. Purged with the text.';
comment on column messages.third_party_phones is 'Personal data of third parties: phone numbers written in the text (E.164). Shown only to roles with personal:read; purged with the text.';
comment on column messages.place_country is 'Country of the most confident place (ISO alpha-2): coarse, kept after the text is purged, for aggregates.';
comment on column messages.place_admin1 is 'GeoNames first-level administrative area of the most confident place: coarse, kept after the text is purged, for aggregates.';
comment on column triage_labels.corrections is 'Fields other than needs and urgency that the person corrected (language, place, people counts, nationalities).';
