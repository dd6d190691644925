package io.pipebench.load.driver.reference;

import io.pipebench.events.DomainEvent;
import io.pipebench.events.EventEnvelope;
import io.pipebench.events.EventHeaders;
import io.pipebench.events.EventTypeRegistry;
import io.pipebench.events.JsonEventCodec;
import io.pipebench.load.driver.RunTag;
import io.pipebench.load.driver.kafka.RunHeaders;
import io.pipebench.workload.Workload;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A workload's real events, encoded as the system encodes them: payloads of the size and content a run sends. */
public final class EncodedEvents {

    private EncodedEvents() {
    }

    /**
     * {@code count} encoded events of the workload. With {@code withHeaders}, each payload also carries the text of
     * the headers the reference publisher puts on that event (the event's own and the run's), so a record of it has
     * the bytes and compressibility of a whole record of the reference system's.
     */
    public static List<byte[]> of(Workload w, int count, boolean withHeaders) {
        EventTypeRegistry registry = EventTypeRegistry.standard();
        JsonEventCodec codec = new JsonEventCodec(registry);
        WorkloadEvents events = new WorkloadEvents(w, registry);
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DomainEvent event = events.next();
            byte[] payload = codec.encode(event);
            if (withHeaders) {
                RecordHeaders headers = new RecordHeaders();
                EventHeaders.write(EventEnvelope.of(event, registry), codec.contentType(), headers);
                RunHeaders.of(RunTag.key("ratio"), i).forEach(headers::add);
                StringBuilder text = new StringBuilder(new String(payload, StandardCharsets.UTF_8));
                for (Header h : headers) {
                    text.append(' ').append(h.key()).append(' ').append(h.key().equals(RunTag.NAME)
                            ? "0123456789abcdef" : new String(h.value(), StandardCharsets.UTF_8));
                }
                payload = text.toString().getBytes(StandardCharsets.UTF_8);
            }
            out.add(payload);
        }
        return out;
    }
}
