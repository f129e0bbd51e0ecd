-- Cross-organisation matching within a crisis: families search across organisations. A pair of records held by two
-- organisations of the same crisis is stored only when both sides' contact persons allow it under the sharing rules
-- (a current family_tracing consent naming the other organisation or its type, and a current sharing agreement from
-- the controlling organisation to the other for family_tracing). Volunteers of both organisations see the pair; each
-- sees the other organisation's record only as the matcher's per-field outcomes and scores, never its names.

alter table tracing_candidates add column other_organisation_id uuid references organisations (id);
alter table tracing_candidates add check (other_organisation_id is distinct from organisation_id);
comment on column tracing_candidates.organisation_id is 'The organisation holding the record whose matching found the pair (for a pair within one organisation, the holder of both records).';
comment on column tracing_candidates.other_organisation_id is 'Set for a pair across organisations: the organisation holding the other record. Its tracing volunteers see the pair too, each organisation seeing the other''s record only as field outcomes and scores (no names, no explanation details). Null for a pair within one organisation.';
create index tracing_candidates_other_queue_idx on tracing_candidates (crisis_id, other_organisation_id, status, probability desc) where other_organisation_id is not null;
