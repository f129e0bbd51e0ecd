-- SOS intake: channels per crisis (credentials encrypted), contacts (hashed for lookup), conversations,
-- messages in and out with idempotency, and delivery status events.

create table channels (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  organisation_id uuid not null references organisations (id),
  kind text not null check (kind in ('twilio', 'africas_talking', 'vonage', 'external', 'whatsapp', 'telegram', 'web', 'hotline')),
  name text not null check (char_length(name) between 1 and 120),
  address text not null default '' check (char_length(address) <= 200),
  is_active boolean not null default true,
  credentials_encrypted text,
  settings jsonb not null default '{}',
  send_per_second numeric not null default 1 check (send_per_second > 0 and send_per_second <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index channels_crisis_idx on channels (crisis_id);
comment on table channels is 'Ways a person can reach Lifeline in a crisis: SMS gateways, WhatsApp, Telegram, the web SOS form, the hotline. Webhooks arrive at /webhooks/<kind>/<id>.';
comment on column channels.address is 'The public number or handle people write to (not personal data).';
comment on column channels.credentials_encrypted is 'Provider secrets (auth token, app secret, bot token) as AES-256-GCM with the server key; never returned by the API.';
comment on column channels.settings is 'Non-secret provider settings, such as the send URL of an external gateway.';
comment on column channels.send_per_second is 'Outbound rate the provider allows on this channel (e.g. SMS long code 1/s, WhatsApp 80/s).';

create table contacts (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  channel_id uuid not null references channels (id),
  address_hash text not null,
  address_encrypted text not null,
  language text,
  opted_out_at timestamptz,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  purpose text not null default 'emergency_assistance' references processing_purposes (code),
  legal_basis text not null default 'vital_interest' references legal_bases (code),
  retention_until date not null,
  constraint contacts_channel_address_key unique (channel_id, address_hash)
);
comment on table contacts is 'A sender on a channel (one per phone number or handle per channel). Personal data: the address is encrypted and looked up by keyed hash.';
comment on column contacts.address_hash is 'HMAC-SHA-256 of the normalised address with the server key: equality lookup without storing the number in clear.';
comment on column contacts.address_encrypted is 'Personal data: the phone number or handle, AES-256-GCM with the server key, needed to reply.';
comment on column contacts.opted_out_at is 'Set by STOP (or its equivalents); then only replies to the contact''s own SOS are sent.';

create table conversations (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  contact_id uuid not null references contacts (id),
  reference text not null unique,
  opened_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  closed_at timestamptz
);
create index conversations_contact_idx on conversations (contact_id, last_message_at desc);
comment on table conversations is 'Consecutive messages of one contact (a new one starts after 24 hours of silence). reference is what the person is told, e.g. SD-7K4QX.';

create table messages (
  id uuid primary key default gen_random_uuid(),
  crisis_id uuid not null references crises (id),
  channel_id uuid not null references channels (id),
  contact_id uuid references contacts (id),
  conversation_id uuid references conversations (id),
  direction text not null check (direction in ('in', 'out')),
  idempotency_key text not null,
  provider_message_id text,
  text text,
  text_purged_at timestamptz,
  media jsonb not null default '[]',
  location jsonb,
  metadata jsonb not null default '{}',
  status text not null check (status in ('received', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'suppressed')),
  attempts integer not null default 0,
  last_error text,
  received_at timestamptz not null default now(),
  sent_at timestamptz,
  triaged_at timestamptz,
  purpose text not null default 'emergency_assistance' references processing_purposes (code),
  legal_basis text not null default 'vital_interest' references legal_bases (code),
  retention_until date not null,
  constraint messages_idempotency_key unique (channel_id, direction, idempotency_key)
);
create index messages_crisis_received_idx on messages (crisis_id, received_at desc);
create index messages_conversation_idx on messages (conversation_id, received_at);
create index messages_provider_idx on messages (channel_id, provider_message_id) where provider_message_id is not null;
comment on table messages is 'SOS messages in and replies out. A retried webhook finds its row by (channel, direction, idempotency_key) and stores nothing new.';
comment on column messages.idempotency_key is 'The provider''s message id, or for channels without one a hash of sender, text and a short time window.';
comment on column messages.text is 'Personal data: the message as written (Unicode NFC, control characters removed); purged after triage plus the retention period.';
comment on column messages.location is 'Personal data: a point and the precision the sender chose ({lat, lon, precisionM}).';
comment on column messages.metadata is 'Channel details without personal data (hotline call duration, form language).';

create table message_status_events (
  id bigint generated always as identity primary key,
  message_id uuid not null references messages (id) on delete cascade,
  status text not null,
  provider_status text,
  error_code text,
  occurred_at timestamptz not null default now()
);
create index message_status_events_message_idx on message_status_events (message_id);
comment on table message_status_events is 'Delivery receipts (status callbacks) from providers for outbound messages.';
