-- acquire_stream_lock, re-created over stream_lock_key (V10): same rule and same key as V5, one place for the hash.
-- Rule: whoever assigns versions to a stream holds this lock, so "read current version, then insert" is atomic per
-- stream while writers of other streams run in parallel. Transaction-scoped: released by commit or rollback, never
-- leaked by a pooled connection.
create or replace function ${flyway:defaultSchema}.acquire_stream_lock(p_aggregate_type text, p_aggregate_id text)
returns void
language sql
as $$
    select pg_advisory_xact_lock(${flyway:defaultSchema}.stream_lock_key(p_aggregate_type, p_aggregate_id));
$$;
