-- Detention tracking on a case: where and since when the person is held, the grounds stated, consular access (only
-- when the person wants contact with that consulate, decided by the sharing gate), legal aid, visits, and the end.

create table detentions (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  facility_name text not null,
  facility_country char(2) not null,
  facility_admin1 text,
  detained_on date not null,
  stated_grounds text,
  consulate_organisation_id uuid references organisations (id),
  consular_access_requested_at timestamptz,
  consular_access_granted_at timestamptz,
  legal_aid_referral_id uuid references referrals (id) on delete set null,
  outcome text check (outcome in ('released', 'removed', 'transferred', 'died_in_custody')),
  outcome_on date,
  outcome_note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((outcome is null) = (outcome_on is null))
);
comment on table detentions is 'A period of detention on a case: facility, dates, the grounds the authorities stated, consular access, legal aid and how it ended.';
comment on column detentions.stated_grounds is 'The grounds the detaining authority gave, in its words (no immigration status is recorded by Lifeline).';
comment on column detentions.consular_access_requested_at is 'When consular access was asked for: only possible when the person consented to contact with that consulate.';
comment on column detentions.legal_aid_referral_id is 'The referral to a legal aid service made for this detention, if any.';
comment on column detentions.outcome is 'How it ended: released, removed (deported), transferred to another facility, or died in custody.';
create index detentions_case_idx on detentions (case_id);

create table detention_visits (
  id uuid primary key default gen_random_uuid(),
  detention_id uuid not null references detentions (id) on delete cascade,
  visited_on date not null,
  visitor_organisation_id uuid references organisations (id) on delete set null,
  note text,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table detention_visits is 'Visits to the person in detention (by the caseworker''s organisation, legal aid, or the consulate).';
comment on column detention_visits.note is 'What the visit found: personal data, read with the case.';
