package io.pipebench.load.driver.kafka;

import io.pipebench.load.driver.RunTag;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The harness's {@link RunTag} and other headers as Kafka record headers, and back. */
public final class RunHeaders {

    private RunHeaders() {
    }

    /** The record headers of the n-th record of a run. */
    public static List<Header> of(long runKey, long sequence) {
        return List.of(new RecordHeader(RunTag.NAME, RunTag.value(runKey, sequence)));
    }

    /** The harness's headers of a message, as record headers. */
    public static List<Header> of(Map<String, byte[]> headers) {
        if (headers.size() == 1) {
            Map.Entry<String, byte[]> e = headers.entrySet().iterator().next();
            return List.of(new RecordHeader(e.getKey(), e.getValue())); // the usual case: the run tag alone
        }
        List<Header> out = new ArrayList<>(headers.size());
        headers.forEach((k, v) -> out.add(new RecordHeader(k, v)));
        return out;
    }

    /** The record's sequence number if it carries this run's tag; empty otherwise. */
    public static OptionalLong sequence(Headers headers, long runKey) {
        Header h = headers.lastHeader(RunTag.NAME);
        return h == null ? OptionalLong.empty() : RunTag.sequence(h.value(), runKey);
    }
}
