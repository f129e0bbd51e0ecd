-- Issue 9: a confirmed match tells a consenting side through Lifeline. When a side is to_contact and a Lifeline
-- channel of the record's organisation reaches them (the author's, else the person's, phone is a contact of an SMS
-- or WhatsApp channel of the crisis), one short outbound message is queued in their language: it says there is news
-- about their tracing request and that a caseworker will contact them, and names nobody. The notification row
-- records whether that message was queued; without a channel it stays for the caseworker, with a reason saying so.

alter table tracing_notifications add column message_status text check (message_status in ('pending', 'queued', 'no_channel'));
alter table tracing_notifications add column message_id uuid references messages (id) on delete set null;
alter table tracing_notifications add column message_queued_at timestamptz;
alter table tracing_notifications add check (message_status is distinct from 'queued' or message_queued_at is not null);
alter table tracing_notifications add check (status = 'to_contact' or message_status is null);

comment on column tracing_notifications.message_status is 'The message to this side: pending (the tracing.notify job has not run yet), queued (one outbound message was queued, see message_id), no_channel (no Lifeline channel reaches this side: the caseworker contacts them another way). Null when no message is due (withheld, or notifications made before messages existed).';
comment on column tracing_notifications.message_id is 'The outbound message queued for this side (messages, direction out; its text names nobody). Null once the message is purged.';
comment on column tracing_notifications.message_queued_at is 'When the outbound message was queued.';
create unique index tracing_notifications_side_key on tracing_notifications (candidate_id, tracing_record_id);
