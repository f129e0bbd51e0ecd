-- The urgency a need brings to a triaged message, as data on the needs code list (decision 0011, addendum). Until
-- now triage/urgency.ts hard-coded which shipped needs make a message high or medium and the reason shown for them,
-- and a deployment's own need could only raise urgency to medium through is_life_safety. The levels and reasons
-- seeded below are exactly those of the code they replace, so triage gives the same urgency as before.

alter table need_codes
  add column urgency text not null default 'low' check (urgency in ('high', 'medium', 'low')),
  add column urgency_reason jsonb check (urgency_reason is null or (jsonb_typeof(urgency_reason) = 'object' and urgency_reason ? 'en'));

comment on column need_codes.urgency is 'The urgency a message that carries this need has at least in triage: high, medium or low (the default). Injuries are always high and a child, a pregnancy or an older person raises any level by one (triage/urgency.ts); the operator may correct the result.';
comment on column need_codes.urgency_reason is 'The reason shown to the responder when this need raises urgency, per console language, {"en": ..., "fr": ..., "ar": ..., "es": ...}; English is required when set. Triage stores the English one in messages.urgency_reasons, like its other reasons. Null: no reason for a shipped need, the English label for a deployment''s own need above low.';
comment on column need_codes.is_life_safety is 'A need where life is at risk: it weighs more in a case''s priority and is trained recall-first. Triage urgency is need_codes.urgency (migration 0045), no longer this flag.';
comment on column need_codes.updated_at is 'When its labels, keywords, life-safety flag or urgency last changed.';

update need_codes set urgency = 'high' where is_shipped and code in ('search_and_rescue', 'security');
update need_codes set urgency = 'medium' where is_shipped and code in ('water', 'food', 'shelter', 'medical', 'detention', 'evacuation', 'missing_person', 'death');
-- A deployment's own life-safety need raised urgency to medium until now: it keeps that level, with no reason of its
-- own (its English label stays the reason shown).
update need_codes set urgency = 'medium' where not is_shipped and is_life_safety;

update need_codes set urgency_reason = '{"en":"trapped people","fr":"des personnes prises au piège","ar":"أشخاص محاصرون","es":"personas atrapadas"}' where is_shipped and code = 'search_and_rescue';
update need_codes set urgency_reason = '{"en":"violence or attacks","fr":"des violences ou des attaques","ar":"عنف أو هجمات","es":"violencia o ataques"}' where is_shipped and code = 'security';
update need_codes set urgency_reason = '{"en":"a death","fr":"un décès","ar":"حالة وفاة","es":"una muerte"}' where is_shipped and code = 'death';
update need_codes set urgency_reason = '{"en":"detention","fr":"une détention","ar":"احتجاز","es":"una detención"}' where is_shipped and code = 'detention';
update need_codes set urgency_reason = '{"en":"a missing person","fr":"une personne disparue","ar":"شخص مفقود","es":"una persona desaparecida"}' where is_shipped and code = 'missing_person';
