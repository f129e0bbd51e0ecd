-- Cross-border transfer of a case between two Lifeline deployments (for example from a transit country to the
-- country of origin, for return and reintegration). Messages are signed with the sending deployment's Ed25519 key
-- and checked against the key registered for that partner; both sides keep a record of exactly what moved.

create table deployment_keys (
  id smallint primary key default 1 check (id = 1),
  public_key text not null,
  private_key_encrypted text not null,
  created_at timestamptz not null default now()
);
comment on table deployment_keys is 'This deployment''s Ed25519 signing key for transfers (the private key sealed with the server key). Partners register the public key.';

create table partner_deployments (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  base_url text not null,
  public_key text not null unique,
  organisation_id uuid not null references organisations (id),
  country char(2),
  is_active boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table partner_deployments is 'Another Lifeline deployment this one exchanges case transfers with: its address and public key, and the organisation here that sends to it or receives from it (the recipient the sharing gate checks).';
comment on column partner_deployments.public_key is 'The partner''s Ed25519 public key (SPKI, base64): transfers signed with another key are refused.';

create table case_transfers (
  id uuid primary key,
  direction text not null check (direction in ('outgoing', 'incoming')),
  partner_id uuid not null references partner_deployments (id),
  case_id uuid references cases (id) on delete set null,
  purpose text not null references processing_purposes (code),
  legal_basis text not null,
  agreement_reference text,
  fields text[] not null,
  payload jsonb not null,
  status text not null check (status in ('pending', 'delivered', 'received', 'accepted', 'declined')),
  partner_receipt text,
  last_error text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  decided_at timestamptz
);
comment on table case_transfers is 'What moved between deployments, on both sides: direction, partner, purpose, legal basis, the data-sharing agreement, the field names and their values, delivery and the partner''s signed receipt.';
comment on column case_transfers.payload is 'The fields sent or received, with their values: personal data, under the purpose and agreement recorded beside it.';
comment on column case_transfers.partner_receipt is 'The receiving deployment''s signature over the transfer id: proof on the sending side that it arrived.';
