-- The personal data registry (purposes, legal bases, sensitivity, retention) as data; the identity
-- store of the people Lifeline helps; consent; data-sharing agreements; authority requests; data
-- subject requests; retention runs.

create table processing_purposes (
  code text primary key check (code ~ '^[a-z_]+$'),
  labels jsonb not null,
  description text not null,
  default_sensitivity text not null,
  retention_policy text not null
);
comment on table processing_purposes is 'Registered purposes for processing personal data (ICRC Handbook ch. 2; IASC "defined and legitimate purpose"). Every personal record names one.';

create table legal_bases (
  code text primary key,
  labels jsonb not null,
  description text not null
);
comment on table legal_bases is 'Legal bases for processing (ICRC Handbook ch. 3). Consent is one of six, not the only one.';

create table sensitivity_levels (
  code text primary key,
  rank integer not null unique,
  labels jsonb not null
);
comment on table sensitivity_levels is 'Information Sharing Protocol classification, lowest to highest rank.';

create table retention_policies (
  code text primary key check (code ~ '^[a-z0-9_]+$'),
  record_kind text not null,
  keep_days integer not null check (keep_days between 1 and 36500),
  after_event text not null check (after_event in ('created', 'last_activity', 'triage_completed', 'case_closed')),
  action text not null check (action in ('purge', 'anonymise')),
  description text not null
);
comment on table retention_policies is 'How long each kind of personal record is kept, counted from which event, and what happens then.';

insert into legal_bases (code, labels, description) values
  ('vital_interest', '{"en":"Vital interest","fr":"Intérêt vital","ar":"المصلحة الحيوية","es":"Interés vital"}', 'Needed to protect the life, integrity, health or dignity of the person or another person.'),
  ('public_interest', '{"en":"Public interest","fr":"Intérêt public","ar":"المصلحة العامة","es":"Interés público"}', 'A task in the public interest under an organisation''s mandate.'),
  ('consent', '{"en":"Consent","fr":"Consentement","ar":"الموافقة","es":"Consentimiento"}', 'The person agreed, freely and informed, for this purpose.'),
  ('legitimate_interest', '{"en":"Legitimate interest","fr":"Intérêt légitime","ar":"مصلحة مشروعة","es":"Interés legítimo"}', 'A legitimate interest of the organisation that does not override the person''s rights.'),
  ('contract', '{"en":"Performance of a contract","fr":"Exécution d''un contrat","ar":"تنفيذ عقد","es":"Ejecución de un contrato"}', 'Needed to perform a contract with the person.'),
  ('legal_obligation', '{"en":"Legal obligation","fr":"Obligation légale","ar":"التزام قانوني","es":"Obligación legal"}', 'Needed to comply with a legal obligation (never immigration enforcement).');

insert into sensitivity_levels (code, rank, labels) values
  ('public', 1, '{"en":"Public","fr":"Public","ar":"عام","es":"Público"}'),
  ('restricted', 2, '{"en":"Restricted","fr":"Restreint","ar":"مقيد","es":"Restringido"}'),
  ('confidential', 3, '{"en":"Confidential","fr":"Confidentiel","ar":"سري","es":"Confidencial"}'),
  ('strictly_confidential', 4, '{"en":"Strictly confidential","fr":"Strictement confidentiel","ar":"سري للغاية","es":"Estrictamente confidencial"}');

insert into retention_policies (code, record_kind, keep_days, after_event, action, description) values
  ('sos_text_90d', 'sos_message', 90, 'triage_completed', 'purge', 'Raw SOS message text is purged 90 days after triage; the triaged, pseudonymised record stays.'),
  ('person_emergency_365d', 'person', 365, 'last_activity', 'anonymise', 'Identity data collected for emergency help is anonymised a year after the last activity.'),
  ('case_closed_730d', 'case', 730, 'case_closed', 'anonymise', 'Closed cases are anonymised two years after closure.'),
  ('tracing_pfif_expiry', 'tracing_record', 365, 'created', 'purge', 'Tracing records are removed at their PFIF expiry date, at most a year after creation unless extended.'),
  ('consular_registration_730d', 'person', 730, 'last_activity', 'anonymise', 'Consular registrations are anonymised two years after the last activity.');

