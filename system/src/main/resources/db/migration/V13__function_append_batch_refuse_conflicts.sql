-- append_batch, re-created: V9's function with its lock key from stream_lock_key (V10) and reused ids checked (V12).
-- History: V8 created append_batch and V9 replaced it (V8's header still describes its own version, but Flyway
-- checksums applied migrations, so it stays as applied); this file replaces V9's. Its rules:
--   * idempotent on event_id: an id already stored (or repeated within the list) for the same stream with the same
--     type, schema version and payload is a redelivery, skipped and never re-versioned; the same id for another
--     stream or with another payload is refused by refuse_conflicting_events (unique_violation on
--     events_event_id_key, nothing written), never skipped;
--   * versions are next-per-stream in list order, without gaps, also when two batches touch the same stream at
--     once: every touched stream's lock is taken first, in one statement and in lock-key order (two batches cannot
--     deadlock on each other), and the insert runs as a later statement, so its snapshot sees whatever the
--     previous lock holder committed. READ COMMITTED only; other isolation levels are refused.
--   * the lock key is stream_lock_key's, the one acquire_stream_lock takes, so append_to_stream and append_batch
--     exclude each other.
-- The common path is V9's: the batch is inserted as if every id were new and the unique index on event_id is the
-- check; only a batch that hits it is rolled back (to the block's savepoint), checked, and written the careful way.
create or replace function ${flyway:defaultSchema}.append_batch(
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
    n        int := coalesce(cardinality(p_event_ids), 0);
    r_types  text[];
    r_ids    text[];
    r_counts int[];
    r_last   bigint[];
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

    -- One statement takes every lock; the sort makes every writer take them in the same order.
    perform pg_advisory_xact_lock(k.key)
       from (select distinct ${flyway:defaultSchema}.stream_lock_key(s.t, s.i) as key
               from unnest(p_aggregate_types, p_aggregate_ids) as s(t, i)
              order by 1) as k;

    begin
        -- The common path: every id is new.
        with input as (
            select u.*
              from unnest(p_aggregate_types, p_aggregate_ids, p_event_ids, p_event_types, p_schema_versions, p_data,
                          p_metadata, p_occurred_on)
                   with ordinality as u(aggregate_type, aggregate_id, event_id, event_type, schema_version, data,
                                        metadata, occurred_on, ord)
        ), current_versions as (
            select s.aggregate_type, s.aggregate_id,
                   coalesce((select max(e.event_version) from ${flyway:defaultSchema}.events e
                              where e.aggregate_type = s.aggregate_type and e.aggregate_id = s.aggregate_id), 0) as v
              from (select distinct i.aggregate_type, i.aggregate_id from input i) s
        ), inserted as (
            insert into ${flyway:defaultSchema}.events (event_id, aggregate_type, aggregate_id, event_version,
                                                        event_type, schema_version, data, metadata, occurred_on)
            select i.event_id, i.aggregate_type, i.aggregate_id,
                   c.v + row_number() over (partition by i.aggregate_type, i.aggregate_id order by i.ord),
                   i.event_type, i.schema_version, i.data, i.metadata, i.occurred_on
              from input i
              join current_versions c on c.aggregate_type = i.aggregate_type and c.aggregate_id = i.aggregate_id
             order by i.ord
            returning events.aggregate_type, events.aggregate_id, events.event_version
        )
        select array_agg(g.t), array_agg(g.i), array_agg(g.c), array_agg(g.v)
          into r_types, r_ids, r_counts, r_last
          from (select r.aggregate_type t, r.aggregate_id i, count(*)::int c, max(r.event_version) v
                  from inserted r group by r.aggregate_type, r.aggregate_id) g;
        return query select * from unnest(r_types, r_ids, r_counts, r_last);
        return;
    exception when unique_violation then
        -- An id is already stored or repeated in the list (the insert above is undone): the careful path below.
        null;
    end;

    perform ${flyway:defaultSchema}.refuse_conflicting_events(p_aggregate_types, p_aggregate_ids, p_event_ids,
                                                              p_event_types, p_schema_versions, p_data);

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
    ), current_versions as (
        select s.aggregate_type, s.aggregate_id,
               coalesce((select max(e.event_version) from ${flyway:defaultSchema}.events e
                          where e.aggregate_type = s.aggregate_type and e.aggregate_id = s.aggregate_id), 0) as v
          from (select distinct f.aggregate_type, f.aggregate_id from fresh f) s
    ), inserted as (
        insert into ${flyway:defaultSchema}.events (event_id, aggregate_type, aggregate_id, event_version,
                                                    event_type, schema_version, data, metadata, occurred_on)
        select f.event_id, f.aggregate_type, f.aggregate_id,
               c.v + row_number() over (partition by f.aggregate_type, f.aggregate_id order by f.ord),
               f.event_type, f.schema_version, f.data, f.metadata, f.occurred_on
          from fresh f
          join current_versions c on c.aggregate_type = f.aggregate_type and c.aggregate_id = f.aggregate_id
         order by f.ord
        returning events.aggregate_type, events.aggregate_id, events.event_version
    )
    select r.aggregate_type, r.aggregate_id, count(*)::int, max(r.event_version)
      from inserted r
     group by r.aggregate_type, r.aggregate_id;
end;
$$;
