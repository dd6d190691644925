-- Serves EventStore.readByType:
--   where event_type = ? and global_position > ? order by global_position limit ?
-- an index range scan that stops after "limit" rows, instead of filtering the whole log by type and sorting it.
create index events_type_position_idx on ${flyway:defaultSchema}.events (event_type, global_position);