insert into processing_purposes (code, labels, description, default_sensitivity, retention_policy) values
  ('emergency_assistance', '{"en":"Emergency assistance","fr":"Assistance d''urgence","ar":"المساعدة الطارئة","es":"Asistencia de emergencia"}', 'Answering an SOS and getting the person life-saving help.', 'confidential', 'person_emergency_365d'),
  ('case_management', '{"en":"Case management","fr":"Gestion de cas","ar":"إدارة الحالات","es":"Gestión de casos"}', 'Assessing needs and following a person''s case.', 'confidential', 'person_emergency_365d'),
  ('referral', '{"en":"Referral to a service","fr":"Orientation vers un service","ar":"الإحالة إلى خدمة","es":"Derivación a un servicio"}', 'Sending the minimum needed to a service that will help.', 'confidential', 'person_emergency_365d'),
  ('family_tracing', '{"en":"Family tracing","fr":"Rétablissement des liens familiaux","ar":"البحث عن الأسر","es":"Búsqueda de familiares"}', 'Finding missing relatives and reuniting families.', 'confidential', 'tracing_pfif_expiry'),
  ('consular_assistance', '{"en":"Consular assistance","fr":"Assistance consulaire","ar":"المساعدة القنصلية","es":"Asistencia consular"}', 'Help from the person''s consulate, only if the person asks for it.', 'strictly_confidential', 'consular_registration_730d'),
  ('evacuation', '{"en":"Evacuation","fr":"Évacuation","ar":"الإجلاء","es":"Evacuación"}', 'Getting the person onto an evacuation and through transit.', 'confidential', 'person_emergency_365d'),
  ('return_reintegration', '{"en":"Return and reintegration","fr":"Retour et réintégration","ar":"العودة وإعادة الإدماج","es":"Retorno y reintegración"}', 'Following the person home and supporting reintegration.', 'confidential', 'case_closed_730d'),
  ('monitoring_aggregates', '{"en":"Monitoring (aggregates only)","fr":"Suivi (agrégats seulement)","ar":"الرصد (بيانات مجمعة فقط)","es":"Seguimiento (solo agregados)"}', 'Counting and reporting without identifying anyone.', 'restricted', 'person_emergency_365d');

alter table processing_purposes add constraint processing_purposes_sensitivity_fk foreign key (default_sensitivity) references sensitivity_levels (code);
alter table processing_purposes add constraint processing_purposes_retention_fk foreign key (retention_policy) references retention_policies (code);

