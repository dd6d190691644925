-- Serves EventStore.readAll, the gap-safe global read:
--   where (transaction_id, global_position) > (cursor) and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
--   order by transaction_id, global_position limit ?
-- Rows are read in (inserting transaction, position) order, and only from transactions older than the oldest one
-- still running; this index makes that a range scan from the cursor.
create index events_transaction_position_idx on ${flyway:defaultSchema}.events (transaction_id, global_position);
