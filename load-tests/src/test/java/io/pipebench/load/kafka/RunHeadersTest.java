package io.pipebench.load.kafka;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunHeadersTest {

    @Test
    void aRecordOfTheRunGivesItsSequenceAndOthersAreIgnored() {
        long run = RunHeaders.key("steady-1a2b3c");
        RecordHeaders headers = new RecordHeaders();
        RunHeaders.of(run, 123_456_789L).forEach(headers::add);

        assertThat(RunHeaders.sequence(headers, run)).hasValue(123_456_789L);
        assertThat(RunHeaders.sequence(headers, RunHeaders.key("steady-other"))).isEmpty();
        assertThat(RunHeaders.sequence(new RecordHeaders(), run)).isEmpty();
        assertThat(RunHeaders.key("steady-1a2b3c")).isEqualTo(run);
    }
}
