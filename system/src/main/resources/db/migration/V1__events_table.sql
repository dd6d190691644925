-- events: the append-only log, one row per event.
-- Rules enforced here:
--   * an event is stored once: event_id is UNIQUE (the idempotency key of every append);
--   * a stream has exactly one event per version: UNIQUE (aggregate_type, aggregate_id, event_version). The append
--     functions take a per-stream lock before assigning versions; this constraint is the backstop if anything
--     writes without it.
-- Its unique index also serves readStream (stream + version range, in version order) and stream_version (max).
-- The primary key's index exists because a primary key needs one; no read of ours scans it.
-- transaction_id records the inserting transaction (xid8) so readAll can stay behind every open writer
-- (see V4 and EventStore.readAll). timestamptz everywhere: an instant, never a wall-clock reading without zone.
create table ${flyway:defaultSchema}.events (
    global_position bigint      generated always as identity primary key,
    event_id        uuid        not null unique,
    aggregate_type  text        not null check (aggregate_type <> ''),
    aggregate_id    text        not null check (aggregate_id <> ''),
    event_version   bigint      not null check (event_version >= 1),
    event_type      text        not null check (event_type <> ''),
    schema_version  int         not null check (schema_version >= 1),
    data            jsonb       not null,
    metadata        jsonb,
    occurred_on     timestamptz not null,
    recorded_at     timestamptz not null default now(),
    transaction_id  xid8        not null default pg_current_xact_id(),
    constraint events_stream_version_key unique (aggregate_type, aggregate_id, event_version)
);
