-- Fuzzy name search in the directory without pg_trgm. On PGlite, pg_trgm's functions sometimes trap inside
-- WebAssembly under load (decision 0013), in searches and in index upkeep alike. The same trigrams are now built
-- in plain SQL (as pg_trgm does: words of letters and digits, lower case, padded with two spaces before and one
-- after, each trigram once), stored beside the name, and found through a GIN index on the array (built in).

create function directory_trigrams(value text) returns text[]
  language sql immutable parallel safe
  as $$
    select coalesce(array_agg(distinct substr(padded, i, 3) order by substr(padded, i, 3)), '{}')
    from regexp_split_to_table(directory_fold(value), '[^[:alnum:]]+') as word
    cross join lateral (select '  ' || word || ' ' as padded) p
    cross join lateral generate_series(1, length(padded) - 2) as i
    where word <> ''
  $$;
comment on function directory_trigrams(text) is 'The trigrams of a name, folded (directory_fold) and padded as pg_trgm pads words; sorted, each once.';

create function directory_trigram_similarity(a text[], b text[]) returns real
  language sql immutable parallel safe
  as $$
    select case when cardinality(a) + cardinality(b) = 0 then 0::real
      else (select count(*) from (select unnest(a) intersect select unnest(b)) shared)::real
        / (cardinality(a) + cardinality(b) - (select count(*) from (select unnest(a) intersect select unnest(b)) shared))::real end
  $$;
comment on function directory_trigram_similarity(text[], text[]) is 'Shared trigrams over all trigrams of two names (0 to 1), as pg_trgm''s similarity().';

drop index directory_organizations_name_trgm;
drop index directory_services_name_trgm;

alter table directory_organizations add column name_trigrams text[] generated always as (directory_trigrams(name)) stored;
alter table directory_services add column name_trigrams text[] generated always as (directory_trigrams(name)) stored;
comment on column directory_organizations.name_trigrams is 'Lifeline: trigrams of the name (directory_trigrams), for fuzzy name search; computed by the database.';
comment on column directory_services.name_trigrams is 'Lifeline: trigrams of the name (directory_trigrams), for fuzzy name search; computed by the database.';

create index directory_organizations_name_trigrams on directory_organizations using gin (name_trigrams);
create index directory_services_name_trigrams on directory_services using gin (name_trigrams);
