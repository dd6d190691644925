package io.pipebench.load.harness;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every run of a command shares about injecting and printing.
 *
 * @param gatlingResults where Gatling's own HTML reports go
 * @param progressEvery  seconds between progress lines
 * @param maxBlock       how long a send may block one of Gatling's event loops
 */
public record Injector(Path gatlingResults, int progressEvery, Duration maxBlock) {
}
