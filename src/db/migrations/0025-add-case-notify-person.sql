-- The person's wish to hear back: when they agreed, the answers to their referrals are messaged to them on the
-- channel they wrote from (short texts that name no service and no status).
alter table cases add column notify_person boolean not null default false;
comment on column cases.notify_person is 'The person agreed to receive updates on the channel they used (referral accepted, declined, completed).';
