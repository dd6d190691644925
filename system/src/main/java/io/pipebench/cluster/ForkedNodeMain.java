package io.pipebench.cluster;

/**
 * Main class of a Kafka node forked by {@link ForkedKafkaCluster}: runs Kafka's own {@code kafka.Kafka} on a
 * server.properties, and halts the node when the JVM that forked it is gone. Hand-written because Java cannot tie a
 * child's life to its parent's (no {@code PR_SET_PDEATHSIG}): without it a parent killed with -9 leaves orphan
 * brokers holding ports and disk. Usage: {@code ForkedNodeMain PARENT_PID SERVER_PROPERTIES}.
 */
public final class ForkedNodeMain {

    private static final long WATCH_INTERVAL_MILLIS = 500;

    private ForkedNodeMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2 || !args[0].chars().allMatch(Character::isDigit)) {
            System.err.println("Usage: ForkedNodeMain PARENT_PID SERVER_PROPERTIES");
            System.exit(2);
        }
        long parentPid = Long.parseLong(args[0]);
        Thread watch = new Thread(() -> watchParent(parentPid), "parent-watch");
        watch.setDaemon(true);
        watch.start();
        kafka.Kafka.main(new String[] {args[1]});
    }

    /** An orphan is re-parented (to init or a subreaper), so a changed parent pid means the forking JVM died. */
    private static void watchParent(long parentPid) {
        while (true) {
            boolean parentAlive = ProcessHandle.current().parent().map(p -> p.pid() == parentPid).orElse(false);
            if (!parentAlive) {
                System.err.println("The JVM that forked this Kafka node (pid " + parentPid + ") is gone; halting.");
                Runtime.getRuntime().halt(3);
            }
            try {
                Thread.sleep(WATCH_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
