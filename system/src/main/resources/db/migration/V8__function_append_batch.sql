-- Replaced: V9 re-creates append_batch, and V13 after it; this file stays as stores applied it. These two lines
-- came later, a comment only: store/EditedMigrations accepts the checksum Flyway recorded for the text before them.
-- append_batch: appends events of many streams in list order, the store assigning each stream's next versions.
-- Rules:
--   * idempotent on event_id: ids already stored (or repeated within the list) are skipped, never re-versioned;
--   * versions are next-per-stream in list order, without gaps, also when two batches touch the same stream at
--     once: every touched stream's lock is taken first, in sorted order (two batches cannot deadlock on each
--     other), and the insert runs as a later statement, so its snapshot sees whatever the previous lock holder
--     committed. A lock rather than retry-on-unique-violation because a violation aborts the whole transaction,
--     which may be the caller's (EventStore.appendAll(Connection, ...)) and cannot be retried from in here.
--   * that snapshot argument holds in READ COMMITTED only; other isolation levels are refused with a clear error.
-- Returns, per stream written, how many events it got and its new version.
create function ${flyway:defaultSchema}.append_batch(
    p_aggregate_types text[],
    p_aggregate_ids   text[],
    p_event_ids       uuid[],
    p_event_types     text[],
    p_schema_versions int[],
    p_data            jsonb[],
    p_metadata        jsonb[],
    p_occurred_on     timestamptz[])
returns table (stream_type text, stream_id text, appended int, last_version bigint)
language plpgsql
as $$
declare
    n      int := coalesce(cardinality(p_event_ids), 0);
    stream record;
begin
    if current_setting('transaction_isolation') <> 'read committed' then
        raise exception 'append_batch needs READ COMMITTED isolation, the transaction runs %',
            current_setting('transaction_isolation') using errcode = '25000';
    end if;
    if n <> coalesce(cardinality(p_aggregate_types), 0) or n <> coalesce(cardinality(p_aggregate_ids), 0)
            or n <> coalesce(cardinality(p_event_types), 0) or n <> coalesce(cardinality(p_schema_versions), 0)
            or n <> coalesce(cardinality(p_data), 0) or n <> coalesce(cardinality(p_metadata), 0)
            or n <> coalesce(cardinality(p_occurred_on), 0) then
        raise exception 'append_batch: the event arrays must be of equal length' using errcode = '22023';
    end if;

    for stream in select distinct s.t, s.i from unnest(p_aggregate_types, p_aggregate_ids) as s(t, i) order by 1, 2
    loop
        perform ${flyway:defaultSchema}.acquire_stream_lock(stream.t, stream.i);
    end loop;

    return query
    with input as (
        select u.*
          from unnest(p_aggregate_types, p_aggregate_ids, p_event_ids, p_event_types, p_schema_versions, p_data,
                      p_metadata, p_occurred_on)
               with ordinality as u(aggregate_type, aggregate_id, event_id, event_type, schema_version, data,
                                    metadata, occurred_on, ord)
    ), fresh as (
        -- the first occurrence of each id that is not stored yet
        select distinct on (i.event_id) i.*
          from input i
         where not exists (select 1 from ${flyway:defaultSchema}.events e where e.event_id = i.event_id)
         order by i.event_id, i.ord
    ), numbered as (
        select f.*,
               ${flyway:defaultSchema}.stream_version(f.aggregate_type, f.aggregate_id)
                   + row_number() over (partition by f.aggregate_type, f.aggregate_id order by f.ord) as version
          from fresh f
    ), inserted as (
        insert into ${flyway:defaultSchema}.events (event_id, aggregate_type, aggregate_id, event_version,
                                                    event_type, schema_version, data, metadata, occurred_on)
        select x.event_id, x.aggregate_type, x.aggregate_id, x.version, x.event_type, x.schema_version, x.data,
               x.metadata, x.occurred_on
          from numbered x
         order by x.ord
        returning events.aggregate_type, events.aggregate_id, events.event_version
    )
    select r.aggregate_type, r.aggregate_id, count(*)::int, max(r.event_version)
      from inserted r
     group by r.aggregate_type, r.aggregate_id;
end;
$$;
