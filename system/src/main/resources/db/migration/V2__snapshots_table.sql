-- snapshots: the latest folded state of one aggregate, taken every N events (AggregateLoader, N = 50 by default).
-- Rule: one snapshot per aggregate (the primary key), and a snapshot only ever moves forward: SnapshotStore.save
-- upserts with "where snapshots.version < excluded.version", so a late writer cannot replace a newer snapshot.
-- The primary key's index serves SnapshotStore.load and that upsert; there is no other index.
create table ${flyway:defaultSchema}.snapshots (
    aggregate_type text        not null,
    aggregate_id   text        not null,
    version        bigint      not null check (version >= 1),
    data           jsonb       not null,
    taken_at       timestamptz not null default now(),
    primary key (aggregate_type, aggregate_id)
);
