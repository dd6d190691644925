-- snapshots_forward_only: a trigger function refusing any update that moves a snapshot back to an earlier version.
-- Rule (stated in V2, kept gracefully by save_snapshot, V15): a snapshot only ever moves forward. save_snapshot never
-- reaches this (its upsert skips an older version); this is the backstop for any other writer of the table, which
-- gets an error naming the aggregate and both versions instead of silently replacing a newer state.
create function ${flyway:defaultSchema}.snapshots_forward_only()
returns trigger
language plpgsql
as $$
begin
    if new.version < old.version then
        raise exception 'snapshot of %/% cannot move back from version % to %: snapshots only move forward',
            old.aggregate_type, old.aggregate_id, old.version, new.version
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger snapshots_forward_only
    before update on ${flyway:defaultSchema}.snapshots
    for each row execute function ${flyway:defaultSchema}.snapshots_forward_only();
