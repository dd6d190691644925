package io.pipebench.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipebench.gate.model.EnvironmentInfo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run's environment is the one captured when its driver opened, not whatever the checkout holds at the end. */
class RunReportEnvironmentTest {

    @AfterEach
    void forget() {
        RunReport.forgetEnvironment();
    }

    @Test
    void theEnvironmentIsCapturedOnceWhenTheDriverOpens() {
        RunReport.versions(Map.of("kafka", "9.9.9-test"));
        EnvironmentInfo first = RunReport.environment();
        EnvironmentInfo second = RunReport.environment();
        assertThat(first.kafkaVersion()).isEqualTo("9.9.9-test");
        assertThat(second).as("the same capture, so a file changed mid-run cannot turn the run dirty or clean")
                .isSameAs(first);
        RunReport.versions(Map.of("kafka", "9.9.8-test"));
        assertThat(RunReport.environment().kafkaVersion()).as("the next command captures its own")
                .isEqualTo("9.9.8-test");
    }
}
