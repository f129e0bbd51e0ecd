-- Attachments of a case (photos, documents): checked for their real type and size, encrypted at rest with the
-- server key, read only by those who may read the case (each download audited).
create table case_attachments (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  file_name text not null,
  media_type text not null check (media_type in ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null,
  content_encrypted bytea not null,
  uploaded_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
comment on table case_attachments is 'Photos and documents of a case. The type is the one found in the bytes, not the one claimed; the content is AES-256-GCM encrypted with the server key.';
comment on column case_attachments.file_name is 'The name given at upload (may say something about the person: personal data).';
comment on column case_attachments.content_encrypted is 'iv (12 bytes) + tag (16 bytes) + ciphertext.';
create index case_attachments_case_idx on case_attachments (case_id);
