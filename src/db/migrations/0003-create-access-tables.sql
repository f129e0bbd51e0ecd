-- Organisations, people who sign in, their memberships (role per organisation and crisis),
-- sessions, API tokens, invitations, password resets and break-glass grants.

create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 2 and 200),
  type text not null check (type in (
    'ngo', 'community_association', 'migrant_association', 'un_agency', 'red_cross_red_crescent',
    'consulate', 'local_authority', 'employer_recruiter', 'volunteer_group')),
  country text check (country ~ '^[A-Z]{2}$'),
  represents_country text check (represents_country ~ '^[A-Z]{2}$'),
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organisations_consulate_represents check ((type = 'consulate') = (represents_country is not null))
);
create unique index organisations_name_key on organisations (lower(name));
comment on table organisations is 'Organisations whose staff use Lifeline or receive referrals. There is deliberately no type for police or immigration enforcement.';
comment on column organisations.type is 'Closed list: ngo, community_association, migrant_association, un_agency, red_cross_red_crescent, consulate, local_authority (non-enforcement), employer_recruiter, volunteer_group.';
comment on column organisations.country is 'ISO 3166-1 alpha-2 country where the organisation works (optional).';
comment on column organisations.represents_country is 'For a consulate or embassy: the state it represents (ISO alpha-2). Used to block disclosure to the consulate of a state a person fears.';

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (char_length(email) between 3 and 254),
  display_name text not null check (char_length(display_name) between 1 and 120),
  password_hash text,
  totp_secret_encrypted text,
  totp_enabled_at timestamptz,
  is_platform_admin boolean not null default false,
  is_active boolean not null default true,
  is_demo boolean not null default false,
  preferred_language text not null default 'en',
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  last_sign_in_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));
comment on table users is 'Responders who sign in (staff and volunteers). Not the people Lifeline helps.';
comment on column users.email is 'Personal data (staff): sign-in name, unique without regard to case.';
comment on column users.display_name is 'Personal data (staff): name shown to colleagues and in the audit log.';
comment on column users.password_hash is 'argon2id hash; null until the user accepts an invitation or a reset.';
comment on column users.totp_secret_encrypted is 'TOTP secret, AES-256-GCM encrypted with the server key; null until two-factor is set up.';
comment on column users.is_platform_admin is 'May create organisations and crises and manage memberships; gives no access to personal records by itself.';
comment on column users.is_demo is 'Created by the demo seed; the demo prints its password and two-factor codes.';

create table memberships (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  crisis_id uuid references crises (id) on delete cascade,
  role text not null check (role in (
    'administrator', 'coordinator', 'caseworker', 'hotline_operator', 'tracing_volunteer', 'translator',
    'consular_officer', 'analyst', 'data_protection_officer')),
  languages text[] not null default '{}',
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint memberships_unique unique nulls not distinct (user_id, organisation_id, crisis_id, role)
);
create index memberships_user_idx on memberships (user_id);
create index memberships_org_crisis_idx on memberships (organisation_id, crisis_id);
comment on table memberships is 'A user''s role in an organisation for one crisis (crisis_id set) or for all crises (crisis_id null).';
comment on column memberships.languages is 'Languages (ISO 639) the member reads, for translation routing.';

create table sessions (
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  is_two_factor_verified boolean not null default false,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id);
comment on table sessions is 'Signed-in browser sessions. id is the SHA-256 of the cookie value; the cookie itself is never stored.';
comment on column sessions.csrf_token is 'Token the browser must echo in X-CSRF-Token on every cookie-authenticated write.';

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  name text not null check (char_length(name) between 1 and 120),
  organisation_id uuid not null references organisations (id) on delete cascade,
  crisis_id uuid references crises (id) on delete cascade,
  role text not null,
  scopes text[] not null check (cardinality(scopes) >= 1),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
comment on table api_tokens is 'Tokens for integrations (gateways, partner systems): bound to one organisation and optionally one crisis, limited to scopes, revocable. Only a hash is stored.';

create table invitations (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  email text not null,
  organisation_id uuid not null references organisations (id) on delete cascade,
  crisis_id uuid references crises (id) on delete cascade,
  role text not null,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_user_id uuid references users (id) on delete set null,
  revoked_at timestamptz
);
comment on table invitations is 'One-time invitations to join an organisation with a role; only the token hash is stored.';
comment on column invitations.email is 'Personal data (staff): the address the invitation was sent to.';

create table password_resets (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
comment on table password_resets is 'One-time password reset links issued by an administrator; only the token hash is stored.';

create table break_glass_grants (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  crisis_id uuid not null references crises (id) on delete cascade,
  reason text not null check (char_length(reason) between 20 and 2000),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  reviewed_by uuid references users (id) on delete set null,
  reviewed_at timestamptz,
  review_note text
);
create index break_glass_unreviewed_idx on break_glass_grants (organisation_id) where reviewed_at is null;
comment on table break_glass_grants is 'Emergency access beyond a user''s role, with a written reason; time-limited, audited and flagged to the data protection officer until reviewed.';
comment on column break_glass_grants.reason is 'Why emergency access was needed, in the user''s words; must not contain personal data of the person concerned.';
