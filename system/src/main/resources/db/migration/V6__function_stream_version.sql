-- stream_version: the current version of a stream, 0 when it has no events.
-- Rule: versions start at 1 and have no gaps, so the current version is the highest one stored; read backwards
-- from the top of events_stream_version_key (one index probe).
create function ${flyway:defaultSchema}.stream_version(p_aggregate_type text, p_aggregate_id text)
returns bigint
language sql
stable
as $$
    select coalesce(max(e.event_version), 0)
      from ${flyway:defaultSchema}.events e
     where e.aggregate_type = p_aggregate_type
       and e.aggregate_id = p_aggregate_id;
$$;
