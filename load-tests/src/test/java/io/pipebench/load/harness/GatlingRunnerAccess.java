package io.pipebench.load.harness;

/** Lets tests in other packages run Gatling the way the harness does (logging configured again afterwards). */
public final class GatlingRunnerAccess {

    private GatlingRunnerAccess() {
    }

    public static void restoreLogging() {
        GatlingRunner.restoreLogging();
    }
}
