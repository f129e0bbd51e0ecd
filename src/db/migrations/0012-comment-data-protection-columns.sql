-- COMMENT ON the columns of the data-protection tables (0005) that hold or point to personal data, or that
-- carry the purpose, basis and retention every personal record needs. Comments only; 0005 is applied and
-- is not edited.

comment on column people.crisis_id is 'The crisis the person was helped in (distribution key).';
comment on column people.sensitivity is 'Information Sharing Protocol level (sensitivity_levels.code): the purpose''s level or higher, never lower.';
comment on column people.channel is 'How the data came: sms, whatsapp, telegram, email, web, hotline, walk_in, import or referral.';
comment on column people.collected_by is 'The responder who collected the record (users.id); null for imports or when that user was deleted.';
comment on column people.collected_at is 'When the record was collected.';
comment on column people.retention_policy is 'The retention policy of the purpose (retention_policies.code): what happens when retention_until passes.';
comment on column people.retention_until is 'The day after which the retention job anonymises or purges the record, per retention_policy.';
comment on column people.preferred_language is 'Personal data: the language the person wants to be answered in (BCP 47 tag), optional; can hint at origin.';
comment on column people.last_activity_at is 'Last time a module acted on the record; moves retention_until for policies counted from the last activity.';

comment on column consent_records.person_id is 'The person who consented (people.id): the consent record is personal data about them.';
comment on column consent_records.purposes is 'Purposes the consent covers (processing_purposes.code).';
comment on column consent_records.recipient_organisation_ids is 'Recipients named one by one (organisations.id). A consulate must be named here for consular contact.';
comment on column consent_records.recipient_organisation_types is 'Recipients by organisation type (e.g. ngo). Never enough for a consulate.';
comment on column consent_records.language is 'Personal data: the language the consent was asked and given in (BCP 47 tag).';
comment on column consent_records.method is 'How consent was given: verbal, sms_keyword, web_form or signature.';
comment on column consent_records.notice_version is 'The version of the information notice the person was given before consenting.';
comment on column consent_records.recorded_by is 'The responder who recorded the consent (users.id).';
comment on column consent_records.withdrawn_at is 'When the person withdrew the consent; from then on it covers no sharing.';
comment on column consent_records.withdrawn_by is 'The responder who recorded the withdrawal (users.id).';
comment on column consent_records.withdrawal_method is 'How the withdrawal came: verbal, sms_keyword, web_form, signature or staff_on_request.';

comment on column sharing_agreements.purposes is 'Purposes the agreement covers (processing_purposes.code).';

comment on column authority_requests.authority_kind is 'police, immigration, court, intelligence, military or other_government: counted in the public transparency figure.';
comment on column authority_requests.authority_name is 'The requesting body as it named itself; never published.';
comment on column authority_requests.legal_instrument is 'The law, warrant or court order invoked; disclosure needs a court order.';
comment on column authority_requests.status is 'refused (the default on receipt), under_review, or disclosed_under_court_order (by a data protection officer only; final).';
comment on column authority_requests.decision_note is 'The data protection officer''s written justification; may mention the people concerned, so never published.';

comment on column data_subject_requests.person_id is 'The person who asked (people.id), when known; set null if the record is purged.';
comment on column data_subject_requests.kind is 'access, correction, erasure, objection or restriction.';
comment on column data_subject_requests.due_at is 'The answer deadline: received_at plus the response period (30 days by default).';

comment on column retention_runs.results is 'Counts per target and policy code (for example {"people":{"person_emergency_365d":3}}); never personal data.';