create table people (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  controller_organisation_id uuid not null references organisations (id),
  purpose text not null references processing_purposes (code),
  legal_basis text not null references legal_bases (code),
  sensitivity text not null references sensitivity_levels (code),
  channel text not null check (channel in ('sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'import', 'referral')),
  collected_by uuid references users (id) on delete set null,
  collected_at timestamptz not null default now(),
  retention_policy text not null references retention_policies (code),
  retention_until date not null,
  given_name text,
  family_name text,
  other_names text[] not null default '{}',
  phone_e164 text check (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  nationality text check (nationality ~ '^[A-Z]{2}$'),
  feared_states text[] not null default '{}',
  preferred_language text,
  last_activity_at timestamptz not null default now(),
  anonymised_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index people_crisis_controller_idx on people (crisis_id, controller_organisation_id);
create index people_retention_idx on people (retention_until) where anonymised_at is null;
comment on table people is 'Identity store of the people Lifeline helps, kept apart from needs and case data (linked by random ids). Every row has a purpose, a legal basis and a retention date. There is deliberately no immigration-status column.';
comment on column people.purpose is 'Processing purpose (processing_purposes.code).';
comment on column people.legal_basis is 'Legal basis (legal_bases.code).';
comment on column people.controller_organisation_id is 'The organisation responsible for this record (the data controller).';
comment on column people.given_name is 'Personal data: given name, optional.';
comment on column people.family_name is 'Personal data: family name, optional.';
comment on column people.other_names is 'Personal data: other names and spellings, optional.';
comment on column people.phone_e164 is 'Personal data: phone number in E.164, optional.';
comment on column people.nationality is 'Personal data: nationality (ISO alpha-2), optional; never required.';
comment on column people.feared_states is 'States (ISO alpha-2) whose authorities the person fears; their consulates can never receive this person''s data.';
comment on column people.anonymised_at is 'Set when retention anonymised the identity fields.';

create table consent_records (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  crisis_id uuid not null references crises (id),
  purposes text[] not null check (cardinality(purposes) >= 1),
  recipient_organisation_ids uuid[] not null default '{}',
  recipient_organisation_types text[] not null default '{}',
  language text not null,
  method text not null check (method in ('verbal', 'sms_keyword', 'web_form', 'signature')),
  notice_version text not null,
  recorded_by uuid references users (id) on delete set null,
  recorded_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid references users (id) on delete set null,
  withdrawal_method text check (withdrawal_method in ('verbal', 'sms_keyword', 'web_form', 'signature', 'staff_on_request'))
);
create index consent_person_idx on consent_records (person_id) where withdrawn_at is null;
comment on table consent_records is 'What a person agreed to: purposes, recipients (named organisations or types), in which language, how, after which notice. Withdrawal takes effect at once for every later sharing check.';

create table sharing_agreements (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  partner_organisation_id uuid not null references organisations (id) on delete cascade,
  reference text not null check (char_length(reference) between 1 and 200),
  purposes text[] not null check (cardinality(purposes) >= 1),
  valid_from date not null,
  valid_until date,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint sharing_agreements_distinct check (organisation_id <> partner_organisation_id)
);
create index sharing_agreements_pair_idx on sharing_agreements (organisation_id, partner_organisation_id);
comment on table sharing_agreements is 'Data-sharing agreements: personal data travels only to a partner with a current agreement covering the purpose.';

create table authority_requests (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  crisis_id uuid references crises (id),
  received_at timestamptz not null,
  authority_kind text not null check (authority_kind in ('police', 'immigration', 'court', 'intelligence', 'military', 'other_government')),
  authority_name text not null check (char_length(authority_name) between 1 and 200),
  legal_instrument text not null default '',
  scope_description text not null check (char_length(scope_description) between 1 and 4000),
  status text not null default 'refused' check (status in ('refused', 'under_review', 'disclosed_under_court_order')),
  recorded_by uuid references users (id) on delete set null,
  decided_by uuid references users (id) on delete set null,
  decided_at timestamptz,
  decision_note text,
  created_at timestamptz not null default now()
);
create index authority_requests_org_idx on authority_requests (organisation_id, received_at desc);
comment on table authority_requests is 'Requests for data from police, immigration, courts or other authorities: refused by default, routed to the data protection officer, counted in the public transparency figure.';
comment on column authority_requests.scope_description is 'What was asked for, described without personal data where possible.';

create table data_subject_requests (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  person_id uuid references people (id) on delete set null,
  kind text not null check (kind in ('access', 'correction', 'erasure', 'objection', 'restriction')),
  received_at timestamptz not null default now(),
  due_at timestamptz not null,
  channel text not null check (channel in ('sms', 'whatsapp', 'telegram', 'email', 'web', 'hotline', 'walk_in', 'letter')),
  status text not null default 'open' check (status in ('open', 'in_progress', 'completed', 'refused')),
  outcome_note text,
  handled_by uuid references users (id) on delete set null,
  closed_at timestamptz,
  created_at timestamptz not null default now()
);
create index dsr_org_status_idx on data_subject_requests (organisation_id, status, due_at);
comment on table data_subject_requests is 'Requests from people about their own data (access, correction, erasure, objection, restriction), with a deadline and an outcome.';
comment on column data_subject_requests.outcome_note is 'What was done, or why it was refused (for example when access would endanger others).';

create table retention_runs (
  id uuid primary key default gen_random_uuid(),
  started_at timestamptz not null,
  finished_at timestamptz not null,
  is_dry_run boolean not null,
  results jsonb not null,
  triggered_by text not null
);
comment on table retention_runs is 'Each run of the retention job: counts per policy and target, no personal data.';
