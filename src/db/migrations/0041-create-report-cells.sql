-- Pre-aggregated map cells for low and middle zooms. Grouping a million reports takes PostgreSQL about 400 ms on two cores
-- (measured: bench/map.ts, docs/decisions/0010-map-clustering.md), so zooms 0 to 10 read counts per cell instead:
-- level 4 (64 × 64 cells over the world) answers zooms 0 to 4, level 7 (512 × 512) zooms 5 to 7, and level 10
-- (4,096 × 4,096, all-time counts only) zooms 8 to 10 when no time window is asked. A row counts the
-- reports of one organisation in one cell, on one day, with one source, verification status and set of categories,
-- so every filter of the map still applies; each report is also counted once more with day 'infinity' (all time),
-- which the map reads when no time window is asked (a fifth of the rows to sum). Statement-level triggers with
-- transition tables keep it exact.

create table report_cells (
  level smallint not null check (level in (4, 7, 10)),
  crisis_id uuid not null references crises (id) on delete cascade,
  organisation_id uuid not null,
  cx integer not null,
  cy integer not null,
  day date not null,
  source text not null,
  verification text not null,
  categories text[] not null,
  n integer not null,
  sum_lat double precision not null,
  sum_lon double precision not null,
  primary key (level, crisis_id, cx, cy, day, organisation_id, source, verification, categories) include (n, sum_lat, sum_lon)
);
comment on table report_cells is 'Counts of reports per map cell (Web Mercator grid of 2^(level+2) cells a side; levels 4, 7 and 10), day, organisation, source, verification and categories, kept by triggers on reports: what low zooms of the map read. Counts only, no report ids; the sums of coordinates give each cluster''s centre.';
comment on column report_cells.day is 'The UTC day the reports occurred, or infinity for the all-time count of the same reports.';
comment on column report_cells.sum_lat is 'Sum of the latitudes of the reports counted (for a cluster''s mean position, never a single report''s point on its own).';


create function report_cells_apply() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    insert into report_cells as c (level, crisis_id, organisation_id, cx, cy, day, source, verification, categories, n, sum_lat, sum_lon)
    select l.level, r.crisis_id, r.organisation_id, r.cell_x >> (22 - l.level), r.cell_y >> (22 - l.level), case when l.all_time then 'infinity'::date else (r.occurred_at at time zone 'UTC')::date end,
      r.source, r.verification, r.categories, -count(*), -sum(r.latitude), -sum(r.longitude)
    from old_rows r cross join (values (4::smallint, false), (4::smallint, true), (7::smallint, false), (7::smallint, true), (10::smallint, true)) as l(level, all_time)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict (level, crisis_id, cx, cy, day, organisation_id, source, verification, categories)
      do update set n = c.n + excluded.n, sum_lat = c.sum_lat + excluded.sum_lat, sum_lon = c.sum_lon + excluded.sum_lon;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into report_cells as c (level, crisis_id, organisation_id, cx, cy, day, source, verification, categories, n, sum_lat, sum_lon)
    select l.level, r.crisis_id, r.organisation_id, r.cell_x >> (22 - l.level), r.cell_y >> (22 - l.level), case when l.all_time then 'infinity'::date else (r.occurred_at at time zone 'UTC')::date end,
      r.source, r.verification, r.categories, count(*), sum(r.latitude), sum(r.longitude)
    from new_rows r cross join (values (4::smallint, false), (4::smallint, true), (7::smallint, false), (7::smallint, true), (10::smallint, true)) as l(level, all_time)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict (level, crisis_id, cx, cy, day, organisation_id, source, verification, categories)
      do update set n = c.n + excluded.n, sum_lat = c.sum_lat + excluded.sum_lat, sum_lon = c.sum_lon + excluded.sum_lon;
  end if;
  return null;
end $$;
comment on function report_cells_apply() is 'Keeps report_cells equal to the reports table, one statement at a time.';

create trigger reports_cells_insert after insert on reports referencing new table as new_rows for each statement execute function report_cells_apply();
create trigger reports_cells_update after update on reports referencing old table as old_rows new table as new_rows for each statement execute function report_cells_apply();
create trigger reports_cells_delete after delete on reports referencing old table as old_rows for each statement execute function report_cells_apply();
