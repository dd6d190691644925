package io.pipebench.load.driver.kafka;

import io.pipebench.load.driver.RunTag;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunHeadersTest {

    @Test
    void aRecordOfTheRunGivesItsSequenceAndOthersAreIgnored() {
        long run = RunTag.key("steady-1a2b3c");
        RecordHeaders headers = new RecordHeaders();
        RunHeaders.of(run, 123_456_789L).forEach(headers::add);

        assertThat(RunHeaders.sequence(headers, run)).hasValue(123_456_789L);
        assertThat(RunHeaders.sequence(headers, RunTag.key("steady-other"))).isEmpty();
        assertThat(RunHeaders.sequence(new RecordHeaders(), run)).isEmpty();
        assertThat(RunTag.key("steady-1a2b3c")).isEqualTo(run);
    }

    @Test
    void theHarnessHeadersOfAMessageBecomeRecordHeaders() {
        long run = RunTag.key("smoke-1");
        RecordHeaders headers = new RecordHeaders();
        RunHeaders.of(Map.of(RunTag.NAME, RunTag.value(run, 7))).forEach(headers::add);
        assertThat(RunHeaders.sequence(headers, run)).hasValue(7);
        assertThat(RunTag.sequence(new byte[3], run)).isEmpty();
    }
}
