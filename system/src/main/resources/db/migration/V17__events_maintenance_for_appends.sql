-- events: autovacuum and analyze when the table has grown by its own size, not every minute, and no statistics on
-- the payload columns.
-- PostgreSQL's defaults (autovacuum_vacuum_insert_scale_factor 0.2, autovacuum_analyze_scale_factor 0.1) suit a
-- table of updates. This one is insert-only and, at a sustained 4,000 events/s, crossed both thresholds at every
-- autovacuum naptime: a vacuum and an analyze of the whole growing table each minute on two shared cores, and the
-- audit consumer's append_batch took 100-330 ms beside them (its lag alarm breached in three of those five minutes;
-- results/capacity/README.md, 2026-12-02). With a scale factor of 1 a growing table is vacuumed and analyzed at
-- about 2x, 4x, 8x ... its size: still early on a fresh store, O(log n) times as it grows; the insert vacuums
-- together still visit every page once (each scans the pages added since the last).
-- What it costs: the visibility map and freezing run behind by up to the table's size (our reads are index scans
-- and need no index-only scans; anti-wraparound vacuum still runs at its own age), and the planner's row count is
-- refreshed less often (every query here is an equality or range on an index's leading columns, so no plan depends
-- on it). Dead rows are rare (a redelivered batch rolled back to its savepoint): the update thresholds stay.
alter table ${flyway:defaultSchema}.events set (
    autovacuum_vacuum_insert_scale_factor = 1.0,
    autovacuum_analyze_scale_factor = 1.0
);
-- No query filters, joins or sorts on the payload: statistics on data and metadata would never be read, and
-- computing them (sorting 30,000 sampled JSON documents) was most of an analyze: 336-467 ms for a 1-million-row
-- table, 149-168 ms without them (two runs each, on this project's 2-core machine).
alter table ${flyway:defaultSchema}.events
    alter column data set statistics 0,
    alter column metadata set statistics 0;
