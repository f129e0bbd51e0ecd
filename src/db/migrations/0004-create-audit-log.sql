-- The audit and disclosure log: append-only (enforced by triggers) and hash-chained (tampering with
-- the triggers disabled is still detected by `lifeline audit verify`).

create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null,
  actor_user_id uuid,
  actor_token_id uuid,
  actor_label text not null,
  action text not null,
  organisation_id uuid,
  crisis_id uuid,
  subject_type text,
  subject_id text,
  person_id uuid,
  fields text[] not null default '{}',
  recipient text,
  purpose text,
  request_id text,
  metadata jsonb not null default '{}',
  prev_hash text not null,
  hash text not null unique
);
create index audit_log_person_idx on audit_log (person_id, id) where person_id is not null;
create index audit_log_org_time_idx on audit_log (organisation_id, crisis_id, occurred_at desc);
create index audit_log_action_idx on audit_log (action, occurred_at desc);

comment on table audit_log is 'Append-only, hash-chained record of every view, export, print and share of personal data, every sign-in, permission change and break-glass. Written in the same transaction as the action.';
comment on column audit_log.actor_label is 'Who acted, as shown to the data protection officer: a staff display name, an API token name, or system:<job>.';
comment on column audit_log.person_id is 'The data subject the entry is about (people.id), so a person can be given their own disclosure history.';
comment on column audit_log.fields is 'Names of the personal fields viewed, exported or shared; never their values.';
comment on column audit_log.recipient is 'For a share or disclosure: the receiving organisation id or a description.';
comment on column audit_log.metadata is 'Details without personal data (counts, reasons, roles).';
comment on column audit_log.prev_hash is 'hash of the previous entry (genesis value for the first).';
comment on column audit_log.hash is 'SHA-256 over the canonical form of this entry and prev_hash.';

create table audit_chain_head (
  id integer primary key check (id = 1),
  last_id bigint,
  last_hash text not null
);
insert into audit_chain_head (id, last_id, last_hash) values (1, null, 'genesis');
comment on table audit_chain_head is 'The newest audit entry; locked FOR UPDATE by each append so that concurrent transactions cannot fork the chain.';

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
