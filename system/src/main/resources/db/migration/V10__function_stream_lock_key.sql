-- stream_lock_key: the advisory-lock key of one stream, the one definition every writer's lock goes through.
-- Rule: two writers of the same stream compute the same key, so append_to_stream (V7, through acquire_stream_lock)
-- and append_batch exclude each other. Until this migration V5 and V9 each spelled the hash out; the value is
-- unchanged (a writer still running the old functions during an upgrade waits on the same keys).
-- The key is a 64-bit hash of (schema, aggregate type, aggregate id); the schema is part of it so that stores in
-- different schemas of one database do not wait on each other. A hash collision only makes two unrelated streams
-- wait for each other; it cannot break correctness.
create function ${flyway:defaultSchema}.stream_lock_key(p_aggregate_type text, p_aggregate_id text)
returns bigint
language sql
immutable
parallel safe
as $$
    select hashtextextended(p_aggregate_id, hashtextextended('${flyway:defaultSchema}.' || p_aggregate_type, 0));
$$;
