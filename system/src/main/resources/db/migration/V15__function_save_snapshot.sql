-- save_snapshot: stores the folded state of one aggregate at a version, as its latest snapshot.
-- Rule (stated in V2): one snapshot per aggregate, and it only ever moves forward. The upsert replaces a stored
-- snapshot only with a later version ("where snapshots.version < excluded.version"), so a slower writer holding an
-- older state cannot replace a newer snapshot; that writer gets false, not an error. Until this migration the rule
-- lived in SnapshotStore's SQL string; V16 makes every other writer of the table obey it too.
create function ${flyway:defaultSchema}.save_snapshot(
    p_aggregate_type text,
    p_aggregate_id   text,
    p_version        bigint,
    p_data           jsonb)
returns boolean
language sql
as $$
    with saved as (
        insert into ${flyway:defaultSchema}.snapshots as s (aggregate_type, aggregate_id, version, data)
        values (p_aggregate_type, p_aggregate_id, p_version, p_data)
        on conflict (aggregate_type, aggregate_id) do update
           set version = excluded.version, data = excluded.data, taken_at = now()
         where s.version < excluded.version
        returning 1
    )
    select exists (select 1 from saved);
$$;
