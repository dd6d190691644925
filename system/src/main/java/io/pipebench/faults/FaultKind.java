package io.pipebench.faults;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The faults a {@link FaultRun} can inject under load, named as issue 14 asks: {@code kill} in the process faults of
 * Kafka and of a consumer, {@code postgres} in the database outages. Each says which cluster it needs and how long it
 * lasts by default (the time between injecting it and clearing it).
 */
public enum FaultKind {
    /** SIGKILL of the broker leading the busiest partition so far; restarted when the fault ends. */
    SIGKILL_LEADER("sigkill-leader", Target.KAFKA_PROCESS, Duration.ofSeconds(10)),
    /** SIGKILL of the audit group's coordinator broker; restarted when the fault ends. */
    SIGKILL_COORDINATOR("sigkill-coordinator", Target.KAFKA_PROCESS, Duration.ofSeconds(10)),
    /** SIGKILL of the active (here: the only) KRaft controller; restarted when the fault ends. */
    SIGKILL_CONTROLLER("sigkill-controller", Target.KAFKA_PROCESS, Duration.ofSeconds(10)),
    /** SIGSTOP of the busiest partition's leader past the broker session timeout, then SIGCONT: a zombie broker. */
    SIGSTOP_BROKER("sigstop-broker", Target.KAFKA_PROCESS, Duration.ofSeconds(15)),
    /** SIGKILL of the process running the audit group's members while one holds a stored, uncommitted batch. */
    KILL_CONSUMER("kill-consumer", Target.CONSUMER_PROCESS, Duration.ofSeconds(5)),
    /** {@code pg_ctlcluster ... stop -m immediate}, 30 s, start. */
    POSTGRES_STOP_30S("postgres-stop-30s", Target.POSTGRES_SERVER, Duration.ofSeconds(30)),
    /** {@code pg_ctlcluster ... stop -m immediate}, 5 minutes, start. */
    POSTGRES_STOP_5M("postgres-stop-5m", Target.POSTGRES_SERVER, Duration.ofMinutes(5)),
    /** pg_terminate_backend of this run's application connections, once a second while the fault lasts. */
    POSTGRES_TERMINATE_BACKENDS("postgres-terminate-backends", Target.POSTGRES_SESSIONS, Duration.ofSeconds(10)),
    /** The run's database switched to default_transaction_read_only (as after a failover to a replica), then back. */
    POSTGRES_READ_ONLY("postgres-read-only", Target.POSTGRES_SESSIONS, Duration.ofSeconds(15)),
    /**
     * Packets between the system and PostgreSQL dropped for 30 s (the run's proxy blackholes), then delivered again:
     * calls in flight wait, new connections time out; nothing is refused. Shorter than the pool's socket timeout.
     */
    NETDROP_POSTGRES_30S("netdrop-postgres-30s", Target.POSTGRES_NETWORK, Duration.ofSeconds(30)),
    /** The same for 3 minutes: longer than the pool's socket timeout, so calls in flight end in a timeout. */
    NETDROP_POSTGRES_3M("netdrop-postgres-3m", Target.POSTGRES_NETWORK, Duration.ofMinutes(3));

    /**
     * What the fault acts on, which decides the cluster a run needs. {@code POSTGRES_NETWORK}: the path between the
     * system and PostgreSQL (the system reaches the store through a proxy the run owns).
     */
    public enum Target { KAFKA_PROCESS, CONSUMER_PROCESS, POSTGRES_SERVER, POSTGRES_SESSIONS, POSTGRES_NETWORK }

    private final String id;
    private final Target target;
    private final Duration defaultDuration;

    FaultKind(String id, Target target, Duration defaultDuration) {
        this.id = id;
        this.target = target;
        this.defaultDuration = defaultDuration;
    }

    public String id() {
        return id;
    }

    public Target target() {
        return target;
    }

    /** Whether the run needs Kafka nodes as processes of their own ({@code --cluster forked}). */
    public boolean needsForkedCluster() {
        return target == Target.KAFKA_PROCESS;
    }

    public Duration defaultDuration() {
        return defaultDuration;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(FaultKind::id).toList();
    }

    /** By its name as the command line takes it; a clear error naming the known ones otherwise. */
    public static FaultKind named(String id) {
        for (FaultKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--fault: unknown fault '" + id + "'; known faults are " + ids());
    }

    @Override
    public String toString() {
        return id;
    }
}
