-- events: analyzed when it has grown by its own size, not every minute, and no statistics on the payload columns.
-- Any waiting here is a migration stuck behind a manual or anti-wraparound VACUUM of the table (both ALTERs take
-- SHARE UPDATE EXCLUSIVE): fail with the reason rather than hang the application's start.
set local lock_timeout = '30s';
-- PostgreSQL's default autovacuum_analyze_scale_factor (0.1) suits a table of updates. This one is insert-only and,
-- growing at a sustained 4,000 events/s, crossed it at every autovacuum naptime: an analyze each minute on two shared
-- cores, and the audit consumer's append_batch took 100-330 ms beside the minute's vacuum and analyze (four of the
-- audit group's six seconds over the lag alarm came within 2 s of one; results/capacity/README.md, 2026-12-02). An
-- analyze costs about the same however much was added (a fixed sample of 30,000 rows), so with a scale factor of 1
-- a growing table is analyzed at about 2x, 4x, 8x ... its size: early on a fresh store, O(log n) times as it grows.
-- The planner's row count is then refreshed less often; every query here is an equality or range on an index's
-- leading columns, so no plan turns on it.
-- The insert-driven vacuum keeps its default (20% new rows): it scans only the pages added since the last one, so
-- rarer vacuums would not do less work, and the visibility map it keeps current makes the per-stream max(version)
-- lookups of append_batch index-only scans.
alter table ${flyway:defaultSchema}.events set (autovacuum_analyze_scale_factor = 1.0);
-- No plan uses statistics on the payload (the only comparison of data is V12's, on rows already found by event id):
-- computing them, sorting 30,000 sampled JSON documents, was most of an analyze: 336-467 ms for a 1-million-row
-- table, 149-168 ms without them (two manual ANALYZEs each, psql, on this project's 2-core machine, 2026-12-02).
alter table ${flyway:defaultSchema}.events
    alter column data set statistics 0,
    alter column metadata set statistics 0;
