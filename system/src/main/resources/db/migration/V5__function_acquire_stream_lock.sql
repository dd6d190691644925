-- acquire_stream_lock: serialises writers of one stream until their transaction ends.
-- Rule: whoever assigns versions to a stream holds this lock, so "read current version, then insert" is atomic per
-- stream while writers of other streams run in parallel. Transaction-scoped: released by commit or rollback, never
-- leaked by a pooled connection.
-- The key is a 64-bit hash of (schema, aggregate type, aggregate id); the schema is part of it so that stores in
-- different schemas of one database do not wait on each other. A hash collision only makes two unrelated streams
-- wait for each other; it cannot break correctness.
create function ${flyway:defaultSchema}.acquire_stream_lock(p_aggregate_type text, p_aggregate_id text)
returns void
language sql
as $$
    select pg_advisory_xact_lock(
        hashtextextended(p_aggregate_id, hashtextextended('${flyway:defaultSchema}.' || p_aggregate_type, 0)));
$$;
