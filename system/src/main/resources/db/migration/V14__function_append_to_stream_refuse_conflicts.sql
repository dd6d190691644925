-- append_to_stream, re-created: V7's function with reused ids checked by refuse_conflicting_events (V12).
-- Rule: the batch gets versions expected+1 .. expected+n, and only if the stream's current version IS expected
-- (0 = the stream must not exist). The stream lock (acquire_stream_lock, keyed by stream_lock_key) makes
-- check-then-insert atomic; a loser waits for the winner's commit, then sees the new version and reports 'conflict'
-- with it.
-- Idempotency: if every event id is already stored in this stream at exactly expected+1 .. expected+n with the same
-- type, schema version and payload, the call is a retry of a batch that already succeeded: 'duplicate', nothing
-- written. A stored id arriving for another stream or with another payload is a different event under a reused id:
-- refused with unique_violation on events_event_id_key (V12), never taken for a retry. Any other overlap with stored
-- ids ('partially_stored', 'stored_elsewhere': the same events at other versions) is the caller's bug and is
-- reported with the offending ids.
create or replace function ${flyway:defaultSchema}.append_to_stream(
    p_aggregate_type   text,
    p_aggregate_id     text,
    p_expected_version bigint,
    p_event_ids        uuid[],
    p_event_types      text[],
    p_schema_versions  int[],
    p_data             jsonb[],
    p_metadata         jsonb[],
    p_occurred_on      timestamptz[])
returns table (outcome text, version_now bigint, offending_ids uuid[])
language plpgsql
as $$
declare
    n          int := coalesce(cardinality(p_event_ids), 0);
    stored     uuid[];
    misplaced  uuid[];
    v_current  bigint;
begin
    if n = 0 or n <> coalesce(cardinality(p_event_types), 0) or n <> coalesce(cardinality(p_schema_versions), 0)
            or n <> coalesce(cardinality(p_data), 0) or n <> coalesce(cardinality(p_metadata), 0)
            or n <> coalesce(cardinality(p_occurred_on), 0) then
        raise exception 'append_to_stream: the event arrays must be non-empty and of equal length'
            using errcode = '22023';
    end if;

    perform ${flyway:defaultSchema}.acquire_stream_lock(p_aggregate_type, p_aggregate_id);

    select array_agg(e.event_id order by u.ord),
           array_agg(e.event_id order by u.ord) filter (
               where e.aggregate_type <> p_aggregate_type or e.aggregate_id <> p_aggregate_id
                  or e.event_version <> p_expected_version + u.ord)
      into stored, misplaced
      from unnest(p_event_ids) with ordinality as u(event_id, ord)
      join ${flyway:defaultSchema}.events e on e.event_id = u.event_id;

    if stored is not null then
        perform ${flyway:defaultSchema}.refuse_conflicting_events(array_fill(p_aggregate_type, array[n]),
                                                                  array_fill(p_aggregate_id, array[n]), p_event_ids,
                                                                  p_event_types, p_schema_versions, p_data);
        if cardinality(stored) = n and misplaced is null then
            return query select 'duplicate'::text, p_expected_version + n, null::uuid[];
        elsif cardinality(stored) = n then
            return query select 'stored_elsewhere'::text, null::bigint, misplaced;
        else
            return query select 'partially_stored'::text, null::bigint, stored;
        end if;
        return;
    end if;

    v_current := ${flyway:defaultSchema}.stream_version(p_aggregate_type, p_aggregate_id);
    if v_current <> p_expected_version then
        return query select 'conflict'::text, v_current, null::uuid[];
        return;
    end if;

    insert into ${flyway:defaultSchema}.events (event_id, aggregate_type, aggregate_id, event_version, event_type,
                                                schema_version, data, metadata, occurred_on)
    select u.event_id, p_aggregate_type, p_aggregate_id, p_expected_version + u.ord, u.event_type,
           u.schema_version, u.data, u.metadata, u.occurred_on
      from unnest(p_event_ids, p_event_types, p_schema_versions, p_data, p_metadata, p_occurred_on)
           with ordinality as u(event_id, event_type, schema_version, data, metadata, occurred_on, ord)
     order by u.ord;

    return query select 'appended'::text, p_expected_version + n, null::uuid[];
end;
$$;
