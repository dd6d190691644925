-- refuse_conflicting_events: an event id names one event for ever; a second, different event under it is refused.
-- Rule: an id that is already stored, or that repeats within the list, must arrive for the same stream with the same
-- event type, schema version and payload (jsonb equality: key order and spacing do not count; metadata, which
-- says where the record was read from, is not compared). Then it is a redelivery, which the appends skip or
-- accept as a replay. Otherwise it is another event under a reused id: skipping it as a duplicate would drop that
-- event without a word, so it raises unique_violation on events_event_id_key instead, the message naming the id,
-- both streams and what differs, and the detail carrying the same as JSON for EventStore. Nothing is written.
-- Called only on the appends' paths for ids already seen (V13, V14), so the common path of new ids pays nothing.
create function ${flyway:defaultSchema}.refuse_conflicting_events(
    p_aggregate_types text[],
    p_aggregate_ids   text[],
    p_event_ids       uuid[],
    p_event_types     text[],
    p_schema_versions int[],
    p_data            jsonb[])
returns void
language plpgsql
stable
as $$
declare
    c record;
begin
    with input as (
        select u.*
          from unnest(p_aggregate_types, p_aggregate_ids, p_event_ids, p_event_types, p_schema_versions, p_data)
               with ordinality as u(aggregate_type, aggregate_id, event_id, event_type, schema_version, data, ord)
    ), earlier as (
        -- what each id was first: the stored event, else its first occurrence in the list
        select e.event_id, e.aggregate_type, e.aggregate_id, e.event_type, e.schema_version, e.data, 0::bigint as ord
          from ${flyway:defaultSchema}.events e
         where e.event_id = any (p_event_ids)
        union all
        select i.event_id, i.aggregate_type, i.aggregate_id, i.event_type, i.schema_version, i.data, i.ord
          from input i
    )
    select l.event_id,
           f.aggregate_type as first_type, f.aggregate_id as first_id,
           l.aggregate_type as later_type, l.aggregate_id as later_id,
           f.ord = 0 as stored,
           case when (f.aggregate_type, f.aggregate_id) <> (l.aggregate_type, l.aggregate_id) then 'stream differs'
                when (f.event_type, f.schema_version) <> (l.event_type, l.schema_version)
                    then 'event type or schema version differs'
                else 'payload differs' end as difference
      into c
      from input l
      join lateral (select * from earlier x where x.event_id = l.event_id and x.ord < l.ord
                     order by x.ord limit 1) f on true
     where (f.aggregate_type, f.aggregate_id, f.event_type, f.schema_version) <>
           (l.aggregate_type, l.aggregate_id, l.event_type, l.schema_version)
        or f.data <> l.data
     order by l.ord
     limit 1;

    if found then
        raise exception using
            errcode = 'unique_violation',
            constraint = 'events_event_id_key',
            message = format('event id %s is %s for stream %s/%s and arrives again for stream %s/%s (%s):'
                             ' a different event under the same id, not a redelivery',
                             c.event_id, case when c.stored then 'stored' else 'already in this batch' end,
                             c.first_type, c.first_id, c.later_type, c.later_id, c.difference),
            detail = json_build_object('eventId', c.event_id, 'stored', c.stored, 'firstType', c.first_type,
                                       'firstId', c.first_id, 'arrivingType', c.later_type,
                                       'arrivingId', c.later_id, 'difference', c.difference)::text;
    end if;
end;
$$;
