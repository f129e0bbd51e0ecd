-- The needs code list as data (issue 6: "a code list owned as data"). Triage, the triage queue, training, cases,
-- activities, area needs, the directory and the map all check need codes against this table. A deployment may add
-- its own needs, rename or translate any of them and retire one; a need is never deleted, so the labels, messages,
-- cases and reports that carry its code keep their meaning.

create table need_codes (
  code text primary key check (code ~ '^[a-z][a-z0-9]*(_[a-z0-9]+)*$' and length(code) <= 40),
  labels jsonb not null check (jsonb_typeof(labels) = 'object' and labels ? 'en'),
  keywords text[] not null default '{}',
  is_life_safety boolean not null default false,
  is_shipped boolean not null default false,
  position integer not null,
  created_at timestamptz not null default now(),
  created_by text,
  updated_at timestamptz not null default now(),
  retired_at timestamptz,
  retired_by text
);
comment on table need_codes is 'The needs code list: what a person asks for (water, medical, ...). Shipped codes are seeded here; a deployment adds, renames, translates and retires its own through /api/needs (platform administrators, audited). Never deleted: stored labels keep their meaning. No personal data.';
comment on column need_codes.code is 'The stable code stored in messages.needs, triage_labels.needs, triage_examples.needs, cases.needs, activities.needs, area_needs.need, directory_services.needs and reports.categories: lowercase snake_case, never changed once created.';
comment on column need_codes.labels is 'The label per console language, {"en": ..., "fr": ..., "ar": ..., "es": ...}; English is required, the others fall back to it.';
comment on column need_codes.keywords is 'Keywords and phrases the deployment adds for this need, matched like the shipped lexicon (Latin script at the start of a word with accents ignored, other scripts anywhere). The shipped lexicon stays in code (triage/lexicon.ts).';
comment on column need_codes.is_life_safety is 'A need where life is at risk: it weighs more in a case''s priority, is trained recall-first, and a deployment''s own life-safety need raises triage urgency.';
comment on column need_codes.is_shipped is 'Seeded by Lifeline (the shipped lexicon knows it), as opposed to added by this deployment.';
comment on column need_codes.position is 'Display order in forms and filters.';
comment on column need_codes.created_at is 'When the code was added.';
comment on column need_codes.created_by is 'Who added it: a user id, or null for the shipped seed.';
comment on column need_codes.updated_at is 'When its labels, keywords or life-safety flag last changed.';
comment on column need_codes.retired_at is 'When it was retired: it is no longer offered, accepted in new decisions or predicted, and stored labels that carry it keep it. Null while in use.';
comment on column need_codes.retired_by is 'The user id of the platform administrator who retired it.';

insert into need_codes (code, labels, is_life_safety, is_shipped, position) values
  ('water', '{"en":"Water","fr":"Eau","ar":"مياه","es":"Agua"}', false, true, 1),
  ('food', '{"en":"Food","fr":"Nourriture","ar":"غذاء","es":"Comida"}', false, true, 2),
  ('shelter', '{"en":"Shelter","fr":"Abri","ar":"مأوى","es":"Refugio"}', false, true, 3),
  ('medical', '{"en":"Medical","fr":"Soins médicaux","ar":"رعاية طبية","es":"Atención médica"}', true, true, 4),
  ('search_and_rescue', '{"en":"Search and rescue","fr":"Recherche et sauvetage","ar":"بحث وإنقاذ","es":"Búsqueda y rescate"}', true, true, 5),
  ('security', '{"en":"Security or violence","fr":"Sécurité ou violence","ar":"أمن أو عنف","es":"Seguridad o violencia"}', true, true, 6),
  ('detention', '{"en":"Detention","fr":"Détention","ar":"احتجاز","es":"Detención"}', false, true, 7),
  ('documents', '{"en":"Lost or confiscated documents","fr":"Documents perdus ou confisqués","ar":"وثائق مفقودة أو محتجزة","es":"Documentos perdidos o retenidos"}', false, true, 8),
  ('evacuation', '{"en":"Evacuation or transport","fr":"Évacuation ou transport","ar":"إجلاء أو نقل","es":"Evacuación o transporte"}', false, true, 9),
  ('missing_person', '{"en":"Missing person","fr":"Personne disparue","ar":"شخص مفقود","es":"Persona desaparecida"}', false, true, 10),
  ('death', '{"en":"Death and remains","fr":"Décès et dépouilles","ar":"وفاة ورفات","es":"Fallecimiento y restos"}', false, true, 11),
  ('money', '{"en":"Money or wages","fr":"Argent ou salaires","ar":"مال أو أجور","es":"Dinero o salarios"}', false, true, 12),
  ('information', '{"en":"Information request","fr":"Demande d''information","ar":"طلب معلومات","es":"Solicitud de información"}', false, true, 13),
  ('other', '{"en":"Other","fr":"Autre","ar":"أخرى","es":"Otro"}', false, true, 14);
