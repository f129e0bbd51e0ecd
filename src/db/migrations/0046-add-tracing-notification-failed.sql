-- Issue 9: a notification whose tracing.notify job gave up (every attempt failed) said "pending" for ever, so the
-- caseworker could not tell it from one still waiting. It now ends as "failed", with the reason, and the caseworker
-- contacts the side another way.

alter table tracing_notifications drop constraint tracing_notifications_message_status_check;
alter table tracing_notifications add constraint tracing_notifications_message_status_check
  check (message_status in ('pending', 'queued', 'no_channel', 'failed'));
comment on column tracing_notifications.message_status is 'The message to this side: pending (the tracing.notify job has not run yet), queued (one outbound message was queued, see message_id), no_channel (no Lifeline channel reaches this side: the caseworker contacts them another way), failed (the job gave up after its last attempt: no message was queued, the caseworker contacts them another way). Null when no message is due (withheld, or notifications made before messages existed).';
