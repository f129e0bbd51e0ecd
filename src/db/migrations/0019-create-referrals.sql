-- Referrals: a case's minimum data sent to a service (or an organisation) that will help. Only the fields the
-- service asks for travel; the sharing gate (consent, agreements, feared states) decides at the moment of sending;
-- the receiving organisation sees only what was shared, and nothing more once the referral is revoked.

alter table directory_services add column referral_fields text[];
comment on column directory_services.referral_fields is 'Lifeline: the fields this service needs in a referral (its minimum set); null means the default set (reference, needs).';

create table referrals (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  crisis_id uuid not null references crises (id),
  from_organisation_id uuid not null references organisations (id),
  to_organisation_id uuid not null references organisations (id),
  service_id uuid references directory_services (id) on delete set null,
  purpose text not null default 'referral' references processing_purposes (code),
  fields text[] not null,
  payload jsonb not null,
  note text,
  status text not null default 'sent' check (status in ('sent', 'acknowledged', 'accepted', 'declined', 'completed', 'revoked')),
  decline_reason text,
  feedback text,
  sent_by uuid references users (id) on delete set null,
  sent_at timestamptz not null default now(),
  acknowledge_by timestamptz not null,
  acknowledged_at timestamptz,
  decided_at timestamptz,
  completed_at timestamptz,
  revoked_at timestamptz,
  version integer not null default 1
);
comment on table referrals is 'A referral of a case to another organisation or service: what travelled (field names and their values at sending), the lifecycle, and the acknowledgement deadline.';
comment on column referrals.payload is 'The values of only the fields listed in fields, as sent: personal data, visible to the receiving organisation until the referral is revoked (then emptied).';
comment on column referrals.acknowledge_by is 'The receiving organisation should acknowledge by then (SLA); later it shows as overdue.';
comment on column referrals.decline_reason is 'Why the receiver declined (capacity, eligibility...), shown to the referrer.';
comment on column referrals.feedback is 'The receiver''s word back to the referrer when the help was given.';
create index referrals_to_idx on referrals (to_organisation_id, status);
create index referrals_case_idx on referrals (case_id);
